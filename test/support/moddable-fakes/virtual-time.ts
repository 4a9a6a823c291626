/*
 * Virtual milliseconds shared by the timer and time fakes: tests advance it explicitly,
 * nothing waits for real time.
 */
export interface PendingTimer {
	readonly id: object;
	due: number;
	readonly repeat: number | undefined;
	readonly callback: (id: object) => void;
}

export const virtualTime = {
	now: 0,
	timers: [] as PendingTimer[],
	/** Runs every timer due up to now + ms, in due order, then leaves the clock there. */
	advance(ms: number): void {
		const end = this.now + ms;
		for (;;) {
			const next = this.timers.filter((timer) => timer.due <= end).sort((a, b) => a.due - b.due)[0];
			if (!next) break;
			this.now = next.due;
			if (next.repeat === undefined) this.timers.splice(this.timers.indexOf(next), 1);
			else next.due += Math.max(1, next.repeat);
			next.callback(next.id);
		}
		this.now = end;
	},
	reset(): void {
		this.now = 0;
		this.timers.length = 0;
	},
};
