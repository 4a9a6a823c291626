/*
 * The board's buttons for the digital stand-in: GPIO0 is BOOT (pull-up: reads 1 when released,
 * 0 while held), GPIO39/40 the volume buttons (never pressed here). `pressButton` drives BOOT
 * as a hand would, on the board's timeline.
 */
import type { PinHost } from "../../../sdk-standins/host.ts";
import type { Timeline } from "../../../sdk-standins/timeline.ts";

const BOOT = 0;
/** BOOT and volume down / up. */
const BUTTON_PINS: readonly number[] = Object.freeze([BOOT, 39, 40]);

let level: 0 | 1 = 1;
let watchers: ((level: 0 | 1) => void)[] = [];

export const boardButtons: PinHost = Object.freeze({
	input(pin: number) {
		if (!BUTTON_PINS.includes(pin)) return undefined;
		let watcher: ((level: 0 | 1) => void) | undefined;
		return {
			level: () => (pin === BOOT ? level : 1),
			watch(onChange: (level: 0 | 1) => void) {
				if (pin !== BOOT) return;
				watcher = onChange;
				watchers.push(onChange);
			},
			close() {
				watchers = watchers.filter((each) => each !== watcher);
			},
		};
	},
});

function setLevel(value: 0 | 1): void {
	if (value === level) return;
	level = value;
	for (const watcher of [...watchers]) watcher(value);
}

/** A reboot: the app's pin objects are gone and BOOT is released. */
export function resetButtons(): void {
	watchers = [];
	level = 1;
}

/** When the hand last lets go of BOOT (board ms): a board run stays on while someone presses it. */
export const hand = { releasedAt: 0 };

/** A click (held 100 ms) or a double-click (two of 80 ms, 80 ms apart), starting now. */
export function pressButton(timeline: Timeline, gesture: "click" | "double-click"): void {
	const steps: [number, 0 | 1][] = gesture === "click" ? [[0, 0], [100, 1]] : [[0, 0], [80, 1], [160, 0], [240, 1]];
	for (const [at, value] of steps) timeline.add(() => setLevel(value), at);
	hand.releasedAt = Math.max(hand.releasedAt, timeline.now + steps[steps.length - 1]![0]);
}
