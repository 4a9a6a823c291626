/*
 * XS side of the screens benchmark: renders as globals, so the Node side can evaluate each
 * in its own crank and read xsnap's meter for it.
 */
import { renderScreen } from "screens/render";
import { screenViewFor, INITIAL_VIEW, type ScreenView } from "screens/view";

const code: ScreenView = { kind: "code", code: "209835", message: "xiaozhi.me\n209835", status: { phase: "activating", attempt: 3, maxAttempts: 10 } };
const failure: ScreenView = {
	kind: "failed",
	reason: { kind: "server-error", detail: "License not found or already activated; refresh the code" },
	retryInMs: 10000,
	final: false,
};
let kept: unknown[] = [];

const screensBench = {
	noop(): void {},
	code(language: "zh-CN" | "en-US"): void {
		kept.push(renderScreen(code, language));
	},
	failure(language: "zh-CN" | "en-US"): void {
		kept.push(renderScreen(failure, language));
	},
	reduce(): void {
		kept.push(screenViewFor(INITIAL_VIEW, { type: "countdown", remainingMs: 1000, next: "check" }));
	},
	release(): void {
		kept = [];
	},
};
(globalThis as unknown as { screensBench: typeof screensBench }).screensBench = screensBench;
