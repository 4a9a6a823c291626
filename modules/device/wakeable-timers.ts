/*
 * Timers whose long waits a BOOT press can end early: the modem bring-up's pauses and its
 * 10 s retry between SIM / registration rounds. Short timers (AT answer waits) are never
 * cut: only a wait of at least WAKEABLE_MS counts as one the user is waiting through.
 */

import type { TimerHandle, Timers } from "activation/interfaces";

export const WAKEABLE_MS = 1000;

interface Pending {
	readonly callback: () => void;
	inner: TimerHandle;
}

export class WakeableTimers implements Timers {
	readonly #timers: Timers;
	readonly #pending = new Set<Pending>();

	constructor(timers: Timers) {
		this.#timers = timers;
	}

	now(): number {
		return this.#timers.now();
	}

	set(callback: () => void, ms: number): TimerHandle {
		if (ms < WAKEABLE_MS) return this.#timers.set(callback, ms);
		const pending: Pending = { callback, inner: undefined };
		pending.inner = this.#timers.set(() => {
			this.#pending.delete(pending);
			callback();
		}, ms);
		this.#pending.add(pending);
		return pending;
	}

	clear(handle: TimerHandle): void {
		const pending = handle as Pending;
		if (this.#pending.delete(pending)) this.#timers.clear(pending.inner);
		else this.#timers.clear(handle);
	}

	/** Fires every long wait now. True when there was one. */
	wake(): boolean {
		if (this.#pending.size === 0) return false;
		const due = [...this.#pending];
		this.#pending.clear();
		for (const pending of due) {
			this.#timers.clear(pending.inner);
			pending.callback();
		}
		return true;
	}
}

Object.freeze(WakeableTimers.prototype);
