/* Our declaration of Moddable's "neopixel" driver ($(MODULES)/drivers/neopixel): only what this project uses. */

declare module "neopixel" {
	export default class NeoPixel {
		constructor(options: { length: number; pin: number; order?: "RGB" | "GRB" | "RGBW" });
		makeRGB(red: number, green: number, blue: number): number;
		setPixel(index: number, color: number): void;
		fill(color: number, index?: number, count?: number): void;
		update(): void;
		brightness: number;
		close(): void;
	}
}
