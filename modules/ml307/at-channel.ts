/*
 * One AT command at a time over a serial port: framing, final result codes, timeouts,
 * unsolicited result codes (URCs) interleaved with responses, and the `>` data prompt.
 *
 * A `+NAME:` line is part of the pending command's answer only when the command asked
 * for that name (`infoNames`); every other `+` line is a URC and goes to its listeners.
 * A final `OK`/`ERROR` that arrives with no command waiting is a late answer to a command
 * that already timed out: it is counted and dropped, never given to the next command
 * (the stale-OK trap of esp-ml307).
 */

import { AtFramer } from "ml307/at-framer";
import { infoLineName } from "ml307/at-parse";
import { utf8Encode } from "ml307/bytes";
import type { SerialPort, Timers, TimerHandle } from "ml307/io";

export const DEFAULT_COMMAND_TIMEOUT_MS = 1000;
/** Fits a content URC of a full 1460-byte TCP segment in hex (≈ 3 KB) with room to spare. */
export const DEFAULT_RECEIVE_BUFFER_BYTES = 8192;

export type AtFailureKind = "error" | "cme-error" | "cms-error" | "timeout" | "closed";

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

export interface AtChannelOptions {
	readonly receiveBufferBytes?: number;
	readonly defaultTimeoutMs?: number;
	/** Called with each line sent and received, for a debug trace; never with data-mode bytes. */
	readonly trace?: (direction: "tx" | "rx", line: string) => void;
}

interface PendingCommand {
	readonly command: string;
	readonly infoNames: readonly string[];
	readonly info: string[];
	readonly text: string[];
	phase: "prompt" | "final";
	timer: TimerHandle | undefined;
	finish(result: AtResult): void;
	/** The `>` arrived: send the data and wait for the final result. */
	onPrompt(): void;
}

export interface AtChannelStats {
	bytesSent: number;
	bytesReceived: number;
	commands: number;
	timeouts: number;
	staleFinals: number;
	overflows: number;
}

export class AtChannel {
	readonly #port: SerialPort;
	readonly #timers: Timers;
	readonly #framer: AtFramer;
	readonly #defaultTimeoutMs: number;
	readonly #trace: AtChannelOptions["trace"];
	#pending: PendingCommand | undefined;
	/**
	 * The info names of the last command that timed out. If its late answer shows up while
	 * the next command waits, the final result after it belongs to the late one.
	 */
	#orphanNames: readonly string[] = [];
	#orphanAnswering = false;
	#queue: Promise<unknown> = Promise.resolve();
	#closed = false;
	readonly #urcListeners = new Map<string, Set<UrcListener>>();
	readonly #overflowListeners = new Set<() => void>();
	readonly stats: AtChannelStats = { bytesSent: 0, bytesReceived: 0, commands: 0, timeouts: 0, staleFinals: 0, overflows: 0 };

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
			() => this.#pending?.phase === "prompt",
		);
		port.setReceiver((bytes) => {
			this.stats.bytesReceived += bytes.length;
			this.#framer.push(bytes);
		});
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
		return () => {
			listeners.delete(listener);
		};
	}

	/** A received line was too long and was dropped (the library's FIFO_OVERFLOW). */
	onOverflow(listener: () => void): () => void {
		this.#overflowListeners.add(listener);
		return () => {
			this.#overflowListeners.delete(listener);
		};
	}

	/** Send `command` (without CR LF); resolves with its result, never rejects. Commands queue up. */
	send(command: string, options: AtCommandOptions = {}): Promise<AtResult> {
		const run = this.#queue.then(() => this.#run(command, options));
		this.#queue = run;
		return run;
	}

	/** Fails the pending command and every later one with "closed". */
	close(): void {
		this.#closed = true;
		this.#pending?.finish(this.#failure(this.#pending, "closed", "AT channel closed"));
	}

	#failure(pending: PendingCommand, failure: AtFailureKind, detail: string, code?: number): AtResult {
		return code === undefined
			? { ok: false, failure, detail, info: pending.info, text: pending.text }
			: { ok: false, failure, code, detail, info: pending.info, text: pending.text };
	}

	#run(command: string, options: AtCommandOptions): Promise<AtResult> {
		if (this.#closed)
			return Promise.resolve({ ok: false, failure: "closed", detail: "AT channel closed", info: [], text: [] });
		const timeoutMs = options.timeoutMs ?? this.#defaultTimeoutMs;
		return new Promise<AtResult>((resolve) => {
			const arm = (): void => {
				this.#timers.clear(pending.timer);
				pending.timer = this.#timers.set(() => {
					this.stats.timeouts++;
					this.#orphanNames = pending.infoNames;
					this.#orphanAnswering = false;
					const stage = pending.phase === "prompt" ? "the > prompt" : "a final result";
					pending.finish(this.#failure(pending, "timeout", `no ${stage} to ${command} within ${timeoutMs} ms`));
				}, timeoutMs);
			};
			const pending: PendingCommand = {
				command,
				infoNames: options.infoNames ?? [],
				info: [],
				text: [],
				phase: options.data ? "prompt" : "final",
				timer: undefined,
				finish: (result) => {
					if (this.#pending !== pending) return;
					this.#timers.clear(pending.timer);
					this.#pending = undefined;
					resolve(result);
				},
				onPrompt: () => {
					pending.phase = "final";
					const data = options.data;
					if (data && data.length > 0) this.#write(data);
					arm();
				},
			};
			this.#pending = pending;
			this.stats.commands++;
			this.#trace?.("tx", command);
			arm();
			this.#write(utf8Encode(command + "\r\n"));
		});
	}

	#write(bytes: Uint8Array): void {
		this.stats.bytesSent += bytes.length;
		this.#port.write(bytes);
	}

	#onPrompt(): void {
		if (this.#pending?.phase === "prompt") this.#pending.onPrompt();
	}

	#onOverflow(): void {
		this.stats.overflows++;
		for (const listener of this.#overflowListeners) listener();
	}

	#onLine(line: string): void {
		this.#trace?.("rx", line);
		const pending = this.#pending;
		const final = finalResult(line);
		if (final) {
			if (!pending || this.#orphanAnswering) {
				this.stats.staleFinals++;
				this.#orphanNames = [];
				this.#orphanAnswering = false;
				return;
			}
			this.#orphanNames = [];
			if (final.ok) {
				pending.finish({ ok: true, info: pending.info, text: pending.text });
			} else {
				pending.finish(this.#failure(pending, final.failure, `${pending.command}: ${line}`, final.code));
			}
			return;
		}
		const name = infoLineName(line);
		if (name !== undefined) {
			if (pending && pending.infoNames.includes(name)) {
				pending.info.push(line);
				return;
			}
			if (this.#orphanNames.includes(name)) {
				// The late answer of a timed-out command: its final result is not ours either.
				this.#orphanAnswering = pending !== undefined;
				if (!pending) this.#orphanNames = [];
				return;
			}
			const listeners = this.#urcListeners.get(name);
			if (listeners) for (const listener of [...listeners]) listener(line);
			return;
		}
		// Plain text: the answer to CGMR and the like, or an echo of the command (tolerated).
		if (pending && line !== pending.command) pending.text.push(line);
	}
}
// Preloaded: a frozen prototype needs no RAM for later changes.
Object.freeze(AtChannel.prototype);

function finalResult(line: string): { ok: true } | { ok: false; failure: AtFailureKind; code?: number } | undefined {
	if (line === "OK") return { ok: true };
	if (line === "ERROR") return { ok: false, failure: "error" };
	const match = /^\+(CME|CMS) ERROR:\s*(.*)$/.exec(line);
	if (!match) return undefined;
	const failure = match[1] === "CME" ? "cme-error" : "cms-error";
	const text = match[2]!.trim();
	return /^\d+$/.test(text) ? { ok: false, failure, code: Number(text) } : { ok: false, failure };
}
