/*
 * A fake commodetto/Poco in Gray256, as the SSD1306 build renders: it keeps a display list,
 * rasterises drawMonochrome/fillRectangle at end(), and hands the whole frame to the
 * PixelsOut. Like the real driver path, a lit OLED pixel is a gray value >= 128.
 */
import type Bitmap from "./bitmap.ts";

export interface FakePixelsOut {
	readonly width: number;
	readonly height: number;
	readonly pixelFormat: number;
	/** Every frame sent, as gray bytes. */
	readonly sent: Uint8Array[];
	/** Arguments of every Poco begin(). */
	readonly begins: number[][];
	/**
	 * Bitmaps drawn from pixels in the XS heap (an ArrayBuffer, which a collection may move):
	 * the real Poco turns the collector off until end() for those, and end() allocates.
	 */
	readonly heapBitmapDraws: ArrayBufferLike[];
}

export function fakeScreen(width = 128, height = 32): FakePixelsOut {
	return { width, height, pixelFormat: 5, sent: [], begins: [], heapBitmapDraws: [] };
}

type Op = () => void;

export default class Poco {
	readonly width: number;
	readonly height: number;
	#ops: Op[] = [];
	#pixels: Uint8Array;
	#open = false;
	constructor(
		readonly pixelsOut: FakePixelsOut,
		readonly options: { displayListLength?: number } = {},
	) {
		this.width = pixelsOut.width;
		this.height = pixelsOut.height;
		this.#pixels = new Uint8Array(this.width * this.height);
	}
	makeColor(r: number, g: number, b: number): number {
		return Math.round(0.299 * r + 0.587 * g + 0.114 * b);
	}
	begin(...area: number[]): void {
		if (this.#open) throw new Error("begin() while a frame is open");
		this.pixelsOut.begins.push(area);
		this.#open = true;
		this.#ops = [];
	}
	fillRectangle(color: number, x: number, y: number, w: number, h: number): void {
		this.#ops.push(() => {
			for (let row = y; row < y + h; row++) for (let col = x; col < x + w; col++) this.#put(col, row, color);
		});
	}
	drawMonochrome(bitmap: Bitmap, fore: number | undefined, back: number | undefined, x: number, y: number): void {
		if (bitmap.pixelFormat !== 3) throw new Error("drawMonochrome needs a Monochrome bitmap");
		if (bitmap.buffer instanceof ArrayBuffer) this.pixelsOut.heapBitmapDraws.push(bitmap.buffer);
		const bytes = new Uint8Array(bitmap.buffer, bitmap.offset);
		const stride = Math.ceil(bitmap.width / 8);
		// Like Poco, the bits are read when the display list renders, not when the call is made.
		this.#ops.push(() => {
			for (let row = 0; row < bitmap.height; row++)
				for (let col = 0; col < bitmap.width; col++) {
					const lit = (bytes[row * stride + (col >> 3)]! & (0x80 >> (col & 7))) !== 0;
					const color = lit ? fore : back;
					if (color !== undefined) this.#put(x + col, y + row, color);
				}
		});
	}
	end(): void {
		if (!this.#open) throw new Error("end() without begin()");
		for (const op of this.#ops) op();
		this.pixelsOut.sent.push(this.#pixels.slice());
		this.#open = false;
	}
	close(): void {}
	#put(x: number, y: number, color: number): void {
		if (x >= 0 && y >= 0 && x < this.width && y < this.height) this.#pixels[y * this.width + x] = color;
	}
}
