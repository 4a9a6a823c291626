/*
 * XS side of the screens benchmark (and of test/device/memory.test.ts): renders as globals, so
 * the Node side can evaluate each in its own crank and read xsnap's meter for it. Renders
 * go into one frame made here, as on the device (ScreenPresenter).
 */
import { renderScreen } from "screens/render";
import { createFrame } from "screens/frame";
import { ScreenPresenter } from "screens/presenter";
import { screenViewFor, INITIAL_VIEW, type ScreenView } from "screens/view";

const code: ScreenView = { kind: "code", code: "209835", message: "xiaozhi.me\n209835", status: { phase: "activating", attempt: 3, maxAttempts: 10 } };
const failure: ScreenView = {
	kind: "failed",
	reason: { kind: "server-error", detail: "License not found or already activated; refresh the code" },
	retryInMs: 10000,
	final: false,
};
const retrying: ScreenView = {
	kind: "code",
	code: "209835",
	message: "xiaozhi.me\n209835",
	status: { phase: "retry", reason: { kind: "timeout", detail: "no answer within 30 s" }, retryInMs: 10000 },
};
/** Equal to `code` but another object, as a reducer makes for an event that changes nothing visible. */
const codeAgain: ScreenView = { ...code };
const frame = createFrame();
const presenters = { "zh-CN": new ScreenPresenter("zh-CN"), "en-US": new ScreenPresenter("en-US") };
let view: ScreenView = retrying;
let remainingMs = 10000;
let kept: unknown[] = [];

const screensBench = {
	noop(): void {},
	code(language: "zh-CN" | "en-US"): void {
		renderScreen(code, language, undefined, frame);
	},
	failure(language: "zh-CN" | "en-US"): void {
		renderScreen(failure, language, undefined, frame);
	},
	/** The code screen shown once, so the next `unchanged` finds it on the panel. */
	present(language: "zh-CN" | "en-US"): boolean {
		return presenters[language].render(code);
	},
	/** The same screen again, as a new but equal view (an event that changes nothing visible). */
	unchanged(language: "zh-CN" | "en-US"): boolean {
		return presenters[language].render(codeAgain);
	},
	/** One countdown second on the code screen after a failed attempt: reduce the event, render what changed. */
	tick(language: "zh-CN" | "en-US"): boolean {
		remainingMs = remainingMs > 1000 ? remainingMs - 1000 : 10000;
		view = screenViewFor(view, { type: "countdown", remainingMs, next: "activate" });
		return presenters[language].render(view);
	},
	reduce(): void {
		kept.push(screenViewFor(INITIAL_VIEW, { type: "countdown", remainingMs: 1000, next: "check" }));
	},
	release(): void {
		kept = [];
	},
};
(globalThis as unknown as { screensBench: typeof screensBench }).screensBench = screensBench;
