/* Stand-in for the SDK's "time" module: ticks are the board run's virtual ms; Time.set records the wall clock. */
import { scheduler } from "./scheduler.ts";

export const wallClock: { seconds: number | undefined } = { seconds: undefined };

const Time = {
	get ticks(): number {
		return scheduler.now;
	},
	set(seconds: number): void {
		if (typeof seconds !== "number" || !Number.isFinite(seconds)) throw new TypeError("Time.set: seconds must be a number");
		wallClock.seconds = seconds;
	},
	timezone: 0,
	dst: 0,
	delta(start: number, end = scheduler.now): number {
		return end - start;
	},
};

export default Time;
