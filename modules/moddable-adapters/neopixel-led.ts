/*
 * The board's addressable RGB LED (WS2812 on GPIO48, GRB) on Moddable's neopixel driver,
 * showing a LedPattern: off, steady, or blinking with a Timer.
 */
import NeoPixel from "neopixel";
import Timer, { type TimerId } from "timer";
import type { LedOutput, LedPattern } from "led/led";

export class NeoPixelLed implements LedOutput {
	readonly #pixel: NeoPixel;
	#timer: TimerId | undefined;
	#lit = false;

	constructor(pin: number) {
		this.#pixel = new NeoPixel({ length: 1, pin, order: "GRB" });
		this.#pixel.brightness = 255; // the pattern's colour already carries the firmware's brightness
	}

	show(pattern: LedPattern): void {
		Timer.clear(this.#timer);
		this.#timer = undefined;
		const { red, green, blue } = pattern.color;
		const color = this.#pixel.makeRGB(red, green, blue);
		this.#set(pattern.mode === "off" ? 0 : color);
		if (pattern.mode !== "blink") return;
		this.#lit = true;
		this.#timer = Timer.repeat(() => {
			this.#lit = !this.#lit;
			this.#set(this.#lit ? color : 0);
		}, pattern.blinkMs);
	}

	#set(color: number): void {
		this.#pixel.setPixel(0, color);
		this.#pixel.update();
	}
}
