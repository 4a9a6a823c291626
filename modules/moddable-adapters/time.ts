/*
 * The device's time on Moddable: the Timers port (activation/interfaces) on the SDK's `time`
 * (Time.ticks, monotonic ms) and `timer` modules, and the wall clock's setter on Time.set.
 * The same on the board and in the simulator.
 */
import Time from "time";
import Timer, { type TimerId } from "timer";
import type { Timers, WallClock } from "activation/interfaces";

export const moddableTimers: Timers = Object.freeze({
	now: () => Time.ticks,
	// Never early: the SDK takes whole ms; a negative or NaN delay fires in the next turn (Timer.set refuses them).
	set: (callback: () => void, ms: number) => Timer.set(() => callback(), ms > 0 ? Math.ceil(ms) : 0),
	clear: (handle: unknown) => Timer.clear(handle as TimerId | undefined),
});

export const moddableWallClock: WallClock = Object.freeze({
	setWallClock(epochMs: number): void {
		if (!Number.isFinite(epochMs) || epochMs < 0) throw new RangeError(`cannot set the clock to ${epochMs}`);
		Time.set(Math.floor(epochMs / 1000));
	},
});
