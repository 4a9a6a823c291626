/*
 * The board's time inside XS for the `--board` run: one queue of timers in due order, the
 * SDK's `timer` and `time` stand-ins read it, and so do the modem simulator and the UART.
 * Time moves only when the run's driver (board-entry.ts) advances it to the next timer,
 * telling Node's clock (the emulator's) to move by the same amount. A busy VM is modelled
 * with `stallThen`: the chip's timers wait while the modem and the wire run on.
 */

export interface BoardTimer {
	readonly id: object;
	due: number;
	readonly order: number;
	readonly repeat: number | undefined;
	readonly callback: (id: object) => void;
	/** The modem's and the wire's timers: an ESP32 reboot does not stop them. */
	readonly offChip: boolean;
	/** The callback a VM stall was for: it runs before the chip timers that waited for the stall. */
	readonly afterStall?: boolean;
}

class BoardScheduler {
	now = 0;
	#order = 0;
	#timers: BoardTimer[] = [];
	/** The VM is busy until then: nothing on the chip runs before. */
	#busyUntil = 0;

	set(callback: (id: object) => void, ms: number, repeat?: number, offChip = false): object {
		const id = {};
		this.#timers.push({ id, due: this.#dueFor(this.now + Math.max(0, ms), offChip), order: this.#order++, repeat, callback, offChip });
		return id;
	}

	#dueFor(due: number, offChip: boolean): number {
		return !offChip && due < this.#busyUntil ? this.#busyUntil : due;
	}

	/**
	 * The VM is busy for `ms` of board time (a long JS turn), then runs `callback` first: the
	 * chip's timers that fall due meanwhile wait until after it; the modem and the wire run on.
	 */
	stallThen(callback: () => void, ms: number): void {
		const end = this.now + Math.max(0, ms);
		if (end > this.#busyUntil) this.#busyUntil = end;
		for (const timer of this.#timers) if (!timer.offChip && timer.due < end) timer.due = end;
		this.#timers.push({ id: {}, due: end, order: this.#order++, repeat: undefined, callback: () => callback(), offChip: false, afterStall: true });
	}

	clear(id: unknown): void {
		this.#timers = this.#timers.filter((timer) => timer.id !== id);
	}

	/** An ESP32 reboot: nothing the chip scheduled survives; the modem runs on. */
	rebootChip(): void {
		this.#timers = this.#timers.filter((timer) => timer.offChip);
		this.#busyUntil = this.now;
	}

	/** The next timer due, without taking it. */
	peek(): BoardTimer | undefined {
		let next: BoardTimer | undefined;
		for (const timer of this.#timers) if (!next || timer.due < next.due || (timer.due === next.due && firstOfTies(timer, next))) next = timer;
		return next;
	}

	/** Fires `timer` (now must be at its due time); a repeating one is queued again. */
	fire(timer: BoardTimer): void {
		const index = this.#timers.indexOf(timer);
		if (index < 0) return;
		this.#timers.splice(index, 1);
		if (timer.repeat !== undefined) this.#timers.push({ ...timer, due: this.#dueFor(this.now + Math.max(1, timer.repeat), timer.offChip), order: this.#order++ });
		timer.callback(timer.id);
	}
}

/** Of two timers due at once: a stalled callback first, then the one set first. */
function firstOfTies(timer: BoardTimer, other: BoardTimer): boolean {
	if (timer.afterStall !== other.afterStall) return timer.afterStall === true;
	return timer.order < other.order;
}

export const scheduler = new BoardScheduler();

/** The simulated modem's and the UART wire's Timers on the same queue (they outlive an ESP32 reboot). */
export const modemTimers = Object.freeze({
	now: () => scheduler.now,
	set: (callback: () => void, ms: number) => scheduler.set(() => callback(), ms, undefined, true),
	clear: (handle: unknown) => scheduler.clear(handle),
});
