/*
 * The board's time for the stand-ins: `timer`, `time`, AudioOut's playback, the Wi-Fi radio,
 * SNTP and the serial ports all read it, on the board run inside XS and in the Node tests.
 * Time moves only when the host moves it (the board run's driver, a test's advance()).
 *
 * Chip timers (the `timer` module's) behave as the ESP32's list does ($(MODULES)/base/timer/mc/timer.c):
 *   - one list in the order the timers were made; a pass marks every timer due when it
 *     starts, then fires the marked ones in list order (not in due order: two timers overdue
 *     together after a busy VM fire in the order they were set);
 *   - a timer made during a pass waits for the next pass;
 *   - a repeating timer keeps its place in the list and its due time moves by its interval
 *     from the time it was due, not from now (late by several intervals, it fires once a pass
 *     until it has caught up); a repeat of 0 is a one-shot;
 *   - a timer cleared before its turn in a pass does not fire.
 * Hardware timers (the modem simulator's, the UART line's) are on the same list but never
 * wait for the VM: a stall (a long JS turn, `stallThen`) holds the chip timers only, and the
 * callback the stall was for runs first when it ends. An ESP32 reboot drops the chip timers.
 */

interface Entry {
	readonly id: object;
	due: number;
	/** 0: one-shot. */
	repeat: number;
	readonly callback: (id: object) => void;
	/** The modem's and the wire's: a reboot or a busy VM does not hold them. */
	readonly hardware: boolean;
	/** The callback a VM stall was for: it runs before the chip timers that waited for the stall. */
	readonly afterStall: boolean;
	marked: boolean;
	unscheduled: boolean;
}

export class Timeline {
	/** Board milliseconds. */
	now = 0;
	/** Told of every Timer.delay (the VM blocked): the board run moves Node's clock along. */
	onBusy: ((ms: number) => void) | undefined;
	#entries: Entry[] = [];
	/** The VM is busy until then: no chip timer fires before. */
	#busyUntil = 0;

	/** A timer due `ms` from now (negative: at the next pass), then every `repeat` ms when repeat is not 0. */
	add(callback: (id: object) => void, ms: number, repeat = 0, hardware = false): object {
		const id = {};
		this.#entries.push({ id, due: this.#dueFor(this.now + ms, hardware), repeat, callback, hardware, afterStall: false, marked: false, unscheduled: false });
		return id;
	}

	/** Timer.schedule(id, ms, repeat): due again from now. */
	reschedule(id: unknown, ms: number, repeat: number): void {
		const entry = this.#entry(id);
		if (!entry) return;
		entry.due = this.#dueFor(this.now + ms, entry.hardware);
		entry.repeat = repeat;
		entry.unscheduled = false;
	}

	/** Timer.schedule(id): kept, but it fires no more until rescheduled. */
	unschedule(id: unknown): void {
		const entry = this.#entry(id);
		if (!entry) return;
		entry.unscheduled = true;
		entry.marked = false;
		// As the SDK's: an unscheduled timer is not removed after its callback.
		entry.repeat = -1;
	}

	remove(id: unknown): boolean {
		const index = this.#entries.findIndex((entry) => entry.id === id);
		if (index < 0) return false;
		this.#entries.splice(index, 1);
		return true;
	}

	has(id: unknown): boolean {
		return this.#entry(id) !== undefined;
	}

	/** When the next timer is due (it may be now or earlier), or undefined when none is scheduled. */
	nextDue(): number | undefined {
		let next: number | undefined;
		for (const entry of this.#entries) if (!entry.unscheduled && (next === undefined || entry.due < next)) next = entry.due;
		return next;
	}

	/** How many timers are scheduled (the board run's driver ends when none is). */
	get size(): number {
		return this.#entries.filter((entry) => !entry.unscheduled).length;
	}

	/**
	 * One pass at `now`: the timers due when it starts fire, a stall's callback first, then in
	 * list order. Returns how many fired.
	 */
	runPass(): number {
		const now = this.now;
		for (const entry of this.#entries) entry.marked = !entry.unscheduled && entry.due <= now;
		let fired = 0;
		for (const afterStall of [true, false]) {
			for (let entry = this.#nextMarked(afterStall); entry; entry = this.#nextMarked(afterStall)) {
				entry.marked = false;
				entry.due += entry.repeat;
				fired++;
				try {
					entry.callback(entry.id);
				} finally {
					if (entry.repeat === 0) this.remove(entry.id);
				}
			}
		}
		return fired;
	}

	/** Runs every pass due up to now + ms, then leaves the clock there (tests; nothing real waits). */
	advance(ms: number): void {
		const end = this.now + Math.max(0, ms);
		for (let next = this.nextDue(); next !== undefined && next <= end; next = this.nextDue()) {
			if (next > this.now) this.now = next;
			this.runPass();
		}
		this.now = end;
	}

	/** Timer.delay: the VM blocks for `ms`; nothing runs meanwhile, and what fell due fires afterwards. */
	busy(ms: number): void {
		if (!(ms > 0)) return;
		this.now += ms;
		this.onBusy?.(ms);
	}

	/**
	 * The VM is busy for `ms` (a long JS turn), then runs `callback` first: the chip's timers
	 * that fall due meanwhile wait until after it; the hardware runs on.
	 */
	stallThen(callback: () => void, ms: number): void {
		const end = this.now + Math.max(0, ms);
		if (end > this.#busyUntil) this.#busyUntil = end;
		for (const entry of this.#entries) if (!entry.hardware && entry.due < end) entry.due = end;
		this.#entries.push({ id: {}, due: end, repeat: 0, callback: () => callback(), hardware: false, afterStall: true, marked: false, unscheduled: false });
	}

	/** An ESP32 reboot: nothing the chip scheduled survives; the modem runs on. */
	rebootChip(): void {
		this.#entries = this.#entries.filter((entry) => entry.hardware);
		this.#busyUntil = this.now;
	}

	/** Forgets everything (a test's fresh board). */
	reset(): void {
		this.now = 0;
		this.#entries = [];
		this.#busyUntil = 0;
	}

	#entry(id: unknown): Entry | undefined {
		return this.#entries.find((entry) => entry.id === id);
	}

	#nextMarked(afterStall: boolean): Entry | undefined {
		return this.#entries.find((entry) => entry.marked && entry.afterStall === afterStall);
	}

	#dueFor(due: number, hardware: boolean): number {
		return !hardware && due < this.#busyUntil ? this.#busyUntil : due;
	}
}

/** The hardware's timers (the simulated modem, the UART line) on `timeline`: a reboot and a busy VM do not hold them. */
export function hardwareTimers(timeline: Timeline): { now(): number; set(callback: () => void, ms: number): object; clear(handle: unknown): void } {
	return Object.freeze({
		now: () => timeline.now,
		set: (callback: () => void, ms: number) => timeline.add(() => callback(), Math.max(0, ms), 0, true),
		clear: (handle: unknown) => void timeline.remove(handle),
	});
}
