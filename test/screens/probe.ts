/*
 * Measuring rendered frames the way a person looks at them: where the ink is. Portable (the
 * screen specs run on XS too).
 */
import { FRAME_HEIGHT, FRAME_WIDTH, pixelAt, type Frame } from "../../modules/screens/frame.ts";

export interface InkBox {
	readonly left: number;
	readonly right: number;
	readonly top: number;
	readonly bottom: number;
}

/** Runs of columns holding ink between rows top..bottom (inclusive), each with its ink box. */
export function inkGroups(frame: Frame, top: number, bottom: number): InkBox[] {
	const boxes: InkBox[] = [];
	let current: { left: number; right: number; top: number; bottom: number } | undefined;
	for (let x = 0; x <= FRAME_WIDTH; x++) {
		let colTop = -1;
		let colBottom = -1;
		if (x < FRAME_WIDTH)
			for (let y = top; y <= bottom; y++)
				if (pixelAt(frame, x, y)) {
					if (colTop < 0) colTop = y;
					colBottom = y;
				}
		if (colTop >= 0) {
			if (!current) current = { left: x, right: x, top: colTop, bottom: colBottom };
			else {
				current.right = x;
				current.top = Math.min(current.top, colTop);
				current.bottom = Math.max(current.bottom, colBottom);
			}
		} else if (current) {
			boxes.push(current);
			current = undefined;
		}
	}
	return boxes;
}

/** Rows that hold any ink, as [first, last], or undefined for an empty band. */
export function inkRows(frame: Frame, top = 0, bottom = FRAME_HEIGHT - 1, left = 0, right = FRAME_WIDTH - 1): [number, number] | undefined {
	let first = -1;
	let last = -1;
	for (let y = top; y <= bottom; y++)
		for (let x = left; x <= right; x++)
			if (pixelAt(frame, x, y)) {
				if (first < 0) first = y;
				last = y;
				break;
			}
	return first < 0 ? undefined : [first, last];
}

/** The rows top..bottom of a frame as a string of 0/1, for comparing bands of two frames. */
export function band(frame: Frame, top: number, bottom: number): string {
	let text = "";
	for (let y = top; y <= bottom; y++) for (let x = 0; x < FRAME_WIDTH; x++) text += pixelAt(frame, x, y) ? "1" : "0";
	return text;
}

/** How many pixels differ between two frames. */
export function differingPixels(a: Frame, b: Frame): number {
	let count = 0;
	for (let y = 0; y < FRAME_HEIGHT; y++) for (let x = 0; x < FRAME_WIDTH; x++) if (pixelAt(a, x, y) !== pixelAt(b, x, y)) count++;
	return count;
}
