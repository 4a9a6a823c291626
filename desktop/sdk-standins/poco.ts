/*
 * Stand-in for the SDK's "commodetto/Poco" ($(MODULES)/commodetto/commodettoPoco.c) drawing
 * into a Gray256 PixelsOut (the SSD1306 build's format): calls are kept in a display list
 * between begin() and end() and rendered at end() (a bitmap's bits are read then, not at the
 * call), clipped to the screen; the finished frame goes to the host's display. begin()
 * inside a frame and end() outside one throw. A bitmap whose pixels are in the XS heap (an
 * ArrayBuffer) is told to the host: the SDK's Poco turns the collector off until end() for it.
 */
import type SdkPoco from "commodetto/Poco";
import type { Bitmap } from "commodetto/Bitmap";
import type { PixelsOut } from "commodetto/PixelsOut";
import { hostPart } from "./host.ts";

const MONOCHROME = 3;

class Poco {
	readonly width: number;
	readonly height: number;
	readonly #pixelsOut: PixelsOut;
	readonly #pixels: Uint8Array;
	#ops: (() => void)[] = [];
	#open = false;

	constructor(pixelsOut: PixelsOut, _options: { displayListLength?: number } = {}) {
		this.#pixelsOut = pixelsOut;
		this.width = pixelsOut.width;
		this.height = pixelsOut.height;
		this.#pixels = new Uint8Array(this.width * this.height);
	}

	makeColor(r: number, g: number, b: number): number {
		return Math.round(0.299 * r + 0.587 * g + 0.114 * b);
	}

	begin(...area: number[]): void {
		if (this.#open) throw new Error("Poco: begin() while a frame is open");
		hostPart("display", "Poco").begin?.(this.#pixelsOut, area);
		this.#open = true;
		this.#ops = [];
	}

	fillRectangle(color: number, x: number, y: number, width: number, height: number): void {
		this.#ops.push(() => {
			for (let row = y; row < y + height; row++) for (let col = x; col < x + width; col++) this.#put(col, row, color);
		});
	}

	drawMonochrome(bitmap: Bitmap, fore: number | undefined, back: number | undefined, x: number, y: number): void {
		if (bitmap.pixelFormat !== MONOCHROME) throw new Error("Poco: drawMonochrome needs a Monochrome bitmap");
		const buffer = (bitmap as Bitmap & { readonly buffer: ArrayBufferLike }).buffer;
		if (buffer instanceof ArrayBuffer) hostPart("display", "Poco").heapBitmap?.(this.#pixelsOut);
		const bytes = new Uint8Array(buffer, bitmap.offset);
		const stride = Math.ceil(bitmap.width / 8);
		this.#ops.push(() => {
			for (let row = 0; row < bitmap.height; row++)
				for (let col = 0; col < bitmap.width; col++) {
					const color = bytes[row * stride + (col >> 3)]! & (0x80 >> (col & 7)) ? fore : back;
					if (color !== undefined) this.#put(x + col, y + row, color);
				}
		});
	}

	end(): void {
		if (!this.#open) throw new Error("Poco: end() without begin()");
		for (const op of this.#ops) op();
		this.#ops = [];
		this.#open = false;
		hostPart("display", "Poco").frame(this.#pixelsOut, this.#pixels.slice(), this.width, this.height);
	}

	close(): void {}

	#put(x: number, y: number, color: number): void {
		if (x >= 0 && y >= 0 && x < this.width && y < this.height) this.#pixels[y * this.width + x] = color;
	}
}
Object.freeze(Poco.prototype);

// Typed as the SDK's API as the project declares it (typings/commodetto/commodetto.d.ts).
export default Poco satisfies typeof SdkPoco;
