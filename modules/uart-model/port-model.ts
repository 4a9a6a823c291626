/*
 * One UART port as the firmware sees it, with the limits of the port the board links: a TX
 * buffer that drains onto the line at the baud rate (8N1: 10 bits a byte) and refuses a
 * write larger than its free space, an RX buffer that fills from the line and loses what
 * arrives while it is full, and the messages that reach the VM (onReadable, onWritable), one
 * in flight at a time. The board run's stand-ins, the Moddable simulator's modem port and
 * the Node tests all drive this one model, so each is exactly as strict as the board.
 *
 * Time is the caller's: `timers` are the hardware's (line, interrupts), `post` hands a message
 * to the VM (a host that models a busy VM delays it there). Bytes on the RX line are given as
 * a run of bytes with the time the first one starts, so the model knows how many arrived at
 * any moment without a timer per byte. A host whose far end is not a timed line (the
 * simulator's socket) takes written bytes at once (`handOverAtOnce`): the TX buffer still
 * drains at the line rate for the port's limits, and nothing is copied or timed per write.
 */

import type { TimerHandle, Timers } from "activation/interfaces";

export interface UartPortRules {
	readonly name: string;
	readonly txCapacity: number;
	readonly rxCapacity: number;
	/** After a write, onWritable comes again once at most this many bytes wait to go out. */
	readonly txLowWater: number;
	/** Received bytes are announced once this many wait, or when the line has been idle for `rxIdleBytes` byte times. */
	readonly rxNotifyBytes: number;
	readonly rxIdleBytes: number;
	/** Whether the port counts the bytes it lost for JS (`rxLostBytes`); the SDK's serial does not. */
	readonly countsLoss: boolean;
}

/** The board's modem port (esp32s3/modem-serial): ESP-IDF UART driver rings, loss counted. */
export const RING_BUFFERED_PORT: UartPortRules = Object.freeze({
	name: "ring-buffered",
	txCapacity: 4096,
	rxCapacity: 8192,
	txLowWater: 0,
	rxNotifyBytes: 120,
	rxIdleBytes: 10,
	countsLoss: true,
});

/**
 * The SDK's own embedded:io/serial on ESP32 ($(MODULES)/io/serial/esp32/serial.c): the 128-byte
 * hardware FIFOs only; onWritable when fewer than 10 bytes wait (kTransmitTreshold); the RX
 * interrupt on the FIFO threshold or 4 idle symbols; nothing counts lost bytes.
 */
export const SDK_FIFO_PORT: UartPortRules = Object.freeze({
	name: "sdk-fifo",
	txCapacity: 128,
	rxCapacity: 128,
	txLowWater: 9,
	rxNotifyBytes: 120,
	rxIdleBytes: 4,
	countsLoss: false,
});

export interface UartFigures {
	readonly txCapacity: number;
	/** The largest single write the port accepted. */
	readonly maxWrite: number;
	readonly rxCapacity: number;
	/** The most bytes the RX buffer held at once. */
	readonly rxHighWater: number;
	readonly rxLostBytes: number;
}

export interface UartPortEvents {
	/** Bytes that have left on the TX line, in order, when their last bit is out. */
	transmit(bytes: Uint8Array): void;
	readable(count: number): void;
	writable(count: number): void;
}

/** Milliseconds one byte takes on the line at `baud` (8N1). */
export function byteTimeMs(baud: number): number {
	return 10_000 / baud;
}

/** A run of bytes on the RX line; byte i is in once its last bit is, at startAt + (i + 1) × byteMs. */
class LineRun {
	readonly bytes: Uint8Array;
	readonly startAt: number;
	readonly byteMs: number;
	/** Bytes of this run already taken off the line (kept or lost). */
	taken = 0;

	constructor(bytes: Uint8Array, startAt: number, byteMs: number) {
		this.bytes = bytes;
		this.startAt = startAt;
		this.byteMs = byteMs;
	}

	arrivedBy(now: number): number {
		if (this.byteMs <= 0) return now >= this.startAt ? this.bytes.length : 0;
		const count = Math.floor((now - this.startAt) / this.byteMs + BYTE_SLACK);
		return count <= 0 ? 0 : count >= this.bytes.length ? this.bytes.length : count;
	}

	arrivalOf(index: number): number {
		return this.startAt + (index + 1) * this.byteMs;
	}
}
Object.freeze(LineRun.prototype);

export interface UartPortOptions {
	/** Hands a message to the VM (default: a 0 ms timer). */
	readonly post?: (deliver: () => void) => void;
	/** Written bytes go to `transmit` at once, the caller's own view (it must not change them). */
	readonly handOverAtOnce?: boolean;
}

/** Received bytes waiting to be read, in a list: no array storage to grow and shrink on every piece. */
class HeldPiece {
	bytes: Uint8Array;
	next: HeldPiece | undefined;

	constructor(bytes: Uint8Array) {
		this.bytes = bytes;
	}
}
Object.freeze(HeldPiece.prototype);

/** Floating-point slack on times computed from byte counts. */
const EPSILON = 1e-9;
/**
 * The same on a count of bytes: a time computed as the arrival of byte i must count byte i as
 * in, hours into a run (where a millisecond time has lost about 1e-9 ms to rounding).
 */
const BYTE_SLACK = 1e-6;

export class UartPortModel {
	readonly rules: UartPortRules;
	readonly baud: number;
	readonly byteMs: number;
	readonly #timers: Timers;
	readonly #post: (deliver: () => void) => void;
	readonly #handOverAtOnce: boolean;
	readonly #events: UartPortEvents;
	/** When the TX line has sent every byte written so far. */
	#txIdleAt = 0;
	#maxWrite = 0;
	#writableTimer: TimerHandle | undefined;
	readonly #line: LineRun[] = [];
	#heldFirst: HeldPiece | undefined;
	#heldLast: HeldPiece | undefined;
	#heldBytes = 0;
	#highWater = 0;
	#lost = 0;
	#notifyTimer: TimerHandle | undefined;
	#messagePosted = false;
	#wantReadable = false;
	#wantWritable = false;
	#closed = false;
	readonly #deliver = (): void => this.#deliverMessage();
	readonly #notify = (): void => this.#onNotifyDue();
	readonly #writableDue = (): void => this.#postMessage(false);

	constructor(rules: UartPortRules, baud: number, timers: Timers, events: UartPortEvents, options: UartPortOptions = {}) {
		if (!Number.isInteger(baud) || baud <= 0) throw new RangeError(`invalid baud ${baud}`);
		this.rules = rules;
		this.baud = baud;
		this.byteMs = byteTimeMs(baud);
		this.#timers = timers;
		this.#events = events;
		this.#post = options.post ?? ((deliver) => void timers.set(deliver, 0));
		this.#handOverAtOnce = options.handOverAtOnce === true;
		this.#txIdleAt = timers.now();
		// As the SDK's port and the ring-buffered one do: onWritable once after open, with the whole TX space.
		this.#postMessage(false);
	}

	get closed(): boolean {
		return this.#closed;
	}

	get rxLostBytes(): number {
		return this.#lost;
	}

	get figures(): UartFigures {
		return Object.freeze({
			txCapacity: this.rules.txCapacity,
			maxWrite: this.#maxWrite,
			rxCapacity: this.rules.rxCapacity,
			rxHighWater: this.#highWater,
			rxLostBytes: this.#lost,
		});
	}

	/** Bytes not yet out on the TX line. */
	txPending(): number {
		const left = (this.#txIdleAt - this.#timers.now()) / this.byteMs;
		return left <= EPSILON ? 0 : Math.ceil(left - EPSILON);
	}

	txFree(): number {
		return this.rules.txCapacity - this.txPending();
	}

	/** Queues all of `bytes` (a copy) or, when they do not fit the free TX space, throws and queues nothing. */
	write(bytes: Uint8Array): void {
		if (this.#closed) throw new Error("closed");
		const count = bytes.length;
		if (count > this.txFree()) throw new Error("output full");
		if (count === 0) return;
		const now = this.#timers.now();
		this.#txIdleAt = Math.max(now, this.#txIdleAt) + count * this.byteMs;
		if (count > this.#maxWrite) this.#maxWrite = count;
		if (this.#handOverAtOnce) this.#events.transmit(bytes);
		else this.#transmitWhenOut(bytes.slice(), this.#txIdleAt - now);
		this.#timers.clear(this.#writableTimer);
		this.#writableTimer = this.#timers.set(this.#writableDue, Math.max(0, this.#txIdleAt - this.rules.txLowWater * this.byteMs - now));
	}

	/** A copy of the written bytes reaches the far end when its last bit is out. */
	#transmitWhenOut(copy: Uint8Array, delayMs: number): void {
		this.#timers.set(() => {
			if (!this.#closed) this.#events.transmit(copy);
		}, delayMs);
	}

	/** Bytes coming in on the RX line: the first one's start bit at `startAt`, one every `byteMs` (0: all at once). */
	arrive(bytes: Uint8Array, startAt: number, byteMs: number): void {
		if (this.#closed || bytes.length === 0) return;
		if (byteMs <= 0 && startAt <= this.#timers.now() && this.#line.length === 0) this.#take(bytes, bytes.length);
		else this.#line.push(new LineRun(bytes, startAt, byteMs));
		if (!this.#wantReadable) this.#scheduleNotify();
	}

	/** Everything received (at most `max` bytes), or undefined when nothing is. */
	read(max?: number): Uint8Array | undefined {
		if (this.#closed) throw new Error("closed");
		this.#settle();
		if (this.#heldBytes === 0) return undefined;
		const count = max === undefined || max > this.#heldBytes ? this.#heldBytes : max;
		if (count <= 0) throw new RangeError("invalid");
		const only = this.#heldFirst!.bytes;
		if (count === only.length && only.byteOffset === 0 && only.byteLength === only.buffer.byteLength) {
			// One whole buffer held (a socket's read): it is the new buffer the caller gets.
			this.#dropFirst();
			this.#heldBytes -= count;
			return only;
		}
		const out = new Uint8Array(count);
		let filled = 0;
		while (filled < count) {
			const first = this.#heldFirst!;
			const take = Math.min(first.bytes.length, count - filled);
			out.set(take === first.bytes.length ? first.bytes : first.bytes.subarray(0, take), filled);
			filled += take;
			if (take === first.bytes.length) this.#dropFirst();
			else first.bytes = first.bytes.subarray(take);
		}
		this.#heldBytes -= count;
		return out;
	}

	#dropFirst(): void {
		this.#heldFirst = this.#heldFirst!.next;
		if (!this.#heldFirst) this.#heldLast = undefined;
	}

	/** Pending TX bytes and everything received are discarded; no callback comes any more. */
	close(): void {
		if (this.#closed) return;
		this.#settle();
		this.#closed = true;
		this.#timers.clear(this.#writableTimer);
		this.#timers.clear(this.#notifyTimer);
		this.#line.length = 0;
		this.#heldFirst = this.#heldLast = undefined;
		this.#heldBytes = 0;
	}

	/** Takes off the line what has arrived by now: into the RX buffer while it has room, lost after. */
	#settle(): void {
		const now = this.#timers.now();
		while (this.#line.length > 0) {
			const run = this.#line[0]!;
			const arrived = run.arrivedBy(now);
			const fresh = arrived - run.taken;
			if (fresh > 0) {
				this.#take(run.taken === 0 && fresh === run.bytes.length ? run.bytes : run.bytes.subarray(run.taken, arrived), fresh);
				run.taken = arrived;
			}
			if (run.taken < run.bytes.length) return;
			this.#line.shift();
		}
	}

	/** `count` bytes are in: into the RX buffer while it has room, lost after. */
	#take(bytes: Uint8Array, count: number): void {
		const keep = Math.min(count, this.rules.rxCapacity - this.#heldBytes);
		if (keep > 0) {
			const piece = new HeldPiece(keep === bytes.length ? bytes : bytes.subarray(0, keep));
			if (this.#heldLast) this.#heldLast.next = piece;
			else this.#heldFirst = piece;
			this.#heldLast = piece;
			this.#heldBytes += keep;
			if (this.#heldBytes > this.#highWater) this.#highWater = this.#heldBytes;
		}
		this.#lost += count - keep;
	}

	/** When the port tells the VM about bytes on the line: at the notify threshold, or once the line went idle after them. */
	#notifyAt(): number | undefined {
		const idleMs = this.rules.rxIdleBytes * this.byteMs;
		let counted = this.#heldBytes;
		let lastArrival = Number.NEGATIVE_INFINITY;
		for (const run of this.#line) {
			const first = run.arrivalOf(run.taken);
			if (counted > 0 && first - run.byteMs - lastArrival > idleMs + EPSILON) break;
			const waiting = run.bytes.length - run.taken;
			if (counted + waiting >= this.rules.rxNotifyBytes) return run.arrivalOf(run.taken + this.rules.rxNotifyBytes - counted - 1);
			counted += waiting;
			lastArrival = run.arrivalOf(run.bytes.length - 1);
		}
		return counted > 0 ? lastArrival + idleMs : undefined;
	}

	#scheduleNotify(): void {
		this.#timers.clear(this.#notifyTimer);
		this.#notifyTimer = undefined;
		if (this.#closed) return;
		this.#settle();
		if (this.#heldBytes > 0) return this.#postMessage(true);
		const at = this.#notifyAt();
		if (at === undefined) return;
		// Nothing was in by a time already past: look again a byte later, never in a loop at one instant.
		const now = this.#timers.now();
		this.#notifyTimer = this.#timers.set(this.#notify, at > now ? at - now : this.byteMs);
	}

	#onNotifyDue(): void {
		this.#notifyTimer = undefined;
		this.#scheduleNotify();
	}

	#postMessage(readable: boolean): void {
		if (this.#closed) return;
		if (readable) this.#wantReadable = true;
		else this.#wantWritable = true;
		if (this.#messagePosted) return;
		this.#messagePosted = true;
		this.#post(this.#deliver);
	}

	/** As the SDK's serialDeliver: readable first, then writable, each with its count at that moment. */
	#deliverMessage(): void {
		this.#messagePosted = false;
		if (this.#closed) return;
		if (this.#wantReadable) {
			this.#wantReadable = false;
			this.#settle();
			if (this.#heldBytes > 0) this.#events.readable(this.#heldBytes);
		}
		if (this.#closed) return;
		if (this.#wantWritable) {
			this.#wantWritable = false;
			const free = this.txFree();
			if (free > 0) this.#events.writable(free);
		}
		if (!this.#closed && !this.#wantReadable) this.#scheduleNotify();
	}
}
// Preloaded on the simulator: a frozen prototype needs no RAM for later changes.
Object.freeze(UartPortModel.prototype);
