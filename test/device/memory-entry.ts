/*
 * XS side of test/device/memory.test.ts: the steps a device repeats while a code is pending
 * (render a frame, tick a countdown, build a poll's request parts), each as a global the
 * Node side calls in its own crank to read xsnap's heap meter.
 */
import { renderScreen } from "screens/render";
import { createFrame } from "screens/frame";
import { ScreenPresenter } from "screens/presenter";
import { screenViewFor, type ScreenView } from "screens/view";
import type { Language } from "screens/strings";
import { RequestParts, requestHeaders, type DeviceIdentity } from "activation/request";
import type { TimerHandle, Timers } from "activation/interfaces";
import type { ClipId } from "announcer/clips";
import { DeviceFeedback } from "device/feedback";

const code: ScreenView = { kind: "code", code: "209835", message: "xiaozhi.me\n209835", status: { phase: "activating", attempt: 3, maxAttempts: 10 } };
const codeAgain: ScreenView = { ...code };
const frame = createFrame();
const presenters: Record<Language, ScreenPresenter> = { "zh-CN": new ScreenPresenter("zh-CN"), "en-US": new ScreenPresenter("en-US") };
let view: ScreenView = {
	kind: "code",
	code: "209835",
	message: "xiaozhi.me\n209835",
	status: { phase: "retry", reason: { kind: "timeout", detail: "no answer within 30 s" }, retryInMs: 10000 },
};
let remainingMs = 10000;

const identity: DeviceIdentity = {
	deviceId: "94:a9:90:2c:84:b8",
	clientId: "0b5a1c7e-34f2-4d6b-9f0e-2a8c3d4e5f60",
	boardName: "bread-compact-ml307",
	appVersion: "2.0.4",
	language: "zh-CN",
};
/** Equal to `identity`, another object: what each poll computes from the facts. */
const identityAgain: DeviceIdentity = { ...identity };
const parts = new RequestParts();
let keep: unknown;

/** One timer slot, fired by hand: the device's timers as the feedback sees them, at a time the spec moves. */
let nowMs = 0;
let pending: (() => void) | undefined;
const handle = {};
const timers: Timers = {
	now: () => nowMs,
	set(callback: () => void, _ms: number): TimerHandle {
		pending = callback;
		return handle;
	},
	clear(): void {
		pending = undefined;
	},
};
const silent = { play(_clip: ClipId): void {}, pause(_ms: number): void {}, stop(): void {}, clipMs: (_clip: ClipId): number => 500 };
const dark = { show(): void {} };
const codeEvent = { type: "code", code: "209835", message: "xiaozhi.me\n209835", replaced: false } as const;
const countdownEvent = { type: "countdown", remainingMs: 1000, next: "activate" } as const;
let feedback: DeviceFeedback | undefined;

const memory = {
	noop(): void {},
	renderCode(language: Language): void {
		renderScreen(code, language, undefined, frame);
	},
	present(language: Language): boolean {
		return presenters[language].render(code);
	},
	unchanged(language: Language): boolean {
		return presenters[language].render(codeAgain);
	},
	tick(language: Language): boolean {
		remainingMs = remainingMs > 1000 ? remainingMs - 1000 : 10000;
		view = screenViewFor(view, { type: "countdown", remainingMs, next: "activate" });
		return presenters[language].render(view);
	},
	/** The device's announcer and LED pattern, as startDevice builds them: what they keep. */
	feedbackMade(): void {
		feedback = new DeviceFeedback({ audio: silent, led: dark, timers, language: "zh-CN", repeatEveryMs: 10_000 });
		feedback.onEvent(codeEvent);
	},
	/** A countdown second with a code pending: the repeat's timer stays as it is. */
	feedbackCountdown(): void {
		feedback!.onEvent(countdownEvent);
	},
	/** The repeat falls due: the code is read again and the next repeat set. */
	feedbackRepeat(): void {
		nowMs += 60_000;
		pending?.();
	},
	freshHeaders(): void {
		keep = requestHeaders(identityAgain);
	},
	pollParts(): void {
		keep = parts.headers(identityAgain);
		keep = parts.activateUrl("https://api.tenclass.net/xiaozhi/ota/");
	},
	frameIsRendered(language: Language): boolean {
		const again = renderScreen(code, language);
		for (let i = 0; i < again.length; i++) if (again[i] !== presenters[language].frame[i]) return false;
		return keep !== null;
	},
};
(globalThis as unknown as { memory: typeof memory }).memory = memory;
