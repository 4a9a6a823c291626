/* Fake of Moddable's "timer" on virtual time, with the runtime's rules. */
import { virtualTime } from "./virtual-time.ts";

function checkDelay(name: string, value: unknown): number {
	if (value === undefined) return 0;
	if (typeof value !== "number" || !Number.isFinite(value) || value < 0) throw new RangeError(`Timer.${name}: bad interval ${String(value)}`);
	return value;
}

const Timer = {
	set(callback: (id: object) => void, interval?: number, repeat?: number): object {
		if (typeof callback !== "function") throw new TypeError("Timer.set: callback is not a function");
		const id = {};
		virtualTime.timers.push({ id, due: virtualTime.now + checkDelay("set", interval), repeat: repeat === undefined ? undefined : checkDelay("set", repeat), callback });
		return id;
	},
	repeat(callback: (id: object) => void, interval: number): object {
		return Timer.set(callback, interval, interval);
	},
	clear(id: object | undefined): void {
		const index = virtualTime.timers.findIndex((timer) => timer.id === id);
		if (index >= 0) virtualTime.timers.splice(index, 1);
	},
	schedule(): void {
		throw new Error("Timer.schedule is not used by the adapters");
	},
	delay(): void {
		throw new Error("Timer.delay blocks the VM: adapters must not call it");
	},
};

export default Timer;
