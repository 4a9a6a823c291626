/*
 * A frame of the 128x32 OLED: 1 bit per pixel, rows of 16 bytes, the leftmost pixel in the
 * most significant bit (Moddable's Bitmap.Monochrome layout), 1 = lit.
 */

export const FRAME_WIDTH = 128;
export const FRAME_HEIGHT = 32;
export const FRAME_STRIDE = FRAME_WIDTH / 8;
export const FRAME_BYTES = FRAME_STRIDE * FRAME_HEIGHT;

export type Frame = Uint8Array;

export function createFrame(): Frame {
	return new Uint8Array(FRAME_BYTES);
}

/** Sets one pixel; pixels outside the frame are ignored (callers lay out within it). */
export function setPixel(frame: Frame, x: number, y: number, lit = true): void {
	if (x < 0 || y < 0 || x >= FRAME_WIDTH || y >= FRAME_HEIGHT) return;
	const index = y * FRAME_STRIDE + (x >> 3);
	const mask = 0x80 >> (x & 7);
	frame[index] = lit ? frame[index]! | mask : frame[index]! & ~mask;
}

export function pixelAt(frame: Frame, x: number, y: number): boolean {
	if (x < 0 || y < 0 || x >= FRAME_WIDTH || y >= FRAME_HEIGHT) return false;
	return (frame[y * FRAME_STRIDE + (x >> 3)]! & (0x80 >> (x & 7))) !== 0;
}

/** Fills a rectangle, clipped to the frame; a byte (8 pixels) at a time where it can. */
export function fillRect(frame: Frame, x: number, y: number, width: number, height: number, lit = true): void {
	const left = Math.max(0, x);
	const right = Math.min(FRAME_WIDTH, x + width); // exclusive
	const top = Math.max(0, y);
	const bottom = Math.min(FRAME_HEIGHT, y + height);
	if (left >= right || top >= bottom) return;
	for (let row = top; row < bottom; row++) {
		const base = row * FRAME_STRIDE;
		let col = left;
		while (col < right) {
			const bit = col & 7;
			const span = Math.min(8 - bit, right - col);
			const mask = ((0xff >> bit) & (0xff << (8 - bit - span))) & 0xff;
			const at = base + (col >> 3);
			frame[at] = lit ? frame[at]! | mask : frame[at]! & ~mask;
			col += span;
		}
	}
}

export function framesEqual(a: Frame, b: Frame): boolean {
	if (a.length !== b.length) return false;
	for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
	return true;
}

/** The frame as lowercase hex, 32 lines of 32 digits (one line per row). */
export function frameToHex(frame: Frame): string {
	let text = "";
	for (let y = 0; y < FRAME_HEIGHT; y++) {
		for (let i = 0; i < FRAME_STRIDE; i++) text += frame[y * FRAME_STRIDE + i]!.toString(16).padStart(2, "0");
		text += "\n";
	}
	return text;
}

export function frameFromHex(hex: string): Frame {
	const digits = hex.replace(/\s+/g, "");
	if (digits.length !== FRAME_BYTES * 2 || /[^0-9a-fA-F]/.test(digits))
		throw new Error(`frame: expected ${FRAME_BYTES * 2} hex digits, got ${digits.length}`);
	const frame = createFrame();
	for (let i = 0; i < FRAME_BYTES; i++) frame[i] = parseInt(digits.substring(2 * i, 2 * i + 2), 16);
	return frame;
}
