/*
 * Stand-in for "commodetto/Poco" on the board run's OLED: a display list rasterised at end()
 * into Gray256 (the SSD1306 build's format); each frame goes to Node as the 1-bit frame the
 * panel shows (a pixel is lit at gray >= 128), so every frame the OLED would show is captured.
 */
import type Bitmap from "./bitmap.ts";
import { call } from "../xs-bridge.ts";
import { scheduler } from "./scheduler.ts";

export interface BoardPixelsOut {
	readonly width: number;
	readonly height: number;
	readonly pixelFormat: number;
}

const HEX = "0123456789abcdef";

export default class Poco {
	readonly width: number;
	readonly height: number;
	readonly #pixels: Uint8Array;
	#ops: (() => void)[] = [];
	#open = false;

	constructor(pixelsOut: BoardPixelsOut, _options: { displayListLength?: number } = {}) {
		this.width = pixelsOut.width;
		this.height = pixelsOut.height;
		this.#pixels = new Uint8Array(this.width * this.height);
	}

	makeColor(r: number, g: number, b: number): number {
		return Math.round(0.299 * r + 0.587 * g + 0.114 * b);
	}

	begin(): void {
		if (this.#open) throw new Error("Poco: begin() while a frame is open");
		this.#open = true;
		this.#ops = [];
	}

	drawMonochrome(bitmap: Bitmap, fore: number | undefined, back: number | undefined, x: number, y: number): void {
		if (bitmap.pixelFormat !== 3) throw new Error("Poco: drawMonochrome needs a Monochrome bitmap");
		const bytes = new Uint8Array(bitmap.buffer, bitmap.offset);
		const stride = Math.ceil(bitmap.width / 8);
		// As in Poco, the bits are read when the display list renders, not at the call.
		this.#ops.push(() => {
			for (let row = 0; row < bitmap.height; row++)
				for (let col = 0; col < bitmap.width; col++) {
					const color = bytes[row * stride + (col >> 3)]! & (0x80 >> (col & 7)) ? fore : back;
					const px = x + col;
					const py = y + row;
					if (color !== undefined && px >= 0 && py >= 0 && px < this.width && py < this.height) this.#pixels[py * this.width + px] = color;
				}
		});
	}

	end(): void {
		if (!this.#open) throw new Error("Poco: end() without begin()");
		for (const op of this.#ops) op();
		this.#open = false;
		call({ op: "board.frame", hex: this.#frameHex(), at: scheduler.now });
	}

	close(): void {}

	/** The panel's 1-bit frame, rows of 16 bytes, MSB first, as hex. */
	#frameHex(): string {
		let hex = "";
		for (let row = 0; row < this.height; row++)
			for (let byte = 0; byte < this.width / 8; byte++) {
				let bits = 0;
				for (let bit = 0; bit < 8; bit++) if (this.#pixels[row * this.width + byte * 8 + bit]! >= 128) bits |= 0x80 >> bit;
				hex += HEX[bits >> 4]! + HEX[bits & 15]!;
			}
		return hex;
	}
}
