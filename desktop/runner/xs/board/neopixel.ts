/* Stand-in for Moddable's "neopixel" on the board run: the one status LED's colour, kept for the run's record. */
export const ledState = { color: 0, updates: 0 };

export default class NeoPixel {
	brightness = 0;
	#color = 0;

	constructor(options: { readonly length: number; readonly pin: number; readonly order?: string }) {
		if (options.length !== 1 || options.pin !== 48) throw new RangeError(`neopixel: the board has one LED on GPIO48, not ${options.length} on ${options.pin}`);
	}

	makeRGB(red: number, green: number, blue: number): number {
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
	}

	close(): void {}
}
