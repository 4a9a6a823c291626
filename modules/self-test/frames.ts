/*
 * What the self-test shows on the 128x32 OLED: a test pattern a person can judge at a glance
 * (a 1-pixel border on all four edges, a solid block and "TOP LEFT" in the top-left corner so
 * a panel mounted the wrong way round shows it, a checkerboard of 4-pixel squares and
 * 1-pixel stripes), a line asking for the BOOT button, and the summary.
 */
import { createFrame, fillRect, setPixel, FRAME_HEIGHT, FRAME_WIDTH, type Frame } from "screens/frame";
import { drawRun, toRun } from "screens/text";

/** Baselines of three rows of the small face (7 up, 2 down) in 32 rows. */
const ROW_BASELINES = Object.freeze([9, 19, 29]);
const MARGIN = 2;

export function testPatternFrame(): Frame {
	const frame = createFrame();
	fillRect(frame, 0, 0, FRAME_WIDTH, 1);
	fillRect(frame, 0, FRAME_HEIGHT - 1, FRAME_WIDTH, 1);
	fillRect(frame, 0, 0, 1, FRAME_HEIGHT);
	fillRect(frame, FRAME_WIDTH - 1, 0, 1, FRAME_HEIGHT);
	fillRect(frame, MARGIN, MARGIN, 6, 6);
	drawRun(frame, toRun("TOP LEFT"), 11, 9);
	// Checkerboard of 4x4 squares, left half, below the text.
	for (let y = 12; y < FRAME_HEIGHT - MARGIN; y += 4)
		for (let x = MARGIN; x < FRAME_WIDTH / 2; x += 4) if (((x - MARGIN) / 4 + (y - 12) / 4) % 2 === 0) fillRect(frame, x, y, 4, 4);
	// One-pixel vertical stripes, right half: every other column lit.
	for (let x = FRAME_WIDTH / 2 + 2; x < FRAME_WIDTH - MARGIN; x += 2) for (let y = 12; y < FRAME_HEIGHT - MARGIN; y++) setPixel(frame, x, y);
	return frame;
}

/** Up to three rows of text, left-aligned. */
export function textFrame(rows: readonly string[]): Frame {
	const frame = createFrame();
	for (let i = 0; i < rows.length && i < ROW_BASELINES.length; i++) drawRun(frame, toRun(rows[i]!), MARGIN, ROW_BASELINES[i]!);
	return frame;
}
