/*
 * Stand-in for ECMA-419 "embedded:io/digital" on the board run: GPIO0 is the BOOT button
 * (pull-up: reads 1 when released, 0 while held). `pressButton` drives it as a hand would.
 */
import { scheduler } from "./scheduler.ts";

interface DigitalOptions {
	readonly pin: number;
	readonly mode: number;
	readonly edge?: number;
	readonly onReadable?: (this: Digital) => void;
}

/** BOOT (GPIO0) and volume down / up (GPIO39 / GPIO40); only BOOT is ever pressed here. */
const BUTTON_PINS: readonly number[] = Object.freeze([0, 39, 40]);
const watchers: Digital[] = [];
let level: 0 | 1 = 1;

export default class Digital {
	static readonly Input = 0;
	static readonly InputPullUp = 1;
	static readonly Rising = 1;
	static readonly Falling = 2;
	readonly #onReadable: ((this: Digital) => void) | undefined;
	readonly #edge: number;
	readonly #pin: number;

	constructor(options: DigitalOptions) {
		if (!BUTTON_PINS.includes(options.pin)) throw new RangeError(`digital: only the buttons (GPIO0 BOOT, GPIO39/40 volume) are wired on this board run, not ${options.pin}`);
		if (options.mode !== Digital.InputPullUp) throw new RangeError(`digital: GPIO${options.pin} is a button with no external pull-up: InputPullUp`);
		this.#pin = options.pin;
		this.#onReadable = options.onReadable;
		this.#edge = options.edge ?? 0;
		watchers.push(this);
	}

	read(): 0 | 1 {
		return this.#pin === 0 ? level : 1;
	}

	close(): void {
		const index = watchers.indexOf(this);
		if (index >= 0) watchers.splice(index, 1);
	}

	/** @internal the pin changed. */
	notify(rising: boolean): void {
		if (this.#pin !== 0) return;
		if (this.#edge & (rising ? Digital.Rising : Digital.Falling)) this.#onReadable?.call(this);
	}
}

function setLevel(value: 0 | 1): void {
	if (value === level) return;
	level = value;
	for (const watcher of [...watchers]) watcher.notify(value === 1);
}

/** A reboot: the app's pin objects are gone. */
export function resetPins(): void {
	watchers.length = 0;
	level = 1;
}

/** When the hand last lets go of BOOT (board ms): a board run stays on while someone presses it. */
export const hand = { releasedAt: 0 };

/** A click (held 100 ms) or a double-click (two of 80 ms, 80 ms apart), starting now. */
export function pressButton(gesture: "click" | "double-click"): void {
	const steps: [number, 0 | 1][] = gesture === "click" ? [[0, 0], [100, 1]] : [[0, 0], [80, 1], [160, 0], [240, 1]];
	for (const [at, value] of steps) scheduler.set(() => setLevel(value), at);
	hand.releasedAt = Math.max(hand.releasedAt, scheduler.now + steps[steps.length - 1]![0]);
}
