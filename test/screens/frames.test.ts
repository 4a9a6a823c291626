/* tools/frames.ts: the terminal view and the PNG writer/reader the host runner and the goldens use. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createFrame, setPixel, FRAME_WIDTH, FRAME_HEIGHT } from "../../modules/screens/frame.ts";
import { frameToTerminal, frameToPng, pngToFrame, decodePng } from "../../tools/frames.ts";
import { renderScreen } from "../../modules/screens/render.ts";
import { differingPixels } from "./probe.ts";

test("terminal: 16 lines of 128 half blocks, one character per pixel column", () => {
	const frame = createFrame();
	setPixel(frame, 0, 0); // top only
	setPixel(frame, 1, 1); // bottom only
	setPixel(frame, 2, 0);
	setPixel(frame, 2, 1); // both
	setPixel(frame, 127, 31);
	const lines = frameToTerminal(frame).split("\n");
	assert.equal(lines.length, FRAME_HEIGHT / 2);
	for (const line of lines) assert.equal([...line].length, FRAME_WIDTH);
	assert.equal([...lines[0]!].slice(0, 4).join(""), "▀▄█ ");
	assert.equal([...lines[15]!][127], "▄");
});

test("PNG: written at the asked scale and read back to the same frame", () => {
	const frame = renderScreen({ kind: "code", code: "209835", message: "xiaozhi.me\n209835", status: { phase: "shown" } }, "zh-CN");
	for (const scale of [1, 3, 4]) {
		const png = frameToPng(frame, scale);
		const image = decodePng(png);
		assert.equal(image.width, FRAME_WIDTH * scale);
		assert.equal(image.height, FRAME_HEIGHT * scale);
		assert.equal(differingPixels(pngToFrame(png), frame), 0, `scale ${scale}`);
	}
});

test("PNG: bad scale and foreign images are refused with a clear error", () => {
	assert.throws(() => frameToPng(createFrame(), 0), /scale/);
	assert.throws(() => frameToPng(createFrame(), 2.5), /scale/);
	assert.throws(() => pngToFrame(Buffer.from("not a png")), /not a PNG/);
});
