/*
 * Virtual time for the modem simulator and its tests: timers fire only when the test
 * runs them, in due-time order (ties in the order they were set), so a 30 s modem
 * timeout takes no real time. Pure TS: it runs on Node and inside XS.
 */

import type { TimerHandle, Timers, WallClock } from "activation/interfaces";

interface PendingTimer {
	readonly due: number;
	readonly order: number;
	readonly callback: () => void;
	cancelled: boolean;
}

/** Real I/O that virtual time must wait for: `busy()` while in flight, `idle()` yields to the event loop once. */
export interface RealIo {
	busy(): boolean;
	idle(): Promise<void>;
}

/** Enough promise turns for the driver's await chains to settle between two timers. */
const MICROTASK_TURNS = 200;

export class ManualClock implements Timers, WallClock {
	#now = 0;
	#order = 0;
	#fired = 0;
	#timers: PendingTimer[] = [];
	wallClockMs: number | undefined;

	now(): number {
		return this.#now;
	}

	set(callback: () => void, ms: number): TimerHandle {
		const timer: PendingTimer = { due: this.#now + Math.max(0, ms), order: this.#order++, callback, cancelled: false };
		this.#timers.push(timer);
		return timer;
	}

	clear(handle: TimerHandle): void {
		if (handle && typeof handle === "object" && "cancelled" in handle) (handle as PendingTimer).cancelled = true;
	}

	setWallClock(epochMs: number): void {
		this.wallClockMs = epochMs;
	}

	/** How many timers have fired: another loop that polls this clock sees progress between two looks. */
	get firedTimers(): number {
		return this.#fired;
	}

	get pendingTimers(): number {
		return this.#timers.filter((timer) => !timer.cancelled).length;
	}

	async flush(): Promise<void> {
		for (let i = 0; i < MICROTASK_TURNS; i++) await Promise.resolve();
	}

	#takeNext(limit: number): PendingTimer | undefined {
		this.#timers = this.#timers.filter((timer) => !timer.cancelled);
		let next: PendingTimer | undefined;
		for (const timer of this.#timers)
			if (!next || timer.due < next.due || (timer.due === next.due && timer.order < next.order)) next = timer;
		if (!next || next.due > limit) return undefined;
		this.#timers.splice(this.#timers.indexOf(next), 1);
		return next;
	}

	/** Move time forward by `ms`, firing every timer that falls due on the way. */
	async advance(ms: number): Promise<void> {
		const end = this.#now + ms;
		await this.flush();
		for (let timer = this.#takeNext(end); timer; timer = this.#takeNext(end)) {
			this.#now = Math.max(this.#now, timer.due);
			this.#fired++;
			timer.callback();
			await this.flush();
		}
		this.#now = end;
	}

	/**
	 * Run timers until `promise` settles, and return its value. Throws when nothing is left
	 * to run (a deadlock) or when more than `limitMs` of virtual time would pass.
	 */
	async run<T>(promise: Promise<T>, limitMs = 15 * 60_000, io?: RealIo): Promise<T> {
		let settled = false;
		promise.then(
			() => (settled = true),
			() => (settled = true),
		);
		const end = this.#now + limitMs;
		for (;;) {
			await this.flush();
			if (settled) return promise;
			if (io?.busy()) {
				// Real I/O in flight (forwarded HTTPS): let it finish before virtual time moves on.
				await io.idle();
				continue;
			}
			const timer = this.#takeNext(end);
			if (!timer) {
				const hasLater = this.#timers.some((t) => !t.cancelled);
				throw new Error(hasLater ? `still pending after ${limitMs} ms of virtual time` : "still pending with no timer left to run (deadlock)");
			}
			this.#now = Math.max(this.#now, timer.due);
			this.#fired++;
			timer.callback();
		}
	}
}
