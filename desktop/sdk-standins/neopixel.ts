/*
 * Stand-in for the SDK's "neopixel" on the ESP32 ($(MODULES)/drivers/neopixel/esp32/modneopixel.c),
 * for the strip the host wires. As the C: no length is RangeError "no pixels", no pin "no pin",
 * an order that is not 3 or 4 letters "invalid order"; makeRGB packs the bytes in the strip's
 * order (GRB unless told); setPixel and fill outside the strip do nothing; brightness starts
 * at 64. update() shows the pixels: the host gets their colours, and the colours made with
 * makeRGB() since the last update (a new pattern, where a blink's toggles reuse one). A strip
 * on a pin the host has nothing on is refused (the stand-in cannot show it).
 */
import type SdkNeoPixel from "neopixel";
import { hostPart, type Rgb } from "./host.ts";

function toInteger(value: unknown): number {
	return Number(value) | 0;
}

class NeoPixel {
	brightness = 64;
	readonly length: number;
	readonly #pixels: number[];
	/** Bit shifts of red, green, blue in a packed colour. */
	readonly #shifts: { red: number; green: number; blue: number };
	#made: Rgb[] = [];

	constructor(options: { readonly length: number; readonly pin: number; readonly order?: string }) {
		const led = hostPart("led", "neopixel");
		const length = toInteger(options.length);
		if (!length) throw new RangeError("no pixels");
		const pin = "pin" in options ? toInteger(options.pin) : -1;
		if (pin < 0) throw new RangeError("no pin");
		const order = options.order || "GRB";
		if (order.length !== 3 && order.length !== 4) throw new Error("invalid order");
		if (pin !== led.pin || length > led.length) throw new RangeError(`neopixel: the host wires ${led.length} pixel(s) on GPIO${led.pin}, not ${length} on GPIO${pin}`);
		const top = order.length === 4 ? 24 : 16;
		this.#shifts = { red: top - 8 * order.indexOf("R"), green: top - 8 * order.indexOf("G"), blue: top - 8 * order.indexOf("B") };
		this.length = length;
		this.#pixels = new Array<number>(length).fill(0);
	}

	makeRGB(red: number, green: number, blue: number): number {
		const rgb = { red: toInteger(red) & 0xff, green: toInteger(green) & 0xff, blue: toInteger(blue) & 0xff };
		this.#made.push(rgb);
		const shifts = this.#shifts;
		return ((rgb.red << shifts.red) | (rgb.green << shifts.green) | (rgb.blue << shifts.blue)) >>> 0;
	}

	setPixel(index: number, color: number): void {
		const at = toInteger(index);
		if (at >= 0 && at < this.length) this.#pixels[at] = Number(color) >>> 0;
	}

	fill(color: number, index?: number, count?: number): void {
		let at = 0;
		let left = this.length;
		if (index !== undefined) {
			at = toInteger(index);
			if (at < 0 || at >= left) return;
			if (count !== undefined) {
				left = toInteger(count);
				if (left <= 0) return;
			}
			left = Math.min(left, this.length - at);
		}
		while (left-- > 0) this.#pixels[at++] = Number(color) >>> 0;
	}

	update(): void {
		const shifts = this.#shifts;
		const colors = this.#pixels.map((packed) => ({ red: (packed >>> shifts.red) & 0xff, green: (packed >>> shifts.green) & 0xff, blue: (packed >>> shifts.blue) & 0xff }));
		const made = this.#made;
		this.#made = [];
		hostPart("led", "neopixel").show(colors, this.brightness, made);
	}

	close(): void {}
}
Object.freeze(NeoPixel.prototype);

// Typed as the SDK's API as the project declares it (typings/neopixel.d.ts).
export default NeoPixel satisfies typeof SdkNeoPixel;
