/*
 * Splits the modem's byte stream into AT lines, as esp-ml307's AtUart::ParseResponse does:
 * a line ends only at CR LF, empty lines are skipped, a `>` at the start of the buffer is
 * the data prompt while the command waits for one. Unlike the library the buffer is
 * bounded: a line longer than the capacity is dropped up to its CR LF and reported, so a
 * runaway modem cannot exhaust the heap.
 */

import { utf8Decode } from "ml307/bytes";

const CR = 0x0d;
const LF = 0x0a;
const PROMPT = 0x3e; // ">"
const SPACE = 0x20;
const WAKE_BYTE = 0xe0; // esp-ml307 ≥ 3.5.0 drops this modem wake-up artefact
const IND_PREFIX = '+MHTTPURC: "ind"';

export interface AtFramerEvents {
	line(text: string): void;
	prompt(): void;
	/** A line did not fit: `dropped` bytes (at least) were thrown away. */
	overflow(dropped: number): void;
}

export class AtFramer {
	readonly #buffer: Uint8Array;
	#length = 0;
	/** Bytes of the buffer already searched for CR LF (avoids rescanning long lines). */
	#scanned = 0;
	#discarding = false;
	/** The line being discarded was cut by bytes the port lost (already reported), not by the capacity. */
	#cut = false;
	#droppedInLine = 0;
	#skipSpaceAfterPrompt = false;
	readonly #events: AtFramerEvents;
	/** Asked at each line start: is a command waiting for a `>` prompt? */
	readonly #promptExpected: () => boolean;

	constructor(capacity: number, events: AtFramerEvents, promptExpected: () => boolean) {
		if (!Number.isInteger(capacity) || capacity < 64) throw new RangeError("AT receive buffer must hold at least 64 bytes");
		this.#buffer = new Uint8Array(capacity);
		this.#events = events;
		this.#promptExpected = promptExpected;
	}

	get capacity(): number {
		return this.#buffer.length;
	}

	/** Bytes currently held (a partial line). */
	get buffered(): number {
		return this.#length;
	}

	/**
	 * A partial line waits for its CR LF: not one being dropped, not an `"ind"` URC (which
	 * ends at the next `+`, however late), not the `>` of a prompt nobody waits for.
	 */
	get awaitingLineEnd(): boolean {
		if (this.#length === 0 || this.#discarding || this.#buffer[0] === PROMPT) return false;
		const head = Math.min(this.#length, IND_PREFIX.length);
		for (let i = 0; i < head; i++) if (this.#buffer[i] !== IND_PREFIX.charCodeAt(i)) return true;
		return this.#length < IND_PREFIX.length;
	}

	push(bytes: Uint8Array): void {
		let offset = 0;
		while (offset < bytes.length) {
			const room = this.#buffer.length - this.#length;
			const take = Math.min(room, bytes.length - offset);
			this.#buffer.set(bytes.subarray(offset, offset + take), this.#length);
			this.#length += take;
			offset += take;
			this.#drain();
			if (this.#length === this.#buffer.length) this.#overflow();
		}
	}

	/**
	 * Bytes were lost on the way in after those pushed so far: the line they were part of is
	 * dropped, up to the next CR LF, without a line or an overflow event for it.
	 */
	cut(): void {
		this.#length = 0;
		this.#scanned = 0;
		this.#discarding = true;
		this.#cut = true;
		this.#skipSpaceAfterPrompt = false;
	}

	#overflow(): void {
		// Keep a trailing CR: its LF may be in the next chunk.
		const keep = this.#buffer[this.#length - 1] === CR ? 1 : 0;
		const dropped = this.#length - keep;
		if (!this.#discarding) {
			this.#droppedInLine = 0;
			this.#cut = false;
		}
		this.#droppedInLine += dropped;
		this.#discarding = true;
		if (keep) this.#buffer[0] = CR;
		this.#length = keep;
		this.#scanned = 0;
	}

	#consume(count: number): void {
		this.#buffer.copyWithin(0, count, this.#length);
		this.#length -= count;
		this.#scanned = 0;
	}

	#drain(): void {
		for (;;) {
			if (this.#length === 0) return;
			if (!this.#discarding) {
				const first = this.#buffer[0]!;
				if (first === CR || first === LF || first === WAKE_BYTE || (first === SPACE && this.#skipSpaceAfterPrompt)) {
					// Line framing around responses, stray separators, wake bytes: never part of a line start.
					if (first === SPACE) this.#skipSpaceAfterPrompt = false;
					this.#consume(1);
					continue;
				}
				this.#skipSpaceAfterPrompt = false;
				if (first === PROMPT && this.#promptExpected()) {
					this.#consume(1);
					this.#skipSpaceAfterPrompt = true;
					this.#events.prompt();
					continue;
				}
			}
			if (!this.#discarding && this.#splitIndLine()) continue;
			const end = this.#findLineEnd();
			if (end < 0) return;
			if (this.#discarding) {
				this.#discarding = false;
				this.#consume(end + 2);
				if (this.#cut) this.#cut = false;
				else this.#events.overflow(this.#droppedInLine + end);
				continue;
			}
			const text = utf8Decode(this.#buffer, 0, end);
			this.#consume(end + 2);
			this.#events.line(text);
		}
	}

	#findLineEnd(): number {
		for (let i = Math.max(this.#scanned, 1); i < this.#length; i++) {
			if (this.#buffer[i] === LF && this.#buffer[i - 1] === CR) return i - 1;
		}
		this.#scanned = this.#length;
		return -1;
	}

	/** The modem may send `+MHTTPURC: "ind",<id>` with no CR LF: end it at the next `+`. */
	#splitIndLine(): boolean {
		if (this.#length <= IND_PREFIX.length) return false;
		for (let i = 0; i < IND_PREFIX.length; i++) if (this.#buffer[i] !== IND_PREFIX.charCodeAt(i)) return false;
		for (let i = IND_PREFIX.length; i < this.#length; i++) {
			if (this.#buffer[i] === CR) return false; // it has its own line end
			if (this.#buffer[i] === 0x2b) {
				const text = utf8Decode(this.#buffer, 0, i);
				this.#consume(i);
				this.#events.line(text);
				return true;
			}
		}
		return false;
	}
}
// Preloaded: a frozen prototype needs no RAM for later changes.
Object.freeze(AtFramer.prototype);
