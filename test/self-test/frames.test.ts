/* What the self-test shows on the OLED: the test pattern a person judges, and text rows. Written as PNGs to out/self-test/ to look at. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { testPatternFrame, textFrame } from "../../modules/self-test/frames.ts";
import { FRAME_HEIGHT, FRAME_WIDTH, pixelAt, type Frame } from "../../modules/screens/frame.ts";
import { frameToPng } from "../../desktop/tools/frames.ts";

const OUT = fileURLToPath(new URL("../../out/self-test/", import.meta.url));

function save(name: string, frame: Frame): void {
	mkdirSync(OUT, { recursive: true });
	writeFileSync(`${OUT}${name}.png`, frameToPng(frame, 4));
}

function litIn(frame: Frame, x0: number, y0: number, x1: number, y1: number): number {
	let lit = 0;
	for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (pixelAt(frame, x, y)) lit++;
	return lit;
}

test("the test pattern: a 1-pixel border on all four edges, the corner block and TOP LEFT top left", () => {
	const frame = testPatternFrame();
	save("test-pattern", frame);
	for (let x = 0; x < FRAME_WIDTH; x++) assert.ok(pixelAt(frame, x, 0) && pixelAt(frame, x, FRAME_HEIGHT - 1), `border column ${x}`);
	for (let y = 0; y < FRAME_HEIGHT; y++) assert.ok(pixelAt(frame, 0, y) && pixelAt(frame, FRAME_WIDTH - 1, y), `border row ${y}`);
	assert.equal(litIn(frame, 2, 2, 8, 8), 36, "the 6x6 block in the top-left corner");
	assert.equal(litIn(frame, 120, 2, 126, 8), 0, "nothing in the top-right corner: a rotated panel shows it");
	assert.ok(litIn(frame, 11, 2, 60, 10) > 40, "text next to the block");
});

test("the test pattern: 4-pixel squares on the left, single-pixel stripes on the right", () => {
	const frame = testPatternFrame();
	assert.ok(pixelAt(frame, 2, 12) && !pixelAt(frame, 6, 12) && pixelAt(frame, 6, 16), "alternating squares");
	for (let x = 66; x < 126; x++) assert.equal(pixelAt(frame, x, 20), x % 2 === 0, `stripe column ${x}`);
});

test("text rows: up to three, inside the frame", () => {
	const frame = textFrame(["SELF-TEST PASSED", "5 ok 0 bad 3 n/a", "n/a: needs the board"]);
	save("summary", frame);
	assert.ok(litIn(frame, 0, 0, FRAME_WIDTH, 11) > 30 && litIn(frame, 0, 11, FRAME_WIDTH, 21) > 30 && litIn(frame, 0, 21, FRAME_WIDTH, FRAME_HEIGHT) > 30);
	assert.equal(litIn(textFrame(["a", "b", "c", "d"]), 0, 0, FRAME_WIDTH, FRAME_HEIGHT), litIn(textFrame(["a", "b", "c"]), 0, 0, FRAME_WIDTH, FRAME_HEIGHT));
});
