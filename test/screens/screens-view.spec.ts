/*
 * The screen reducer: which activation events change what the screen shows, and that the
 * code stays up from the moment it arrives until the device is activated. Runs on Node and XS.
 */
import { spec, assert } from "../support/spec.ts";
import { INITIAL_VIEW, screenViewFor, type ScreenView } from "screens/view";
import { renderScreen } from "screens/render";
import type { ActivationEvent } from "activation/events";
import { createFrame, fillRect, framesEqual, setPixel } from "screens/frame";
import { screenLanguage } from "screens/strings";

function fold(events: readonly ActivationEvent[], start: ScreenView = INITIAL_VIEW): ScreenView[] {
	const views: ScreenView[] = [];
	let view = start;
	for (const event of events) {
		view = screenViewFor(view, event);
		views.push(view);
	}
	return views;
}

const CODE: ActivationEvent = { type: "code", code: "209835", message: "xiaozhi.me\n209835", replaced: false };

spec("screen view: starting, checking with the host, then the code", () => {
	const views = fold([
		{ type: "starting", userAgent: "bread-compact-ml307/2.0.4", otaUrl: "https://api.tenclass.net/xiaozhi/ota/" },
		{ type: "checking", host: "api.tenclass.net", attempt: 1, maxAttempts: 10 },
		CODE,
	]);
	assert.deepEqual(views[0], { kind: "starting", userAgent: "bread-compact-ml307/2.0.4" });
	assert.deepEqual(views[1], { kind: "checking", host: "api.tenclass.net", attempt: 1, maxAttempts: 10 });
	assert.deepEqual(views[2], { kind: "code", code: "209835", message: "xiaozhi.me\n209835", status: { phase: "shown" } });
});

spec("screen view: the code stays through attempts, 202s, failed attempts and re-checks", () => {
	const views = fold([
		CODE,
		{ type: "activating", attempt: 1, maxAttempts: 10 },
		{ type: "pending", attempt: 1, heldMs: 0, retryInMs: 3000 },
		{ type: "countdown", remainingMs: 2000, next: "activate" },
		{ type: "activating", attempt: 2, maxAttempts: 10 },
		{ type: "activate-failed", attempt: 2, reason: { kind: "http-status", status: 500, detail: "" }, retryInMs: 10000 },
		{ type: "countdown", remainingMs: 9000, next: "activate" },
		{ type: "checking", host: "api.tenclass.net", attempt: 1, maxAttempts: 10 },
		{ type: "check-failed", reason: { kind: "timeout", detail: "" }, attempt: 1, maxAttempts: 10, retryInMs: 10000 },
		CODE,
	]);
	for (const view of views) assert.equal(view.kind, "code");
	const statuses = views.map((v) => (v.kind === "code" ? v.status : undefined));
	assert.deepEqual(statuses[1], { phase: "activating", attempt: 1, maxAttempts: 10 });
	assert.deepEqual(statuses[2], statuses[1], "a 202 does not change the status line");
	assert.deepEqual(statuses[4], { phase: "activating", attempt: 2, maxAttempts: 10 });
	assert.deepEqual(statuses[6], { phase: "retry", reason: { kind: "http-status", status: 500, detail: "" }, retryInMs: 9000 });
	assert.deepEqual(statuses[7], { phase: "checking" });
	assert.equal(statuses[8]!.phase, "retry");
	assert.deepEqual(statuses[9], statuses[8], "the same code again keeps the status");
});

spec("screen view: a new code replaces the old one and starts fresh", () => {
	const [, , replaced] = fold([CODE, { type: "activating", attempt: 4, maxAttempts: 10 }, { type: "code", code: "551122", message: "xiaozhi.me\n551122", replaced: true }]);
	assert.deepEqual(replaced, { kind: "code", code: "551122", message: "xiaozhi.me\n551122", status: { phase: "shown" } });
});

spec("screen view: check failures count down, then the flow gives up", () => {
	const views = fold([
		{ type: "checking", host: "api.tenclass.net", attempt: 1, maxAttempts: 10 },
		{ type: "check-failed", reason: { kind: "dns", detail: "ENOTFOUND" }, attempt: 1, maxAttempts: 10, retryInMs: 10000 },
		{ type: "countdown", remainingMs: 9000, next: "check" },
		{ type: "warning", message: "ignored" },
		{ type: "check-failed", reason: { kind: "dns", detail: "ENOTFOUND" }, attempt: 10, maxAttempts: 10, retryInMs: 0 },
		{ type: "gave-up", reason: { kind: "dns", detail: "ENOTFOUND" } },
	]);
	assert.deepEqual(views[1], { kind: "failed", reason: { kind: "dns", detail: "ENOTFOUND" }, retryInMs: 10000, final: false });
	assert.deepEqual(views[2], { kind: "failed", reason: { kind: "dns", detail: "ENOTFOUND" }, retryInMs: 9000, final: false });
	assert.equal(views[3], views[2], "a warning leaves the screen alone");
	assert.deepEqual(views[5], { kind: "failed", reason: { kind: "dns", detail: "ENOTFOUND" }, retryInMs: 0, final: true });
});

spec("screen view: activated ends the code screen, saying whether a code was used", () => {
	const [, done] = fold([CODE, { type: "activated", viaCode: true }]);
	assert.deepEqual(done, { kind: "activated", viaCode: true });
	assert.deepEqual(screenViewFor(INITIAL_VIEW, { type: "activated", viaCode: false }), { kind: "activated", viaCode: false });
});

spec("screen view: a round of 202s changes the frame once per attempt, never back and forth", () => {
	const events: ActivationEvent[] = [CODE];
	for (let attempt = 1; attempt <= 3; attempt++) {
		events.push({ type: "activating", attempt, maxAttempts: 10 });
		events.push({ type: "pending", attempt, heldMs: 0, retryInMs: 3000 });
		for (const remainingMs of [3000, 2000, 1000]) events.push({ type: "countdown", remainingMs, next: "activate" });
	}
	for (const language of ["zh-CN", "en-US"] as const) {
		const frames = fold(events).map((view) => renderScreen(view, language));
		let changes = 0;
		for (let i = 1; i < frames.length; i++) if (!framesEqual(frames[i]!, frames[i - 1]!)) changes++;
		assert.equal(changes, 3, `${language}: one change per attempt`);
	}
});

spec("screen language: zh codes pick zh-CN, everything else en-US; unknown languages are refused by the renderer", () => {
	assert.equal(screenLanguage("zh-CN"), "zh-CN");
	assert.equal(screenLanguage("zh-TW"), "zh-CN");
	assert.equal(screenLanguage("en-US"), "en-US");
	assert.equal(screenLanguage("ja-JP"), "en-US");
	assert.equal(screenLanguage(""), "en-US");
	assert.throws(() => renderScreen(INITIAL_VIEW, "fr-FR" as never), /unknown language/);
	assert.throws(() => renderScreen({ kind: "splash" } as never, "en-US"), /unknown view "splash"/);
});

spec("frame: fillRect fills exactly its pixels, clipped to the frame, at any alignment", () => {
	for (const [x, y, w, h] of [[0, 0, 128, 32], [3, 1, 10, 2], [7, 5, 1, 1], [8, 0, 8, 1], [-5, -2, 9, 4], [120, 30, 20, 9], [13, 3, 101, 7]] as const) {
		for (const lit of [true, false]) {
			const fast = createFrame();
			const slow = createFrame();
			if (!lit) {
				fast.fill(0xff);
				slow.fill(0xff);
			}
			fillRect(fast, x, y, w, h, lit);
			for (let row = y; row < y + h; row++) for (let col = x; col < x + w; col++) setPixel(slow, col, row, lit);
			assert.deepEqual(fast, slow, `${x},${y} ${w}x${h} ${lit ? "lit" : "dark"}`);
		}
	}
});
