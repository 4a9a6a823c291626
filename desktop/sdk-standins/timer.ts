/*
 * Stand-in for the SDK's "timer" ($(MODULES)/base/timer/timer.js over mc/timer.c on the ESP32),
 * on the host's timeline (timeline.ts has the list's rules: passes in list order, repeats that
 * keep their place and do not drift). As the C: delays are converted as xsmcToInteger does
 * (NaN and undefined are 0, fractions truncate, a negative delay fires at the next pass), a
 * repeat of 0 is a one-shot (Timer.repeat(f, 0) fires once), the callback gets the timer's id,
 * clearing an id that is not a live timer (undefined, a fired one-shot, twice) does nothing,
 * Timer.schedule takes its timer as modTimer.c does (xsmcGetHostDataValidate): a fired one-shot
 * or a cleared timer is SyntaxError "C: xsGetHostData: invalid host data", anything that never
 * was a timer "C: xsGetHostData: not a host object". Timer.delay blocks the VM: time passes,
 * nothing runs.
 */
import type SdkTimer from "timer";
import type { TimerCallback, TimerId } from "timer";
import { standinHost } from "./host.ts";

/** xsmcToInteger: ToInt32. */
function toInteger(value: unknown): number {
	return Number(value) | 0;
}

function checkCallback(callback: unknown): (id: object) => void {
	if (typeof callback !== "function") throw new TypeError("Timer: callback is not a function");
	return callback as (id: object) => void;
}

/** Every id this module handed out (weakly: a dropped id is gone with its timer). */
const issued = new WeakSet<object>();

function issue(id: object): TimerId {
	issued.add(id);
	return id as TimerId;
}

// Typed as the SDK's API as the project declares it (typings/timer.d.ts): a stand-in that drifts from it does not compile.
const Timer: typeof SdkTimer = Object.freeze({
	set(callback: TimerCallback, delay?: number, repeat?: number): TimerId {
		return issue(standinHost().timeline.add(checkCallback(callback), toInteger(delay), toInteger(repeat)));
	},
	repeat(callback: TimerCallback, delay: number): TimerId {
		const interval = toInteger(delay);
		return issue(standinHost().timeline.add(checkCallback(callback), interval, interval));
	},
	schedule(id: TimerId, ...delays: number[]): void {
		const timeline = standinHost().timeline;
		if (!timeline.has(id)) throw new SyntaxError(issued.has(id) ? "C: xsGetHostData: invalid host data" : "C: xsGetHostData: not a host object");
		if (delays.length === 0) timeline.unschedule(id);
		else timeline.reschedule(id, toInteger(delays[0]), toInteger(delays[1]));
	},
	clear(id: TimerId | undefined): void {
		standinHost().timeline.remove(id);
	},
	delay(ms: number): void {
		standinHost().timeline.busy(toInteger(ms));
	},
});

export default Timer;
