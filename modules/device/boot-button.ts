/*
 * The BOOT button (GPIO0) as the official dual-network board reads it: a click on each
 * release, a double-click when two releases come within DOUBLE_CLICK_MS. Edges closer
 * than DEBOUNCE_MS to the last one are contact bounce and ignored. Pure: the platform hands
 * in the level changes and a clock.
 */

/** iot_button's default double-click window on the firmware's buttons. */
export const DOUBLE_CLICK_MS = 400;
export const DEBOUNCE_MS = 20;

export type ButtonGesture = "click" | "double-click";

/** What a platform gives for GPIO0: level changes, true while pressed. */
export interface ButtonInput {
	watch(listener: (pressed: boolean) => void): void;
}

export class BootButton {
	readonly #now: () => number;
	readonly #onGesture: (gesture: ButtonGesture) => void;
	#pressed = false;
	#lastEdgeAt = Number.NEGATIVE_INFINITY;
	#lastClickAt = Number.NEGATIVE_INFINITY;

	constructor(now: () => number, onGesture: (gesture: ButtonGesture) => void) {
		this.#now = now;
		this.#onGesture = onGesture;
	}

	/** One level change of the pin (true = pressed, GPIO0 low). */
	edge(pressed: boolean): void {
		const at = this.#now();
		if (pressed === this.#pressed || at - this.#lastEdgeAt < DEBOUNCE_MS) return;
		this.#lastEdgeAt = at;
		this.#pressed = pressed;
		if (pressed) return;
		// A click on each release; the second within the window is also a double-click, as iot_button reports both.
		const double = at - this.#lastClickAt <= DOUBLE_CLICK_MS;
		this.#lastClickAt = double ? Number.NEGATIVE_INFINITY : at;
		this.#onGesture(double ? "double-click" : "click");
	}
}

Object.freeze(BootButton.prototype);
