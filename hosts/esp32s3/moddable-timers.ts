/* The modem driver's Timers (modules/ml307/io) on Moddable's timer and time modules. */
import Time from "time";
import Timer, { type TimerId } from "timer";
import type { Timers } from "ml307/io";

export const moddableTimers: Timers = Object.freeze({
	now: () => Time.ticks,
	set: (callback: () => void, ms: number) => Timer.set(() => callback(), Math.max(0, ms)),
	clear: (handle: unknown) => Timer.clear(handle as TimerId | undefined),
});
