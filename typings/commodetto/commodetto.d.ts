/*
 * Our declarations of the Commodetto modules the screen adapter uses (Poco drawing into a
 * PixelsOut, 1-bit bitmaps), written for exactly what modules/moddable-adapters/poco-screen.ts calls.
 * The npm @moddable/typings 5.6.0 has no `screen` global outside commodetto/Poco and types
 * bitmap buffers loosely; these are narrower.
 */

declare module "commodetto/PixelsOut" {
	/** A display driver (the SSD1306 on the board, the simulator's screen on lin). */
	export interface PixelsOut {
		readonly width: number;
		readonly height: number;
		readonly pixelFormat: number;
		begin(x: number, y: number, width: number, height: number): void;
		send(pixels: ArrayBuffer, offset: number, count: number): void;
		end(): void;
		/** Drivers that can only update the whole panel (SSD1306) widen every area here. */
		adaptInvalid(area: { x: number; y: number; width: number; height: number }): void;
	}
	const PixelsOut: { prototype: PixelsOut };
	export default PixelsOut;
}

declare module "commodetto/Bitmap" {
	/** Pixels in a buffer, described for Poco; Monochrome rows are MSB first, byte-aligned. */
	export interface Bitmap {
		readonly width: number;
		readonly height: number;
		readonly pixelFormat: number;
		readonly offset: number;
	}
	interface BitmapConstructor {
		new (width: number, height: number, pixelFormat: number, buffer: ArrayBuffer, offset: number): Bitmap;
		readonly Default: number;
		readonly Monochrome: 3;
		readonly Gray16: 4;
		readonly Gray256: 5;
		readonly RGB565LE: 7;
	}
	const Bitmap: BitmapConstructor;
	export default Bitmap;
}

declare module "commodetto/Poco" {
	import type { PixelsOut } from "commodetto/PixelsOut";
	import type { Bitmap } from "commodetto/Bitmap";

	export interface PocoPrototype {
		readonly width: number;
		readonly height: number;
		/** With no arguments: the whole screen (what a full-frame driver needs). */
		begin(x?: number, y?: number, width?: number, height?: number): void;
		/** Renders the display list and sends the pixels; throws when the list overflowed. */
		end(): void;
		/** A native colour for the pixel format (Gray256: luminance, black 0, white 255). */
		makeColor(r: number, g: number, b: number): number;
		fillRectangle(color: number, x: number, y: number, width: number, height: number): void;
		/** Set bits in `fore`, clear bits in `back`; `undefined` leaves those pixels alone. */
		drawMonochrome(bitmap: Bitmap, fore: number | undefined, back: number | undefined, x: number, y: number): void;
		close(): void;
	}
	interface PocoConstructor {
		new (pixelsOut: PixelsOut, options?: { displayListLength?: number; rotation?: 0 | 90 | 180 | 270 }): PocoPrototype;
	}
	const Poco: PocoConstructor;
	export default Poco;
}
