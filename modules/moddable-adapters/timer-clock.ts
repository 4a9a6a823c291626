/* Clock on Moddable's time (monotonic ticks, wall clock) and timer (sleeps) modules. */
import Time from "time";
import Timer from "timer";
import type { Clock } from "activation/interfaces";

export class TimerClock implements Clock {
	now(): number {
		return Time.ticks;
	}

	sleep(ms: number): Promise<void> {
		const delay = Number.isFinite(ms) && ms > 0 ? Math.ceil(ms) : 0;
		return new Promise((resolve) => {
			Timer.set(() => resolve(), delay);
		});
	}

	setWallClock(epochMs: number): void {
		if (!Number.isFinite(epochMs) || epochMs < 0) throw new RangeError(`cannot set the clock to ${epochMs}`);
		Time.set(Math.floor(epochMs / 1000));
	}
}
