/*
 * The simulated wire to the ideal port: the modem's bytes reach the ESP32 side in wire order,
 * however late the clock's timers fire, on a clock that moves while the link schedules.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { TimerHandle, Timers } from "../../../modules/activation/interfaces.ts";
import { SerialLink } from "../../../desktop/ml307-simulator/link.ts";

/**
 * A real clock as a loaded machine shows it: every reading is 0.2 ms after the last (the
 * process is preempted while a long transmission is cut into pieces), and timers fire by due
 * time, the earliest first, when the test runs them.
 */
interface PendingTimer {
	readonly due: number;
	readonly order: number;
	readonly callback: () => void;
}

class CreepingClock implements Timers {
	#now = 0;
	#order = 0;
	readonly #timers: PendingTimer[] = [];

	now(): number {
		return (this.#now += 0.2);
	}

	set(callback: () => void, ms: number): TimerHandle {
		const timer: PendingTimer = { due: this.now() + Math.max(0, ms), order: this.#order++, callback };
		this.#timers.push(timer);
		return timer;
	}

	clear(handle: TimerHandle): void {
		const at = this.#timers.indexOf(handle as PendingTimer);
		if (at >= 0) this.#timers.splice(at, 1);
	}

	runAll(): void {
		for (let fired = 0; this.#timers.length > 0 && fired < 10_000; fired++) {
			this.#timers.sort((a, b) => a.due - b.due || a.order - b.order);
			const next = this.#timers.shift()!;
			this.#now = Math.max(this.#now, next.due);
			next.callback();
		}
	}
}

test("the modem's bytes reach the ideal port in wire order, 5 bytes a piece, when the clock moves while they are scheduled", () => {
	const clock = new CreepingClock();
	const link = new SerialLink(clock, { hostBaud: 921600, chunkBytes: 5 });
	link.attach({ receive() {}, baud: 921600 });
	const received: number[] = [];
	link.host.setReceiver((bytes) => received.push(...bytes));
	const head = Uint8Array.from({ length: 200 }, (_, i) => 65 + (i % 26));
	const next = Uint8Array.from({ length: 40 }, (_, i) => 48 + (i % 10));
	link.fromModem(head);
	link.fromModem(next);
	clock.runAll();
	assert.equal(received.length, head.length + next.length);
	assert.deepEqual(received, [...head, ...next]);
});
