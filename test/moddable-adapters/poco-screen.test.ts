/* modules/moddable-adapters/poco-screen.ts on the Poco stand-in in Gray256 (the SSD1306 build's format, desktop/sdk-standins/poco.ts). */
import { resetSdk, sdk } from "../support/sdk-standins/register.ts";
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import type { ActivationEvent } from "../../modules/activation/events.ts";
import { renderScreen } from "../../modules/screens/render.ts";
import { pixelAt } from "../../modules/screens/frame.ts";
import { screen as pixelsOut } from "../support/sdk-standins/node-host.ts";

const { PocoScreen } = await import("moddable-adapters/poco-screen");

beforeEach(() => resetSdk());

/** A 128x32 screen and what Poco sent it: frames (gray bytes), begin() areas, bitmaps drawn from the XS heap. */
function fakeScreen(width = 128, height = 32) {
	const out = pixelsOut(width, height);
	return {
		out,
		get sent(): Uint8Array[] {
			return sdk.frames.filter((frame) => frame.pixelsOut === out).map((frame) => frame.gray);
		},
		get begins(): (readonly number[])[] {
			return sdk.begins.filter((begin) => begin.pixelsOut === out).map((begin) => begin.area);
		},
		get heapBitmapDraws(): object[] {
			return sdk.heapBitmapDraws.filter((each) => each === out);
		},
	};
}

function setup(scroll = false) {
	let now = 0;
	const panel = fakeScreen();
	const screen = new PocoScreen(panel.out, { language: "en-US", now: () => now, scroll });
	return { panel, screen, advance: (ms: number) => (now += ms) };
}

/** What the OLED lights: gray >= 128, as the SSD1306 driver thresholds without dither. */
function litDiffers(gray: Uint8Array, frame: Uint8Array): number {
	let diff = 0;
	for (let y = 0; y < 32; y++) for (let x = 0; x < 128; x++) if (gray[y * 128 + x]! >= 128 !== pixelAt(frame, x, y)) diff++;
	return diff;
}

const CODE: ActivationEvent = { type: "code", code: "209835", message: "xiaozhi.me\n209835", replaced: false };

test("the panel shows exactly the rendered frame, drawn as a full frame (begin() with no area)", () => {
	const { panel, screen } = setup();
	screen.onEvent(CODE);
	assert.equal(panel.sent.length, 1);
	assert.deepEqual(panel.begins, [[]]);
	const expected = renderScreen(screen.view, "en-US");
	assert.equal(litDiffers(panel.sent[0]!, expected), 0);
	// Dark pixels are drawn dark (back colour), not left as they were.
	assert.ok(panel.sent[0]!.every((v) => v === 0 || v === 255));
});

test("the bitmap Poco draws is outside the XS heap, so a draw never turns the collector off", () => {
	// Poco holds a bitmap whose pixels are a movable ArrayBuffer by turning the collector off
	// until end(), and end() allocates: with the heap full at that moment, XS aborts ("memory
	// full"; seen in the simulator's 4G run). Pixels in a SharedArrayBuffer are not movable.
	const { panel, screen } = setup();
	screen.onEvent(CODE);
	screen.onEvent({ type: "activating", attempt: 1, maxAttempts: 10 });
	assert.equal(panel.sent.length, 2);
	assert.deepEqual(panel.heapBitmapDraws, []);
});

test("an event that leaves the frame unchanged sends nothing", () => {
	const { panel, screen } = setup();
	screen.onEvent(CODE);
	screen.onEvent({ type: "activating", attempt: 1, maxAttempts: 10 });
	screen.onEvent({ type: "pending", attempt: 1, heldMs: 0, retryInMs: 3000 });
	screen.onEvent({ type: "warning", message: "x" });
	screen.onEvent(CODE);
	assert.equal(panel.sent.length, 2, "the code, then the attempt note");
	assert.equal(screen.draws, 2);
});

test("countdowns redraw at most once a second", () => {
	const { panel, screen, advance } = setup();
	screen.onEvent({ type: "check-failed", reason: { kind: "connect", detail: "" }, attempt: 1, maxAttempts: 10, retryInMs: 10000 });
	assert.equal(panel.sent.length, 1);
	advance(400);
	screen.onEvent({ type: "countdown", remainingMs: 9000, next: "check" });
	assert.equal(panel.sent.length, 1, "too soon");
	advance(600);
	screen.onEvent({ type: "countdown", remainingMs: 8600, next: "check" });
	assert.equal(panel.sent.length, 2);
	assert.equal(litDiffers(panel.sent[1]!, renderScreen(screen.view, "en-US")), 0, "shows the latest count");
	// Other events are never held back.
	screen.onEvent({ type: "checking", host: "api.tenclass.net", attempt: 2, maxAttempts: 10 });
	assert.equal(panel.sent.length, 3);
});

test("scrolling moves only when asked, and only rows that overflow", () => {
	const { panel, screen } = setup(true);
	screen.onEvent({ type: "code", code: "209835", message: "Open the console at https://xiaozhi.me and add this device", replaced: false });
	for (let i = 0; i < 6; i++) screen.tick();
	assert.ok(panel.sent.length > 1 && panel.sent.length < 7, `${panel.sent.length} draws`);
	const still = setup(true);
	still.screen.onEvent(CODE);
	for (let i = 0; i < 6; i++) still.screen.tick();
	assert.equal(still.panel.sent.length, 1, "a row that fits never redraws");
});

test("with a scheduler, events only schedule a draw, and the draw shows the latest view once", () => {
	const pending: (() => void)[] = [];
	const panel = fakeScreen();
	const screen = new PocoScreen(panel.out, { language: "en-US", now: () => 0, schedule: (draw) => void pending.push(draw) });
	screen.onEvent({ type: "starting", userAgent: "bread-compact-ml307/2.0.4", otaUrl: "https://api.tenclass.net/xiaozhi/ota/" });
	screen.onEvent(CODE);
	assert.equal(panel.sent.length, 0, "nothing drawn inside the event");
	assert.equal(pending.length, 1, "one draw scheduled for both events");
	pending.shift()!();
	assert.equal(panel.sent.length, 1);
	assert.equal(litDiffers(panel.sent[0]!, renderScreen(screen.view, "en-US")), 0, "the code screen, not the starting one");
	screen.onEvent({ type: "warning", message: "x" });
	pending.shift()!();
	assert.equal(panel.sent.length, 1, "an unchanged view is not sent again");
});

test("a screen of the wrong size is refused", () => {
	assert.throws(() => new PocoScreen(fakeScreen(128, 64).out, { language: "zh-CN", now: () => 0 }), /128x32/);
});
