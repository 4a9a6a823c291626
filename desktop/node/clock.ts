/*
 * Clocks for the Node hosts. RealClock follows the machine; VirtualClock is one shared
 * timeline that the device (core Clock) and the emulator (EmulatorClock) both read, so a
 * test can cover minutes of backoff and long-polls without sleeping for real.
 */
import { setImmediate as nextMacrotask } from "node:timers/promises";
import type { Clock } from "../../modules/activation/interfaces.ts";

/** What the clock records when the device sets its wall clock from the server. */
export interface WallClockSetting {
	/** The value given to setWallClock: local wall time stored as if it were UTC. */
	readonly epochMs: number;
	/** This clock's now() when it was set. */
	readonly at: number;
}

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

/** Milliseconds of the machine's monotonic clock; sleep uses real timers. */
export class RealClock extends WallClockRecorder implements Clock {
	now(): number {
		return performance.now();
	}

	sleep(ms: number): Promise<void> {
		return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
	}
}

/**
 * Virtual time. `sleep(ms)` moves time forward by `ms` at once and resolves on the next
 * macrotask, so pending socket I/O and the emulator get a turn before the device goes on.
 * `advance(ms)` is what the emulator calls to hold a request "for a while".
 */
export class VirtualClock extends WallClockRecorder implements Clock {
	#now: number;
	#slept = 0;

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

	async sleep(ms: number): Promise<void> {
		const duration = Math.max(0, Number.isFinite(ms) ? ms : 0);
		this.#now += duration;
		this.#slept += duration;
		await nextMacrotask();
	}

	/** Total virtual time spent in sleep() (not counting advance()). */
	get sleptMs(): number {
		return this.#slept;
	}
}
