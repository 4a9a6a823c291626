/*
 * Log on trace(): the serial console / xsbug on the board (debug builds), xsbug on the
 * simulator. One line per message, with a level tag the headless runner can match. The
 * core never passes secrets to the log, and nothing here adds any.
 */
import type { Log } from "activation/interfaces";

export type LineSink = (line: string) => void;

const traceSink: LineSink = (line) => trace(line);

export class TraceLog implements Log {
	readonly #sink: LineSink;
	readonly #tag: string;

	constructor(tag = "activation", sink: LineSink = traceSink) {
		this.#tag = tag;
		this.#sink = sink;
	}

	info(message: string): void {
		this.#write("info", message);
	}

	warn(message: string): void {
		this.#write("warn", message);
	}

	error(message: string): void {
		this.#write("error", message);
	}

	#write(level: string, message: string): void {
		// One record per line, whatever the message holds.
		this.#sink(`[${this.#tag}] ${level}: ${message.replace(/[\r\n]+/g, " ")}\n`);
	}
}
