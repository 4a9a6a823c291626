/* desktop/tools/frames.ts: the terminal view and the PNG writer/reader the host runner and the goldens use. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createFrame, setPixel, FRAME_WIDTH, FRAME_HEIGHT } from "../../modules/screens/frame.ts";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { frameToTerminal, frameToPng, pngToFrame, decodePng, FrameSink } from "../../desktop/tools/frames.ts";
import type { ActivationEvent } from "../../modules/activation/events.ts";
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

test("FrameSink: prints and writes a numbered PNG only when the frame changes", () => {
	const dir = mkdtempSync(join(tmpdir(), "frames-"));
	try {
		const printed: string[] = [];
		const sink = new FrameSink({ language: "zh-CN", framesDir: dir, write: (t) => printed.push(t), scale: 2 });
		const events: ActivationEvent[] = [
			{ type: "checking", host: "api.tenclass.net", attempt: 1, maxAttempts: 10 },
			{ type: "code", code: "209835", message: "xiaozhi.me\n209835", replaced: false },
			{ type: "activating", attempt: 1, maxAttempts: 10 },
			{ type: "pending", attempt: 1, heldMs: 0, retryInMs: 3000 },
			{ type: "countdown", remainingMs: 2000, next: "activate" },
			{ type: "activated", viaCode: true },
		];
		const changed = events.map((e) => sink.onEvent(e));
		assert.deepEqual(changed, [true, true, true, false, false, true]);
		assert.deepEqual(readdirSync(dir).sort(), ["001-checking.png", "002-code.png", "003-code.png", "004-activated.png"]);
		const second = pngToFrame(readFileSync(join(dir, "002-code.png")));
		assert.equal(differingPixels(second, renderScreen({ kind: "code", code: "209835", message: "xiaozhi.me\n209835", status: { phase: "shown" } }, "zh-CN")), 0);
		assert.equal(printed.length, 4);
		assert.equal(printed[0]!.split("\n").length, 16 + 2 + 1, "16 rows of half blocks inside a border");
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});

test("FrameSink: a countdown's ticks reach the terminal but never a PNG file (and not the terminal with countdownFrames false)", () => {
	const dir = mkdtempSync(join(tmpdir(), "frames-"));
	try {
		const printed: string[] = [];
		const quiet: string[] = [];
		const sink = new FrameSink({ language: "en-US", framesDir: dir, write: (t) => printed.push(t), scale: 1 });
		const quietSink = new FrameSink({ language: "en-US", write: (t) => quiet.push(t), countdownFrames: false });
		const reason = { kind: "connect", detail: "ECONNREFUSED" } as const;
		const events: ActivationEvent[] = [
			{ type: "checking", host: "127.0.0.1:9", attempt: 1, maxAttempts: 10 },
			{ type: "check-failed", reason, attempt: 1, maxAttempts: 10, retryInMs: 5000 },
		];
		for (let ms = 5000; ms > 0; ms -= 1000) events.push({ type: "countdown", remainingMs: ms, next: "check" });
		events.push({ type: "checking", host: "127.0.0.1:9", attempt: 2, maxAttempts: 10 });
		for (const event of events) {
			sink.onEvent(event);
			quietSink.onEvent(event);
		}
		assert.deepEqual(readdirSync(dir).sort(), ["001-checking.png", "002-failed.png", "003-checking.png"]);
		assert.equal(sink.filesWritten, 3);
		assert.equal(printed.length, 3 + 4, "the terminal shows the 4 ticks after the first (5 s is the failure frame itself)");
		assert.equal(quiet.length, 3);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});
