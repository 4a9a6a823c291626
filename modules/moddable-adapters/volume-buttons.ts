/*
 * The volume up / down buttons (active low, to ground): one press is one step. Presses
 * closer than the debounce time to the last are contact bounce and ignored.
 */
import Digital from "embedded:io/digital";
import Time from "time";

const DEBOUNCE_MS = 150;

export function watchVolumeButtons(pins: { readonly up: number; readonly down: number }, onPress: (direction: 1 | -1) => void): void {
	let lastMs = Number.NEGATIVE_INFINITY;
	const watch = (pin: number, direction: 1 | -1): Digital =>
		new Digital({
			pin,
			mode: Digital.InputPullUp,
			edge: Digital.Falling,
			onReadable() {
				const now = Time.ticks;
				if (now - lastMs < DEBOUNCE_MS) return;
				lastMs = now;
				onPress(direction);
			},
		});
	watch(pins.up, 1);
	watch(pins.down, -1);
}
