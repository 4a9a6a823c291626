/*
 * The contract of the SDK's "timer" ($(MODULES)/base/timer/modTimer.c over the platform's list:
 * mc/timer.c on the ESP32, glib's timeouts on lin): when timers fire and in which order, what
 * the callback gets, clear and schedule, and the errors of modTimer.c (schedule takes its timer
 * with xsmcGetHostDataValidate). Margins are wide: the simulator's run loop is real time.
 * The ESP32's list (mc/timer.c modTimersExecute): a pass marks the timers due when it starts
 * and fires them in list order, so timers overdue together fire in the order they were set
 * (lin's glib sources, dispatched in the order they were added, do the same).
 */
import type SdkTimer from "timer";
import type { TimerId } from "timer";
import { expectEqual, expectNoThrow, expectThrows, type ContractCheck } from "sdk-contracts/contract";

export function timerContract(Timer: typeof SdkTimer): ContractCheck[] {
	return [
		{
			name: "a timer fires once, after its delay, with its id as the argument",
			async run(env) {
				const calls: unknown[] = [];
				const id = Timer.set((got) => calls.push(got), 200);
				await env.wait(50);
				expectEqual(calls.length, 0, "calls before the delay");
				await env.wait(400);
				expectEqual(calls.length, 1, "calls after the delay");
				expectEqual(calls[0] === id, true, "the argument is the timer's id");
			},
		},
		{
			name: "the shorter delay fires first; equal delays fire in the order they were set",
			async run(env) {
				const order: string[] = [];
				Timer.set(() => order.push("late"), 120);
				Timer.set(() => order.push("first"), 20);
				Timer.set(() => order.push("second"), 20);
				await env.wait(400);
				expectEqual(order, ["first", "second", "late"], "the order");
			},
		},
		{
			name: "timers overdue together after a busy VM fire in the order they were set, not by due time",
			async run(env) {
				const order: string[] = [];
				Timer.set(() => order.push("due later"), 60);
				Timer.set(() => order.push("due sooner"), 10);
				Timer.delay(150);
				await env.wait(100);
				expectEqual(order, ["due later", "due sooner"], "the order");
			},
		},
		{
			name: "a timer set by a callback during a pass waits for the next pass",
			async run(env) {
				const order: string[] = [];
				Timer.set(() => {
					order.push("first");
					Timer.set(() => order.push("set during the pass"), 0);
				}, 20);
				Timer.set(() => order.push("second"), 20);
				await env.wait(300);
				expectEqual(order, ["first", "second", "set during the pass"], "the order");
			},
		},
		{
			name: "Timer.repeat fires every interval until cleared, even from its own callback",
			async run(env) {
				let count = 0;
				const id = Timer.repeat(() => {
					count++;
					if (count === 3) Timer.clear(id);
				}, 30);
				await env.wait(500);
				expectEqual(count, 3, "calls");
			},
		},
		{
			name: "a timer cleared before it is due never fires; clearing undefined, twice or after it fired is no error",
			async run(env) {
				let fired = 0;
				const cleared = Timer.set(() => fired++, 50);
				Timer.clear(cleared);
				expectNoThrow(() => Timer.clear(cleared), "clearing twice");
				expectNoThrow(() => Timer.clear(undefined), "clearing undefined");
				const done = Timer.set(() => {}, 10);
				await env.wait(200);
				expectEqual(fired, 0, "calls of the cleared timer");
				expectNoThrow(() => Timer.clear(done), "clearing a fired one-shot");
			},
		},
		{
			name: "Timer.schedule(id) holds a timer; Timer.schedule(id, delay) sets it due again",
			async run(env) {
				let fired = 0;
				const id = Timer.set(() => fired++, 40);
				Timer.schedule(id);
				await env.wait(200);
				expectEqual(fired, 0, "calls while held");
				Timer.schedule(id, 40);
				await env.wait(300);
				expectEqual(fired, 1, "calls once scheduled again");
			},
		},
		{
			name: "Timer.schedule of what is not a live timer is modTimer.c's SyntaxError",
			async run(env) {
				expectThrows(() => Timer.schedule({} as TimerId, 10), SyntaxError, "C: xsGetHostData: not a host object", "a plain object");
				const done = Timer.set(() => {}, 10);
				await env.wait(200);
				expectThrows(() => Timer.schedule(done, 10), SyntaxError, "C: xsGetHostData: invalid host data", "a fired one-shot");
				const cleared = Timer.set(() => {}, 10);
				Timer.clear(cleared);
				expectThrows(() => Timer.schedule(cleared, 10), SyntaxError, "C: xsGetHostData: invalid host data", "a cleared timer");
			},
		},
	];
}
