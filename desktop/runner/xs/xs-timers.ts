/*
 * The device's time inside the XS runner: one queue of timers in due order on the device's
 * clock (Node's, read through the bridge: real time, or the virtual clock the emulator
 * shares), and the driver that runs them. Every host call blocks XS until Node answers, so
 * the only other turns are promise jobs: the driver lets them settle, then sleeps Node's
 * clock to the next timer and fires it, as the board's Timer would. Runs inside xsnap
 * only: no Node import here.
 */
import type { TimerHandle, Timers } from "activation/interfaces";
import { call } from "./xs-bridge.ts";

/** Enough promise turns for the device's await chains to settle between two timers (as board-entry.ts). */
const MICROTASK_TURNS = 200;
/** Quiet rounds with no timer, nothing busy and the work unsettled before the run is called a deadlock. */
const IDLE_ROUNDS = 5;

interface QueuedTimer {
	readonly due: number;
	readonly order: number;
	readonly callback: () => void;
}

/** Lets the promise jobs queued now, and those they queue, run. */
export async function settle(): Promise<void> {
	for (let i = 0; i < MICROTASK_TURNS; i++) await Promise.resolve();
}

export class BridgedTimers implements Timers {
	readonly #queue: QueuedTimer[] = [];
	readonly #beforeEach: () => void;
	#order = 0;
	#running = false;

	/** `beforeEach` runs before every timer fires (the modem runner clears its scripted faults when due). */
	constructor(beforeEach: () => void = () => {}) {
		this.#beforeEach = beforeEach;
	}

	/** True while run() drives the timers. */
	get running(): boolean {
		return this.#running;
	}

	now(): number {
		return call({ op: "clock.now" }) as number;
	}

	set(callback: () => void, ms: number): TimerHandle {
		const timer: QueuedTimer = { due: this.now() + (ms > 0 ? ms : 0), order: this.#order++, callback };
		this.#queue.push(timer);
		return timer;
	}

	clear(handle: TimerHandle): void {
		const index = this.#queue.indexOf(handle as QueuedTimer);
		if (index >= 0) this.#queue.splice(index, 1);
	}

	/**
	 * Runs the timers until `work` settles and returns its value. `busy` says that something
	 * else still makes progress in promise jobs (a modem on its own virtual clock): device
	 * time waits for it. With no timer left and nothing busy, the run is a deadlock.
	 */
	async run<T>(work: Promise<T>, busy: () => boolean = () => false): Promise<T> {
		let settled = false;
		work.then(
			() => (settled = true),
			() => (settled = true),
		);
		this.#running = true;
		try {
			return await this.#drive(work, () => settled, busy);
		} finally {
			this.#running = false;
		}
	}

	async #drive<T>(work: Promise<T>, settled: () => boolean, busy: () => boolean): Promise<T> {
		let idle = 0;
		for (;;) {
			await settle();
			if (settled()) return work;
			const next = this.#earliest();
			// Asked once per round: `busy` may count the progress made since it was last asked.
			const working = busy();
			if (working || !next) {
				if (working) idle = 0;
				else if (++idle >= IDLE_ROUNDS) throw new Error("the device waits with no timer set and nothing running (deadlock)");
				continue;
			}
			idle = 0;
			const wait = next.due - this.now();
			// Node's sleep ends early when the run is stopped: the timer then fires early, and the stopped device ends.
			if (wait > 0) call({ op: "clock.sleep", ms: wait });
			this.clear(next);
			this.#beforeEach();
			next.callback();
		}
	}

	#earliest(): QueuedTimer | undefined {
		let next: QueuedTimer | undefined;
		for (const timer of this.#queue) if (!next || timer.due < next.due || (timer.due === next.due && timer.order < next.order)) next = timer;
		return next;
	}
}
