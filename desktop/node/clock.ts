/*
 * Clocks for the Node hosts, each the device's time (the Timers port) and its wall clock.
 * RealClock follows the machine; VirtualClock is one shared timeline that the device and
 * the emulator (EmulatorClock) both read, so a test can cover minutes of backoff and
 * long-polls without sleeping for real.
 */
import type { TimerHandle, Timers, WallClock } from "../../modules/activation/interfaces.ts";

/** What the clock records when the device sets its wall clock from the server. */
export interface WallClockSetting {
	/** The value given to setWallClock: local wall time stored as if it were UTC. */
	readonly epochMs: number;
	/** This clock's now() when it was set. */
	readonly at: number;
}

/** What a Node host hands the device as its time: the Timers port and the wall clock's setter, on one timeline. */
export type NodeClock = Timers & WallClock;

const MAX_SETTINGS_KEPT = 1000;

abstract class WallClockRecorder {
	readonly #settings: WallClockSetting[] = [];
	abstract now(): number;

	setWallClock(epochMs: number): void {
		if (!Number.isFinite(epochMs)) throw new TypeError(`setWallClock: not a finite number: ${epochMs}`);
		// Bounded: one setting per check, and a run may check for days.
		if (this.#settings.push({ epochMs, at: this.now() }) > MAX_SETTINGS_KEPT) this.#settings.shift();
	}

	/** The setWallClock calls (the newest 1000), oldest first. */
	get wallClockSettings(): readonly WallClockSetting[] {
		return this.#settings;
	}

	/** The device's wall clock now (last setting moved on by elapsed time), or undefined if never set. */
	wallClock(): number | undefined {
		const last = this.#settings[this.#settings.length - 1];
		return last === undefined ? undefined : last.epochMs + (this.now() - last.at);
	}
}

interface RealTimer {
	readonly due: number;
	readonly order: number;
	readonly callback: () => void;
}

/**
 * The machine's time as the Timers port: the monotonic clock and one queue of timers in
 * due order (ties in the order set), woken by one Node timeout. Node reckons its timeouts
 * from the event loop's cached time, so one can end before its moment by performance.now():
 * the queue then sleeps again for what is left, and never fires a timer early.
 */
class RealTimers implements Timers {
	readonly #queue: RealTimer[] = [];
	#order = 0;
	#wake: ReturnType<typeof setTimeout> | undefined;
	/** A timer already due is fired from setImmediate (the next loop turn, no 1 ms minimum). */
	#wakeNow: ReturnType<typeof setImmediate> | undefined;

	now(): number {
		return performance.now();
	}

	set(callback: () => void, ms: number): TimerHandle {
		const timer: RealTimer = { due: this.now() + Math.max(0, ms), order: this.#order++, callback };
		let at = this.#queue.length;
		while (at > 0 && this.#queue[at - 1]!.due > timer.due) at--;
		this.#queue.splice(at, 0, timer);
		if (at === 0) this.#arm();
		return timer;
	}

	clear(handle: TimerHandle): void {
		const at = this.#queue.indexOf(handle as RealTimer);
		if (at < 0) return;
		this.#queue.splice(at, 1);
		if (at === 0) this.#arm();
	}

	#arm(): void {
		clearTimeout(this.#wake);
		clearImmediate(this.#wakeNow);
		this.#wake = this.#wakeNow = undefined;
		const next = this.#queue[0];
		if (next === undefined) return;
		const wait = next.due - this.now();
		if (wait > 0) this.#wake = setTimeout(() => this.#fire(), Math.ceil(wait));
		else this.#wakeNow = setImmediate(() => this.#fire());
	}

	/** Fires the first timer if it is due (one per loop turn: promise jobs run between two timers), then waits for the next. */
	#fire(): void {
		this.#wake = this.#wakeNow = undefined;
		const next = this.#queue[0];
		if (next !== undefined && next.due <= this.now()) {
			this.#queue.shift();
			this.#arm();
			next.callback();
		} else this.#arm();
	}
}

export const realTimers: Timers = Object.freeze(new RealTimers());

/** The machine's time (realTimers) with the wall clock's recorder. */
export class RealClock extends WallClockRecorder implements Timers, WallClock {
	now(): number {
		return realTimers.now();
	}

	set(callback: () => void, ms: number): TimerHandle {
		return realTimers.set(callback, ms);
	}

	clear(handle: TimerHandle): void {
		realTimers.clear(handle);
	}
}

interface VirtualTimer {
	readonly due: number;
	readonly order: number;
	readonly callback: () => void;
}

/**
 * Virtual time. A timer moves time forward to when it is due and runs on a macrotask of its
 * own, the earliest first (ties in the order they were set), so pending socket I/O and the
 * emulator get a turn before the device goes on and nobody waits for real time.
 * `advance(ms)` is what the emulator calls to hold a request "for a while".
 */
export class VirtualClock extends WallClockRecorder implements Timers, WallClock {
	#now: number;
	#moved = 0;
	#order = 0;
	readonly #timers: VirtualTimer[] = [];
	#turnPending = false;

	constructor(startMs = 0) {
		super();
		if (!Number.isFinite(startMs)) throw new TypeError(`VirtualClock: bad start time ${startMs}`);
		this.#now = startMs;
	}

	now(): number {
		return this.#now;
	}

	advance(ms: number): void {
		if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`VirtualClock.advance: bad duration ${ms}`);
		this.#now += ms;
	}

	set(callback: () => void, ms: number): TimerHandle {
		const timer: VirtualTimer = { due: this.#now + Math.max(0, Number.isFinite(ms) ? ms : 0), order: this.#order++, callback };
		this.#timers.push(timer);
		this.#nextTurn();
		return timer;
	}

	clear(handle: TimerHandle): void {
		const index = this.#timers.indexOf(handle as VirtualTimer);
		if (index >= 0) this.#timers.splice(index, 1);
	}

	/** Total virtual time the timers moved the clock forward (not counting advance()). */
	get sleptMs(): number {
		return this.#moved;
	}

	#nextTurn(): void {
		if (this.#turnPending || this.#timers.length === 0) return;
		this.#turnPending = true;
		setImmediate(() => {
			this.#turnPending = false;
			this.#fireEarliest();
			this.#nextTurn();
		});
	}

	#fireEarliest(): void {
		let next: VirtualTimer | undefined;
		for (const timer of this.#timers) if (!next || timer.due < next.due || (timer.due === next.due && timer.order < next.order)) next = timer;
		if (!next) return;
		this.#timers.splice(this.#timers.indexOf(next), 1);
		if (next.due > this.#now) {
			this.#moved += next.due - this.#now;
			this.#now = next.due;
		}
		next.callback();
	}
}
