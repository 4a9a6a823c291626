/* Fake of Moddable's "time": ticks are virtual milliseconds; Time.set takes whole seconds. */
import { virtualTime } from "./virtual-time.ts";

export const wallClockSets: number[] = [];

const Time = {
	get ticks(): number {
		return virtualTime.now;
	},
	set(seconds: number): void {
		if (typeof seconds !== "number" || !Number.isFinite(seconds)) throw new TypeError("Time.set: seconds must be a number");
		wallClockSets.push(seconds);
	},
	timezone: 0,
	dst: 0,
	delta(start: number, end = virtualTime.now): number {
		return end - start;
	},
};

export default Time;
