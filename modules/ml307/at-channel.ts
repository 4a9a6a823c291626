/*
 * One AT command at a time over a serial port: framing, final result codes, timeouts,
 * unsolicited result codes (URCs) interleaved with responses, and the `>` data prompt.
 *
 * A `+NAME:` line is part of the pending command's answer only when the command asked
 * for that name (`infoNames`); every other `+` line is a URC and goes to its listeners.
 * A final `OK`/`ERROR` that arrives with no command waiting is a late answer to a command
 * that already timed out: it is counted and dropped, never given to the next command
 * (the stale-OK trap of esp-ml307).
 *
 * Bytes the port lost on the way in (its receive buffer was full) are never parsed around: the
 * line they cut is dropped, and the command on the wire fails with "modem link lost N bytes"
 * once its final result (or its timeout) comes, so the modem and the channel stay in step. A
 * port that cannot count its losses (the SDK's serial) shows them as a line that stops part-way:
 * a modem never pauses inside a line, so one left without its CR LF for LINE_STALL_MS is a loss.
 */

import { AtFramer } from "ml307/at-framer";
import { infoLineName } from "ml307/at-parse";
import { utf8Encode } from "ml307/bytes";
import type { SerialPort } from "ml307/io";
import type { Timers, TimerHandle } from "activation/interfaces";

/** Called through `.call`: a method read on a string primitive costs XS a String wrapper. */
const charCodeAt = String.prototype.charCodeAt;

export const DEFAULT_COMMAND_TIMEOUT_MS = 1000;
/** A received line that has had no byte for this long, without its CR LF, was cut by lost bytes. */
export const LINE_STALL_MS = 1000;
/**
 * Sized by the longest line the modem sends: a "content" URC of a full 1460-byte TCP segment
 * in hex, every number at ten digits, quoted (2 980 bytes with its CR LF), with a kilobyte to
 * spare. The buffer lives as long as the channel, so it is not doubled "to be safe": a longer
 * line is dropped up to its CR LF and reported as a loss.
 */
export const DEFAULT_RECEIVE_BUFFER_BYTES = 4096;

/** "link": the serial link failed the command (received bytes lost, output not accepted). */
export type AtFailureKind = "error" | "cme-error" | "cms-error" | "timeout" | "closed" | "link";

export type AtResult =
	| { readonly ok: true; readonly info: readonly string[]; readonly text: readonly string[] }
	| {
			readonly ok: false;
			readonly failure: AtFailureKind;
			/** The `+CME ERROR` / `+CMS ERROR` code when numeric. */
			readonly code?: number;
			readonly detail: string;
			readonly info: readonly string[];
			readonly text: readonly string[];
	  };

export interface AtCommandOptions {
	/** Per phase: to the prompt, then (after the data) to the final result. */
	readonly timeoutMs?: number;
	/** Names of the `+` lines that answer this command, e.g. ["CSQ"]. */
	readonly infoNames?: readonly string[];
	/** Raw bytes sent after the `>` prompt (data mode). */
	readonly data?: Uint8Array;
}

export type UrcListener = (line: string) => void;
/** Told why received data is gone: a line too long for the buffer, or bytes the port lost. */
export type LossListener = (detail: string) => void;

export interface AtChannelOptions {
	readonly receiveBufferBytes?: number;
	readonly defaultTimeoutMs?: number;
	/** Called with each line sent and received, for a debug trace; never with data-mode bytes. */
	readonly trace?: (direction: "tx" | "rx", line: string) => void;
}

const NO_LINES: readonly string[] = Object.freeze([]);
const NO_OPTIONS: AtCommandOptions = Object.freeze({});

/**
 * One command from send() to its result. Fields and the channel's methods, no closures: a
 * command allocates this record, its promise and the bytes it sends (a poll sends a dozen).
 */
class Command {
	readonly text: string;
	readonly infoNames: readonly string[];
	readonly data: Uint8Array | undefined;
	readonly timeoutMs: number;
	/** Made on the first line that belongs to the answer. */
	info: string[] | undefined;
	lines: string[] | undefined;
	phase: "prompt" | "final";
	/** Received bytes the port lost while this command was on the wire. */
	lostBytes = 0;
	/** A line stopped part-way while this command was on the wire (a loss nobody counted). */
	lineCut = false;
	/** Bytes waiting in the port for UART space when the wait was armed. */
	waitingAtArm = 0;
	/** Its `>` never came: the data went anyway, and the command fails whatever the modem answers. */
	promptMissed = false;
	timer: TimerHandle | undefined;
	resolve: ((result: AtResult) => void) | undefined;
	/** The command queued after this one. */
	next: Command | undefined;

	constructor(text: string, options: AtCommandOptions, timeoutMs: number) {
		this.text = text;
		this.infoNames = options.infoNames ?? NO_LINES;
		this.data = options.data;
		this.timeoutMs = timeoutMs;
		this.phase = options.data ? "prompt" : "final";
	}
}
Object.freeze(Command.prototype);

export interface AtChannelStats {
	bytesSent: number;
	bytesReceived: number;
	commands: number;
	timeouts: number;
	staleFinals: number;
	overflows: number;
	/** Received bytes the serial port lost (its buffer was full). */
	lostBytes: number;
}

export class AtChannel {
	readonly #port: SerialPort;
	readonly #timers: Timers;
	readonly #framer: AtFramer;
	readonly #defaultTimeoutMs: number;
	readonly #trace: AtChannelOptions["trace"];
	/** The command on the wire, and the ones waiting behind it (a linked queue). */
	#active: Command | undefined;
	#queueHead: Command | undefined;
	#queueTail: Command | undefined;
	/** A command is about to start (a microtask away): send() never writes from inside its caller. */
	#starting = false;
	/** Made once: the resolved promise a start waits behind, and the callbacks given to timers and promises. */
	readonly #settled = Promise.resolve();
	readonly #startNext = (): void => this.#start();
	readonly #timeout = (): void => this.#onTimeout();
	/** The command's bytes have all reached the UART: its wait starts again from there. */
	readonly #rearm = (): void => {
		if (this.#active) this.#arm(this.#active);
	};
	readonly #lineStalled = (): void => this.#onLineStall();
	/** Watches a partial line for its end; `#watchedBytes` is what had arrived when it was set. */
	#lineWatch: TimerHandle | undefined;
	#watchedBytes = 0;
	/**
	 * The info names of the last command that timed out. If its late answer shows up while
	 * the next command waits, the final result after it belongs to the late one.
	 */
	#orphanNames: readonly string[] = NO_LINES;
	#orphanAnswering = false;
	#closed = false;
	readonly #urcListeners = new Map<string, Set<UrcListener>>();
	readonly #lossListeners = new Set<LossListener>();
	readonly stats: AtChannelStats = { bytesSent: 0, bytesReceived: 0, commands: 0, timeouts: 0, staleFinals: 0, overflows: 0, lostBytes: 0 };

	constructor(port: SerialPort, timers: Timers, options: AtChannelOptions = {}) {
		this.#port = port;
		this.#timers = timers;
		this.#defaultTimeoutMs = options.defaultTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
		this.#trace = options.trace;
		this.#framer = new AtFramer(
			options.receiveBufferBytes ?? DEFAULT_RECEIVE_BUFFER_BYTES,
			{
				line: (text) => this.#onLine(text),
				prompt: () => this.#onPrompt(),
				overflow: () => this.#onOverflow(),
			},
			() => this.#active?.phase === "prompt",
		);
		port.setReceiver(
			(bytes) => {
				this.stats.bytesReceived += bytes.length;
				this.#framer.push(bytes);
				if (this.#lineWatch === undefined && this.#framer.awaitingLineEnd) this.#watchLine();
			},
			(count) => this.#onLinkLoss(count),
		);
	}

	get port(): SerialPort {
		return this.#port;
	}

	/** Listen to URCs named `name` ("CEREG", "MHTTPURC", "MATREADY"); returns the unsubscribe function. */
	onUrc(name: string, listener: UrcListener): () => void {
		let listeners = this.#urcListeners.get(name);
		if (!listeners) {
			listeners = new Set();
			this.#urcListeners.set(name, listeners);
		}
		listeners.add(listener);
		return () => this.offUrc(name, listener);
	}

	/** Stops `listener` hearing URCs named `name` (onUrc's unsubscribe, for a caller that keeps no function for it). */
	offUrc(name: string, listener: UrcListener): void {
		this.#urcListeners.get(name)?.delete(listener);
	}

	/** Received data is gone: a line too long for the buffer (the library's FIFO_OVERFLOW), or bytes the port lost. */
	onLoss(listener: LossListener): () => void {
		this.#lossListeners.add(listener);
		return () => this.offLoss(listener);
	}

	offLoss(listener: LossListener): void {
		this.#lossListeners.delete(listener);
	}

	/** Send `command` (without CR LF); resolves with its result, never rejects. Commands queue up. */
	send(command: string, options: AtCommandOptions = NO_OPTIONS): Promise<AtResult> {
		if (this.#closed) return Promise.resolve(closedResult(NO_LINES, NO_LINES));
		const queued = new Command(command, options, options.timeoutMs ?? this.#defaultTimeoutMs);
		const result = new Promise<AtResult>((resolve) => {
			queued.resolve = resolve;
		});
		if (this.#queueTail) this.#queueTail.next = queued;
		else this.#queueHead = queued;
		this.#queueTail = queued;
		this.#scheduleStart();
		return result;
	}

	/** Fails the pending command and every later one with "closed". */
	close(): void {
		this.#closed = true;
		this.#timers.clear(this.#lineWatch);
		this.#lineWatch = undefined;
		const active = this.#active;
		if (active) this.#finish(active, closedResult(active.info ?? NO_LINES, active.lines ?? NO_LINES));
		for (let queued = this.#queueHead; queued; queued = queued.next) queued.resolve?.(closedResult(NO_LINES, NO_LINES));
		this.#queueHead = this.#queueTail = undefined;
	}

	#scheduleStart(): void {
		if (this.#active || this.#starting || !this.#queueHead) return;
		this.#starting = true;
		void this.#settled.then(this.#startNext);
	}

	#start(): void {
		this.#starting = false;
		const command = this.#queueHead;
		if (this.#active || !command) return;
		this.#queueHead = command.next;
		if (!this.#queueHead) this.#queueTail = undefined;
		command.next = undefined;
		this.#active = command;
		this.stats.commands++;
		this.#trace?.("tx", command.text);
		this.#arm(command);
		this.#write(command, utf8Encode(command.text + "\r\n"));
	}

	#arm(command: Command): void {
		command.waitingAtArm = this.#port.waitingBytes ?? 0;
		this.#timers.clear(command.timer);
		command.timer = this.#timers.set(this.#timeout, command.timeoutMs);
	}

	#onTimeout(): void {
		const command = this.#active;
		if (!command) return;
		// Still going out through a slow UART (a FIFO paced by onWritable): the wait counts from the last byte.
		const waiting = this.#port.waitingBytes ?? 0;
		if (waiting > 0 && waiting < command.waitingAtArm) return this.#arm(command);
		if (command.phase === "prompt" && command.data) return this.#sendWithoutPrompt(command);
		this.stats.timeouts++;
		this.#orphanNames = command.infoNames;
		this.#orphanAnswering = false;
		if (command.lostBytes > 0 || command.lineCut || command.promptMissed) return this.#finish(command, this.#linkFailure(command));
		const stage = command.phase === "prompt" ? "the > prompt" : "a final result";
		this.#finish(command, this.#failure(command, "timeout", `no ${stage} to ${command.text} within ${command.timeoutMs} ms`));
	}

	/**
	 * No `>` in time. The modem may well have sent it and the port lost it: then it waits for
	 * exactly these bytes and would take the next commands as data. So the data goes anyway, the
	 * command waits for its final result, and fails whatever it is.
	 */
	#sendWithoutPrompt(command: Command): void {
		command.promptMissed = true;
		command.phase = "final";
		this.#arm(command);
		this.#write(command, command.data!);
	}

	#linkFailure(command: Command): AtResult {
		const detail =
			command.lostBytes > 0
				? `modem link lost ${command.lostBytes} bytes during ${command.text}`
				: command.lineCut
					? `modem link lost bytes during ${command.text} (a line stopped part-way)`
					: `no > prompt to ${command.text} within ${command.timeoutMs} ms (the data was sent anyway, so a modem whose > was lost leaves data mode)`;
		return this.#failure(command, "link", detail);
	}

	#finish(command: Command, result: AtResult): void {
		if (this.#active !== command) return;
		this.#timers.clear(command.timer);
		command.timer = undefined;
		this.#active = undefined;
		command.resolve?.(result);
		command.resolve = undefined;
		this.#scheduleStart();
	}

	#failure(command: Command, failure: AtFailureKind, detail: string, code?: number): AtResult {
		const info = command.info ?? NO_LINES;
		const text = command.lines ?? NO_LINES;
		return code === undefined ? { ok: false, failure, detail, info, text } : { ok: false, failure, code, detail, info, text };
	}

	#write(command: Command, bytes: Uint8Array): void {
		this.stats.bytesSent += bytes.length;
		try {
			this.#port.write(bytes);
		} catch (error) {
			this.#finish(command, this.#failure(command, "link", `${command.text} not sent: ${(error as Error).message}`));
			return;
		}
		// Written bytes may wait for UART space: the command's wait counts from when they are all out.
		if (this.#port.whenSent?.(this.#rearm)) command.waitingAtArm = this.#port.waitingBytes ?? 0;
	}

	#onPrompt(): void {
		const command = this.#active;
		if (command?.phase !== "prompt") return;
		// The > arrived: send the data, then wait for the final result.
		command.phase = "final";
		this.#arm(command);
		if (command.data && command.data.length > 0) this.#write(command, command.data);
	}

	#onOverflow(): void {
		this.stats.overflows++;
		this.#tellLoss("a line from the modem overflowed the receive buffer; response data lost");
	}

	/** The port lost `count` received bytes after everything pushed so far. */
	#onLinkLoss(count: number): void {
		this.stats.lostBytes += count;
		this.#framer.cut();
		if (this.#active) this.#active.lostBytes += count;
		this.#tellLoss(`modem link lost ${count} bytes`);
	}

	#watchLine(): void {
		this.#watchedBytes = this.stats.bytesReceived;
		this.#lineWatch = this.#timers.set(this.#lineStalled, LINE_STALL_MS);
	}

	/** A partial line got no byte for LINE_STALL_MS: its end was lost (the port did not count it). */
	#onLineStall(): void {
		this.#lineWatch = undefined;
		if (this.#closed || !this.#framer.awaitingLineEnd) return;
		if (this.stats.bytesReceived !== this.#watchedBytes) return this.#watchLine();
		const partial = this.#framer.buffered;
		this.#framer.cut();
		if (this.#active) this.#active.lineCut = true;
		this.#tellLoss(`modem link lost bytes: a line stopped part-way (${partial} bytes, no end of line for ${LINE_STALL_MS} ms)`);
	}

	#tellLoss(detail: string): void {
		for (const listener of this.#lossListeners) listener(detail);
	}

	#onLine(line: string): void {
		this.#trace?.("rx", line);
		const command = this.#active;
		const final = finalResult(line);
		if (final) {
			if (!command || this.#orphanAnswering) {
				this.stats.staleFinals++;
				this.#orphanNames = NO_LINES;
				this.#orphanAnswering = false;
				return;
			}
			this.#orphanNames = NO_LINES;
			if (command.lostBytes > 0 || command.lineCut || command.promptMissed) this.#finish(command, this.#linkFailure(command));
			else if (final.ok) this.#finish(command, { ok: true, info: command.info ?? NO_LINES, text: command.lines ?? NO_LINES });
			else this.#finish(command, this.#failure(command, final.failure, `${command.text}: ${line}`, final.code));
			return;
		}
		const name = infoLineName(line);
		if (name !== undefined) {
			if (command && command.infoNames.includes(name)) {
				(command.info ??= []).push(line);
				return;
			}
			if (this.#orphanNames.includes(name)) {
				// The late answer of a timed-out command: its final result is not ours either.
				this.#orphanAnswering = command !== undefined;
				if (!command) this.#orphanNames = NO_LINES;
				return;
			}
			const listeners = this.#urcListeners.get(name);
			if (listeners) for (const listener of [...listeners]) listener(line);
			return;
		}
		// Plain text: the answer to CGMR and the like, or an echo of the command (tolerated).
		if (command && line !== command.text) (command.lines ??= []).push(line);
	}
}
// Preloaded: a frozen prototype needs no RAM for later changes.
Object.freeze(AtChannel.prototype);

function closedResult(info: readonly string[], text: readonly string[]): AtResult {
	return { ok: false, failure: "closed", detail: "AT channel closed", info, text };
}

type FinalResult = { readonly ok: true } | { readonly ok: false; readonly failure: AtFailureKind; readonly code?: number };
const FINAL_OK: FinalResult = Object.freeze({ ok: true } as const);
const FINAL_ERROR: FinalResult = Object.freeze({ ok: false, failure: "error" } as const);

function finalResult(line: string): FinalResult | undefined {
	if (line === "OK") return FINAL_OK;
	if (line === "ERROR") return FINAL_ERROR;
	// Only a "+C…" line can be a +CME/+CMS ERROR: no regular expression runs on the others.
	if (charCodeAt.call(line, 0) !== 0x2b || charCodeAt.call(line, 1) !== 0x43) return undefined;
	const match = /^\+(CME|CMS) ERROR:\s*(.*)$/.exec(line);
	if (!match) return undefined;
	const failure = match[1] === "CME" ? "cme-error" : "cms-error";
	const text = match[2]!.trim();
	return /^\d+$/.test(text) ? { ok: false, failure, code: Number(text) } : { ok: false, failure };
}
