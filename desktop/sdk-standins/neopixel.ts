/*
 * Stand-in for Moddable's "neopixel" on the board run: the one status LED. A colour set right
 * after makeRGB() is a new pattern (NeoPixelLed.show; a blink's toggles reuse the colour
 * made then): it goes to the console as `led: <pattern>`, named by its colour (modules/led's
 * table), so the runner can tell what the LED showed. The last colour is kept for the record.
 */
import { ledPatternOfColor } from "led/led";

export const ledState = { color: 0, updates: 0 };

export default class NeoPixel {
	brightness = 0;
	#color = 0;
	/** The colour makeRGB() last made, until the update() that shows it. */
	#made: { red: number; green: number; blue: number } | undefined;

	constructor(options: { readonly length: number; readonly pin: number; readonly order?: string }) {
		if (options.length !== 1 || options.pin !== 48) throw new RangeError(`neopixel: the board has one LED on GPIO48, not ${options.length} on ${options.pin}`);
	}

	makeRGB(red: number, green: number, blue: number): number {
		this.#made = { red: red & 0xff, green: green & 0xff, blue: blue & 0xff };
		return ((red & 0xff) << 16) | ((green & 0xff) << 8) | (blue & 0xff);
	}

	setPixel(_index: number, color: number): void {
		this.#color = color;
	}

	fill(color: number): void {
		this.#color = color;
	}

	update(): void {
		ledState.color = this.#color;
		ledState.updates++;
		const made = this.#made;
		if (!made) return;
		this.#made = undefined;
		const pattern = ledPatternOfColor(made.red, made.green, made.blue);
		trace(`led: ${pattern ? pattern.name : `rgb(${made.red},${made.green},${made.blue})`}\n`);
	}

	close(): void {}
}
