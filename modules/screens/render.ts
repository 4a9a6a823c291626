/*
 * The activation screens, drawn into a 128x32 1-bit frame. Pure: no Moddable, no Node.
 *
 * Two layouts:
 *  - text screens: a title row (inverted for failures) with an optional note on its right
 *    (attempt, countdown), then the body centred in what is left;
 *  - the code screen: one row saying where to enter the code (or what went wrong), and the
 *    code itself in the large digit face along the bottom, evenly spaced, never shortened.
 */

import type { FailureReason } from "activation/events";
import { createFrame, fillRect, FRAME_HEIGHT, FRAME_WIDTH, type Frame } from "screens/frame";
import { fill, stringsFor, type FailureWordsKey, type Language, type ScreenStrings } from "screens/strings";
import type { CodeStatus, NetworkPhase, ScreenView } from "screens/view";
import {
	DIGITS,
	ICONS,
	SMALL,
	drawRun,
	ellipsize,
	fitLines,
	runHeight,
	runMetrics,
	runWidth,
	scrollWindow,
	toRun,
	withStrictClipping,
	type Glyph,
	type Run,
} from "screens/text";

export interface RenderOptions {
	/**
	 * Animation step for rows that scroll (a long server message above the code, a long
	 * title). Without it such rows are shortened with an ellipsis instead.
	 */
	readonly frameIndex?: number;
	/** Throw when any glyph pixel would fall outside the frame (tests); by default such pixels are dropped. */
	readonly strict?: boolean;
}

/** Space between the title's note and the title. */
const NOTE_GAP = 4;
const BODY_LINE_GAP = 1;
/** The large digits: spacing between digits is at most this, and at least DIGIT_MIN_GAP. */
const DIGIT_MAX_GAP = 8;
const DIGIT_MIN_GAP = 3;
/** Scale of the small face when a code cannot use the digit face (letters, or too long). */
const CODE_FALLBACK_SCALE = 2;
/** The attempt note at its widest, as the official flow counts (10 attempts a round). */
const WIDEST_CODE_NOTE = "10/10";
const CHECK_ICON = "\u2714";
const ICON_MARGIN = 3;

export function renderScreen(view: ScreenView, language: Language, options: RenderOptions = {}): Frame {
	return options.strict ? withStrictClipping(() => renderInto(view, language, options)) : renderInto(view, language, options);
}

function renderInto(view: ScreenView, language: Language, options: RenderOptions): Frame {
	const strings = stringsFor(language);
	const frame = createFrame();
	switch (view.kind) {
		case "network":
			renderNetwork(frame, strings, view.phase, view.detail, options);
			break;
		case "starting":
			renderTextScreen(frame, { title: strings.initializing, body: view.userAgent }, options);
			break;
		case "checking":
			renderTextScreen(
				frame,
				{ title: strings.contactingServer, note: view.attempt > 1 ? `${view.attempt}/${view.maxAttempts}` : "", body: view.host },
				options,
			);
			break;
		case "failed": {
			const words = failureWords(strings, view.reason);
			renderTextScreen(
				frame,
				{
					title: words.title,
					note: view.retryInMs > 0 ? secondsLeft(strings, view.retryInMs) : "",
					body: view.final ? strings.usingSavedSettings : words.body,
					alert: true,
				},
				options,
			);
			break;
		}
		case "code":
			renderCode(frame, strings, view.code, view.message, view.status, options);
			break;
		case "activated":
			renderTextScreen(
				frame,
				{ title: view.viaCode ? strings.activated : strings.alreadyActivated, body: strings.loggingIn, icon: CHECK_ICON },
				options,
			);
			break;
		default:
			throw new RangeError(`screens: unknown view ${JSON.stringify((view as { kind?: unknown }).kind)}`);
	}
	return frame;
}

/** Whole seconds left, rounded up: `9s`/`9秒` under a minute, `m:ss` from a minute on (back-offs reach 2560 s). */
export function secondsLeft(strings: ScreenStrings, ms: number): string {
	const seconds = Math.max(0, Math.ceil(ms / 1000));
	if (seconds < 60) return fill(strings.secondsLeft, seconds);
	const rest = seconds % 60;
	return `${Math.floor(seconds / 60)}:${rest < 10 ? "0" : ""}${rest}`;
}

interface FailureText {
	readonly title: string;
	readonly body: string;
}

/** The reason in words: a title, and the hint, or the server's/modem's own words when those say more. */
export function failureWords(strings: ScreenStrings, reason: FailureReason): FailureText {
	let key: FailureWordsKey = reason.kind;
	if (reason.kind === "no-network") {
		if (/\bSIM\b|CPIN|\bPIN\b/i.test(reason.detail)) key = "no-sim";
		else if (/denied/i.test(reason.detail)) key = "registration-denied";
	}
	if (reason.kind === "http-status" && reason.status === 404) key = "not-found-404";
	const words = strings.failures[key];
	const title = reason.kind === "http-status" ? fill(words.title, reason.status) : words.title;
	let body = words.hint;
	if (reason.kind === "server-error") body = reason.detail.trim() || strings.serverSaidNothing;
	else if (reason.kind === "modem") body = reason.detail.trim();
	return { title, body };
}

function renderNetwork(frame: Frame, strings: ScreenStrings, phase: NetworkPhase, detail: string, options: RenderOptions): void {
	if (phase === "no-sim" || phase === "registration-denied" || phase === "modem-not-responding") {
		const words = strings.failures[phase === "modem-not-responding" ? "facts" : phase];
		renderTextScreen(frame, { title: words.title, body: words.hint, alert: true }, options);
		return;
	}
	const title =
		phase === "connecting"
			? strings.connecting
			: phase === "detecting-module"
				? strings.detectingModule
				: phase === "switching-to-wifi"
					? strings.switchingToWifi
					: phase === "switching-to-4g"
						? strings.switchingTo4g
						: strings.registering;
	renderTextScreen(frame, { title, body: detail }, options);
}

interface TextScreen {
	readonly title: string;
	/** Short text at the right of the title row (attempt, countdown). */
	readonly note?: string;
	readonly body: string;
	/** Failures get an inverted title bar. */
	readonly alert?: boolean;
	/** An icon (a character of the icon face) at the right, centred on the screen's height. */
	readonly icon?: string;
}

/** Draws a single row: text on the left (shortened or scrolled), note on the right. Returns its height. */
function drawRow(
	frame: Frame,
	top: number,
	text: string,
	note: string,
	bar: "none" | "inverted" | "inverted-tight",
	options: RenderOptions,
	rowWidth = FRAME_WIDTH,
): number {
	const noteRun = toRun(note);
	const textRun = toRun(text);
	const inverted = bar !== "none";
	const pad = inverted ? 2 : 0;
	// A tight bar (above the code) has no padding row above and below its text.
	const padRows = bar === "inverted" ? 1 : 0;
	const metrics = runMetrics([...textRun, ...noteRun]);
	const height = metrics.ascent + metrics.descent + 2 * padRows;
	if (inverted) fillRect(frame, 0, top, rowWidth, height);
	const baseline = top + padRows + metrics.ascent;
	const noteWidth = runWidth(noteRun);
	const room = rowWidth - 2 * pad - (noteWidth ? noteWidth + NOTE_GAP : 0);
	const shown = options.frameIndex === undefined ? ellipsize(textRun, room) : scrollWindow(textRun, room, options.frameIndex);
	drawRun(frame, shown, pad, baseline, !inverted);
	if (noteWidth) drawRun(frame, noteRun, rowWidth - pad - noteWidth, baseline, !inverted);
	return height;
}

function renderTextScreen(frame: Frame, screen: TextScreen, options: RenderOptions): void {
	let width = FRAME_WIDTH;
	const icon = screen.icon === undefined ? -1 : ICONS.indexOf(screen.icon);
	if (icon >= 0) {
		const iconWidth = ICONS.width(icon);
		const iconHeight = ICONS.height(icon);
		width = FRAME_WIDTH - iconWidth - 2 * ICON_MARGIN;
		drawRun(frame, [{ font: ICONS, index: icon, char: screen.icon! }], FRAME_WIDTH - ICON_MARGIN - iconWidth, Math.floor((FRAME_HEIGHT + iconHeight) / 2));
	}
	const titleHeight = drawRow(frame, 0, screen.title, screen.note ?? "", screen.alert === true ? "inverted" : "none", options, width);
	const bodyTop = titleHeight + 1;
	const room = FRAME_HEIGHT - bodyTop;
	const lines = fitLines(toRun(screen.body), width, room, BODY_LINE_GAP);
	const used = lines.reduce((sum, line, i) => sum + runHeight(line) + (i ? BODY_LINE_GAP : 0), 0);
	let y = bodyTop + Math.floor((room - used) / 2);
	for (const line of lines) {
		const metrics = runMetrics(line);
		drawRun(frame, line, 0, y + metrics.ascent);
		y += metrics.ascent + metrics.descent + BODY_LINE_GAP;
	}
}

/** Where the message says to enter the code, or undefined when it is not a bare site. */
export interface CodePlace {
	/** A site or host name (`xiaozhi.me`), when the message is one and the code; shown without `http(s)://`. */
	readonly site?: string;
	/** Otherwise the message's own text, line breaks as spaces (empty for an empty message). */
	readonly text: string;
}

const SITE_SHAPE = /^(https?:\/\/)?[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?(\/\S*)?$/i;

/**
 * Splits the server's message (`xiaozhi.me\n209835`) into where to go and the code: when,
 * apart from the code, the message is one site or URL, that is the site. Anything else is
 * shown as text (line breaks as spaces), whatever its shape.
 */
export function placeOfCode(message: string, code: string): CodePlace {
	const wanted = code.trim();
	const lines = message
		.split(/\r?\n/)
		.map((line) => line.trim())
		.filter((line) => line !== "" && line !== wanted);
	const tokens = lines.join(" ").split(/\s+/).filter((token) => token !== "" && token !== wanted);
	if (tokens.length === 1 && SITE_SHAPE.test(tokens[0]!)) {
		// What to type into a browser: the scheme and a bare trailing slash add nothing.
		const site = tokens[0]!.replace(/^https?:\/\//i, "").replace(/\/$/, "");
		return { site, text: site };
	}
	return { text: lines.join(" ") };
}

function codeStatusText(strings: ScreenStrings, status: CodeStatus): { note: string; failure?: string } {
	switch (status.phase) {
		case "shown":
			return { note: "" };
		case "activating":
			return { note: `${status.attempt}/${status.maxAttempts}` };
		case "checking":
			return { note: "..." };
		case "retry":
			return { note: status.retryInMs > 0 ? secondsLeft(strings, status.retryInMs) : "", failure: failureWords(strings, status.reason).title };
	}
}

function renderCode(frame: Frame, strings: ScreenStrings, code: string, message: string, status: CodeStatus, options: RenderOptions): void {
	const { note, failure } = codeStatusText(strings, status);
	const place = placeOfCode(message, code);
	// The widest note this code screen will carry is reserved from the start, so the words
	// chosen for the row do not change (flicker) when a note appears or grows.
	const widestNote = Math.max(runWidth(toRun(note)), runWidth(toRun(WIDEST_CODE_NOTE)));
	const noteRoom = FRAME_WIDTH - widestNote - NOTE_GAP;
	let text: string;
	if (failure !== undefined) text = failure;
	else if (place.site !== undefined) {
		const site = place.site;
		text = strings.enterCodeAt.map((t) => fill(t, site)).find((t) => runWidth(toRun(t)) <= noteRoom) ?? site;
	} else text = place.text || strings.activationCode;
	const rowHeight = drawRow(frame, 0, text, note, failure !== undefined ? "inverted-tight" : "none", options);
	drawCode(frame, code.trim(), rowHeight + 1);
}

/** Draws the code as large as it fits between `top` and the bottom edge; never shortened. */
function drawCode(frame: Frame, code: string, top: number): void {
	const chars = [...code];
	const n = chars.length;
	if (n === 0) return;
	const allDigits = chars.every((c) => c >= "0" && c <= "9");
	const digitWidth = DIGITS.advance(0);
	if (allDigits && n * digitWidth + (n - 1) * DIGIT_MIN_GAP <= FRAME_WIDTH) {
		const gap = n === 1 ? 0 : Math.min(DIGIT_MAX_GAP, Math.floor((FRAME_WIDTH - n * digitWidth) / (n - 1)));
		const total = n * digitWidth + (n - 1) * gap;
		const x0 = Math.floor((FRAME_WIDTH - total) / 2);
		chars.forEach((c, i) => drawRun(frame, [{ font: DIGITS, index: DIGITS.indexOf(c), char: c }], x0 + i * (digitWidth + gap), FRAME_HEIGHT));
		return;
	}
	// Letters or a long code: the small face, doubled when it fits, evenly spaced by cell.
	const run = toRun(code);
	const cell = Math.max(...run.map((g) => g.font.advance(g.index)));
	for (const scale of [CODE_FALLBACK_SCALE, 1]) {
		const cellWidth = cell * scale;
		if (n * cellWidth - scale > FRAME_WIDTH) continue;
		const metrics = runMetrics(run);
		const x0 = Math.floor((FRAME_WIDTH - (n * cellWidth - scale)) / 2);
		const baseline = FRAME_HEIGHT - metrics.descent * scale;
		run.forEach((g, i) => drawCell(frame, g, x0 + i * cellWidth, cellWidth, baseline, scale));
		return;
	}
	// Longer than one row of the small face: wrap on as many rows as the space holds.
	const perRow = Math.floor((FRAME_WIDTH + 1) / cell);
	const rowHeight = runHeight(run);
	const rows = Math.ceil(n / perRow);
	let y = Math.max(top, FRAME_HEIGHT - rows * rowHeight);
	for (let i = 0; i < n; i += perRow) {
		const slice = run.slice(i, i + perRow);
		slice.forEach((g, j) => drawCell(frame, g, j * cell, cell, y + SMALL.ascent, 1));
		y += rowHeight;
	}
}

/** One glyph centred in a cell of the given width. */
function drawCell(frame: Frame, g: Glyph, x: number, cellWidth: number, baseline: number, scale: number): void {
	const glyphWidth = runWidth([g] as Run, scale);
	drawRun(frame, [g], x + Math.floor((cellWidth - scale - glyphWidth) / 2), baseline, true, scale);
}
