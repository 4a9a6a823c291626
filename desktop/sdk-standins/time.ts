/*
 * Stand-in for the SDK's "time" ($(MODULES)/base/time/time.js over esp/modTime.c): ticks are
 * the host timeline's milliseconds (an integer), Time.delta(start, end) is end - start (end
 * defaults to now), Time.set(seconds) sets the wall clock (the host's), with the argument
 * converted as xsmcToUnsigned does; timezone and dst hold what was set.
 */
import type SdkTime from "time";
import { standinHost } from "./host.ts";

let timezone = 0;
let dst = 0;

// Typed as the SDK's API as the project declares it (typings/time.d.ts).
const Time: typeof SdkTime = {
	get ticks(): number {
		return Math.floor(standinHost().timeline.now);
	},
	set(seconds: number): void {
		standinHost().setWallClock?.(Number(seconds) >>> 0);
	},
	get timezone(): number {
		return timezone;
	},
	set timezone(seconds: number) {
		timezone = Number(seconds) | 0;
	},
	get dst(): number {
		return dst;
	},
	set dst(seconds: number) {
		dst = Number(seconds) | 0;
	},
	delta(start: number, end?: number): number {
		const until = end === undefined ? Math.floor(standinHost().timeline.now) : Number(end);
		return until - Number(start);
	},
};
Object.freeze(Time);

export default Time;
