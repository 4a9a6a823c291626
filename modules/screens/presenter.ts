/*
 * The one frame a device renders into, and the view it holds: a view equal to the one
 * already rendered is not rendered again (0 allocations), and a changed view is rendered
 * into the same 512 bytes, never a new frame. Pure: the host sends `frame` to its panel.
 */

import { createFrame, type Frame } from "screens/frame";
import { renderScreen } from "screens/render";
import type { Language } from "screens/strings";
import type { CodeStatus, ScreenView } from "screens/view";
import type { FailureReason } from "activation/events";

export class ScreenPresenter {
	/** The rendered pixels; valid after the first `render` that returned true. */
	readonly frame: Frame = createFrame();
	readonly #language: Language;
	readonly #options: { frameIndex?: number; strict?: boolean } = {};
	#view: ScreenView | undefined;
	#frameIndex: number | undefined;

	constructor(language: Language) {
		this.#language = language;
	}

	/**
	 * Renders `view` into `frame` unless it shows the same as the view last rendered (with the
	 * same scroll step). Returns whether `frame` changed.
	 */
	render(view: ScreenView, frameIndex?: number): boolean {
		if (this.#view !== undefined && frameIndex === this.#frameIndex && sameView(this.#view, view)) return false;
		this.#options.frameIndex = frameIndex;
		renderScreen(view, this.#language, this.#options, this.frame);
		this.#view = view;
		this.#frameIndex = frameIndex;
		return true;
	}
}

/** Whether two views draw the same screen (every field the renderer reads is equal). */
export function sameView(a: ScreenView, b: ScreenView): boolean {
	if (a === b) return true;
	switch (a.kind) {
		case "network":
			return b.kind === "network" && a.phase === b.phase && a.detail === b.detail;
		case "starting":
			return b.kind === "starting" && a.userAgent === b.userAgent;
		case "checking":
			return b.kind === "checking" && a.host === b.host && a.attempt === b.attempt && a.maxAttempts === b.maxAttempts;
		case "code":
			return b.kind === "code" && a.code === b.code && a.message === b.message && sameStatus(a.status, b.status);
		case "failed":
			return b.kind === "failed" && a.retryInMs === b.retryInMs && a.final === b.final && sameReason(a.reason, b.reason);
		case "activated":
			return b.kind === "activated" && a.viaCode === b.viaCode;
		case "wifi-setup":
			return b.kind === "wifi-setup" && a.step === b.step && a.hotspot === b.hotspot && a.address === b.address;
	}
}

function sameStatus(a: CodeStatus, b: CodeStatus): boolean {
	if (a === b) return true;
	switch (a.phase) {
		case "shown":
		case "checking":
			return b.phase === a.phase;
		case "activating":
			return b.phase === "activating" && a.attempt === b.attempt && a.maxAttempts === b.maxAttempts;
		case "retry":
			return b.phase === "retry" && a.retryInMs === b.retryInMs && sameReason(a.reason, b.reason);
	}
}

function sameReason(a: FailureReason, b: FailureReason): boolean {
	if (a === b) return true;
	if (a.kind !== b.kind || a.detail !== b.detail) return false;
	return a.kind !== "http-status" || (b.kind === "http-status" && a.status === b.status);
}
Object.freeze(ScreenPresenter.prototype);
