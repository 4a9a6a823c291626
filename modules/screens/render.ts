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
	SMALL,
	codeAt,
	digitGlyphOf,
	drawGlyph,
	drawGlyphScaled,
	ellipsize,
	fitLines,
	iconGlyph,
	runAscent,
	runDescent,
	runHeight,
	runWidth,
	scrollWindow,
	textWidth,
	toRun,
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

const NO_OPTIONS: RenderOptions = Object.freeze({});

/**
 * Renders `view` into `into` (cleared first) or into a new frame. A host that renders again
 * and again passes the same frame: a render then allocates only its few row runs.
 */
export function renderScreen(view: ScreenView, language: Language, options: RenderOptions = NO_OPTIONS, into?: Frame): Frame {
	const frame = into ?? createFrame();
	if (into) frame.fill(0);
	// Few call levels from here to a glyph: every level costs XS stack (a frame holds the
	// arguments and every local), and the first draw happens on the board's 768-slot stack.
	// A text screen's words are chosen first, in a call that has returned before drawing starts.
	const strings = stringsFor(language);
	if (view.kind === "code") renderCode(frame, strings, view.code, view.message, view.status, options);
	else drawTextScreen(frame, textScreenOf(view, strings), options);
	return frame;
}

/** The words of every screen but the code screen. */
function textScreenOf(view: ScreenView, strings: ScreenStrings): TextScreen {
	switch (view.kind) {
		case "network":
			return networkScreen(strings, view.phase, view.detail);
		case "starting":
			return { title: strings.initializing, body: view.userAgent };
		case "checking":
			return { title: strings.contactingServer, note: view.attempt > 1 ? `${view.attempt}/${view.maxAttempts}` : "", body: view.host };
		case "failed": {
			const words = failureWords(strings, view.reason);
			return {
				title: words.title,
				note: view.retryInMs > 0 ? secondsLeft(strings, view.retryInMs) : "",
				body: view.final ? strings.usingSavedSettings : words.body,
				alert: true,
			};
		}
		case "activated":
			return { title: view.viaCode ? strings.activated : strings.alreadyActivated, body: strings.loggingIn, icon: CHECK_ICON };
		case "wifi-setup":
			return {
				title: strings.wifiSetup,
				note: view.step === "hotspot" ? "1/2" : "2/2",
				body: longestFitting(view.step === "hotspot" ? strings.joinHotspot : strings.openPage, view.step === "hotspot" ? view.hotspot : view.address, FRAME_WIDTH),
			};
		default:
			throw new RangeError(`screens: unknown view ${JSON.stringify((view as { kind?: unknown }).kind)}`);
	}
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
	if (reason.kind === "no-network" && reason.cause !== undefined) key = reason.cause;
	if (reason.kind === "http-status" && reason.status === 404) key = "not-found-404";
	const words = strings.failures[key];
	const title = reason.kind === "http-status" ? fill(words.title, reason.status) : words.title;
	let body = words.hint;
	if (reason.kind === "server-error") body = reason.detail.trim() || strings.serverSaidNothing;
	else if (reason.kind === "modem") body = reason.detail.trim();
	return { title, body };
}

function networkScreen(strings: ScreenStrings, phase: NetworkPhase, detail: string): TextScreen {
	if (phase === "no-sim" || phase === "registration-denied" || phase === "modem-not-responding") {
		const words = strings.failures[phase === "modem-not-responding" ? "facts" : phase];
		return { title: words.title, body: words.hint, alert: true };
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
	return { title, body: detail };
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

/**
 * Draws the top row: text on the left (shortened or scrolled), note on the right. Returns its
 * height. The callers make the runs, so the glyph lookups happen one call level higher.
 */
function drawRow(frame: Frame, textRun: Run, noteRun: Run, bar: "none" | "inverted" | "inverted-tight", options: RenderOptions, rowWidth = FRAME_WIDTH): number {
	const lit = bar === "none";
	const pad = lit ? 0 : 2;
	// A tight bar (above the code) has no padding row above and below its text.
	const padRows = bar === "inverted" ? 1 : 0;
	const ascent = Math.max(runAscent(textRun), runAscent(noteRun));
	const height = ascent + Math.max(runDescent(textRun), runDescent(noteRun)) + 2 * padRows;
	if (!lit) fillRect(frame, 0, 0, rowWidth, height);
	const noteWidth = runWidth(noteRun);
	const room = rowWidth - 2 * pad - (noteWidth ? noteWidth + NOTE_GAP : 0);
	const shown = options.frameIndex === undefined ? ellipsize(textRun, room) : scrollWindow(textRun, room, options.frameIndex);
	// Glyph by glyph here rather than through drawRun: one call level less on the stack.
	let pen = pad;
	for (let i = 0; i < shown.length; i++) pen += drawGlyph(frame, shown[i]!, pen, padRows + ascent, lit, options.strict === true);
	pen = rowWidth - pad - noteWidth;
	for (let i = 0; noteWidth && i < noteRun.length; i++) pen += drawGlyph(frame, noteRun[i]!, pen, padRows + ascent, lit, options.strict === true);
	return height;
}

function drawTextScreen(frame: Frame, screen: TextScreen, options: RenderOptions): void {
	const icon = screen.icon === undefined ? undefined : iconGlyph(screen.icon);
	const width = icon ? FRAME_WIDTH - icon.width - 2 * ICON_MARGIN : FRAME_WIDTH;
	if (icon) drawGlyph(frame, icon, width + ICON_MARGIN, Math.floor((FRAME_HEIGHT + icon.height) / 2), true, options.strict === true);
	const titleHeight = drawRow(frame, toRun(screen.title), toRun(screen.note ?? ""), screen.alert === true ? "inverted" : "none", options, width);
	drawBody(frame, screen.body, titleHeight + 1, width, options.strict === true);
}

/** The body of a text screen: wrapped, centred in the rows under the title. */
function drawBody(frame: Frame, body: string, top: number, width: number, strict: boolean): void {
	const room = FRAME_HEIGHT - top;
	const lines = fitLines(toRun(body), width, room, BODY_LINE_GAP);
	let used = 0;
	for (let i = 0; i < lines.length; i++) used += runHeight(lines[i]!) + (i ? BODY_LINE_GAP : 0);
	let y = top + Math.floor((room - used) / 2);
	for (let i = 0; i < lines.length; i++) {
		const line = lines[i]!;
		const ascent = runAscent(line);
		for (let j = 0, pen = 0; j < line.length; j++) pen += drawGlyph(frame, line[j]!, pen, y + ascent, true, strict);
		y += ascent + runDescent(line) + BODY_LINE_GAP;
	}
}

/** Where the message says to enter the code, or undefined when it is not a bare site. */
export interface CodePlace {
	/** A site or host name (`xiaozhi.me`), when the message is one and the code; shown without `http(s)://`. */
	readonly site?: string;
	/** Otherwise the message's own text, line breaks as spaces (empty for an empty message). */
	readonly text: string;
}

/** Called through `.call`: a property of a string primitive costs XS a String wrapper on the heap. */
const { slice, indexOf, trim, toLowerCase } = String.prototype;

/** `[a-z0-9-]` */
function isLabelChar(unit: number): boolean {
	return (unit >= 0x61 && unit <= 0x7a) || (unit >= 0x41 && unit <= 0x5a) || (unit >= 0x30 && unit <= 0x39) || unit === 0x2d;
}

/** The length of a leading `http://` or `https://` (any case), or 0. */
function schemeLength(text: string): number {
	const head = toLowerCase.call(slice.call(text, 0, 8));
	if (head === "https://") return 8;
	return slice.call(head, 0, 7) === "http://" ? 7 : 0;
}

/** `(https?://)?label(.label)+(:digits)?(/non-space*)?`, scanned by hand: no RegExp on the render path. */
function isSiteShape(token: string): boolean {
	let i = schemeLength(token);
	let labels = 0;
	for (;;) {
		const start = i;
		while (isLabelChar(codeAt(token, i))) i++;
		if (i === start) return false;
		labels++;
		if (codeAt(token, i) !== 0x2e) break;
		i++;
	}
	if (labels < 2) return false;
	if (codeAt(token, i) === 0x3a) {
		const start = ++i;
		while (codeAt(token, i) >= 0x30 && codeAt(token, i) <= 0x39) i++;
		if (i === start) return false;
	}
	return !(codeAt(token, i) >= 0) || codeAt(token, i) === 0x2f;
}

/** What `\s` matches. */
function isBlank(unit: number): boolean {
	if (unit <= 0x20) return unit === 0x20 || (unit >= 0x09 && unit <= 0x0d);
	if (unit < 0xa0) return false;
	return (
		unit === 0xa0 || unit === 0x1680 || (unit >= 0x2000 && unit <= 0x200a) || unit === 0x2028 || unit === 0x2029 ||
		unit === 0x202f || unit === 0x205f || unit === 0x3000 || unit === 0xfeff
	);
}

/**
 * Splits the server's message (`xiaozhi.me\n209835`) into where to go and the code: when,
 * apart from the code, the message is one site or URL, that is the site. Anything else is
 * shown as text (line breaks as spaces), whatever its shape.
 */
export function placeOfCode(message: string, code: string): CodePlace {
	const wanted: string = trim.call(code);
	// The message's lines, trimmed, without empty ones and the code's own line, joined by spaces;
	// and its only token other than the code, when it has exactly one.
	let text = "";
	let token: string | undefined;
	let tokens = 0;
	for (let lineStart = 0; lineStart >= 0; ) {
		const newline: number = indexOf.call(message, "\n", lineStart);
		// trim() also drops the "\r" of a "\r\n" line end.
		const line: string = trim.call(newline >= 0 ? slice.call(message, lineStart, newline) : slice.call(message, lineStart));
		lineStart = newline >= 0 ? newline + 1 : -1;
		if (line === "" || line === wanted) continue;
		text = text === "" ? line : text + " " + line;
		for (let i = 0; codeAt(line, i) >= 0; ) {
			while (isBlank(codeAt(line, i))) i++;
			const start = i;
			while (codeAt(line, i) >= 0 && !isBlank(codeAt(line, i))) i++;
			if (i === start) continue;
			const word: string = slice.call(line, start, i);
			if (word === wanted) continue;
			tokens++;
			token = word;
		}
	}
	if (tokens === 1 && token !== undefined && isSiteShape(token)) {
		// What to type into a browser: the scheme and a bare trailing slash add nothing.
		let site: string = slice.call(token, schemeLength(token));
		const last = site === "" ? -1 : (slice.call(site, -1) as string) === "/" ? 1 : 0;
		if (last === 1) site = slice.call(site, 0, -1);
		return { site, text: site };
	}
	return { text };
}

/** The short note at the right of the code screen's row (attempt, countdown). */
function codeNote(strings: ScreenStrings, status: CodeStatus): string {
	switch (status.phase) {
		case "shown":
			return "";
		case "activating":
			return `${status.attempt}/${status.maxAttempts}`;
		case "checking":
			return "...";
		case "retry":
			return status.retryInMs > 0 ? secondsLeft(strings, status.retryInMs) : "";
	}
}

/** The first wording that fits `room` on one line (the last one is the bare value). */
function longestFitting(templates: readonly string[], value: string, room: number): string {
	for (let i = 0; i < templates.length - 1; i++) {
		const text = fill(templates[i]!, value);
		if (textWidth(text) <= room) return text;
	}
	return fill(templates[templates.length - 1]!, value);
}

/** Where to enter the code, in the longest wording that leaves room for the note. */
function enterCodeText(strings: ScreenStrings, site: string, room: number): string {
	for (let i = 0; i < strings.enterCodeAt.length; i++) {
		const text = fill(strings.enterCodeAt[i]!, site);
		if (textWidth(text) <= room) return text;
	}
	return site;
}

function renderCode(frame: Frame, strings: ScreenStrings, code: string, message: string, status: CodeStatus, options: RenderOptions): void {
	const note = codeNote(strings, status);
	const failure = status.phase === "retry" ? failureWords(strings, status.reason).title : undefined;
	// The widest note this code screen will carry is reserved from the start, so the words
	// chosen for the row do not change (flicker) when a note appears or grows.
	const widestNote = Math.max(textWidth(note), textWidth(WIDEST_CODE_NOTE));
	const noteRoom = FRAME_WIDTH - widestNote - NOTE_GAP;
	let text: string;
	if (failure !== undefined) text = failure;
	else {
		const place = placeOfCode(message, code);
		if (place.site !== undefined) text = enterCodeText(strings, place.site, noteRoom);
		else text = place.text || strings.activationCode;
	}
	const rowHeight = drawRow(frame, toRun(text), toRun(note), failure !== undefined ? "inverted-tight" : "none", options);
	drawCode(frame, trim.call(code), rowHeight + 1, options.strict === true);
}

/** The number of UTF-16 units when every one is a digit, else -1. */
function digitCount(code: string): number {
	let n = 0;
	for (let unit = codeAt(code, 0); unit >= 0; unit = codeAt(code, ++n)) if (unit < 0x30 || unit > 0x39) return -1;
	return n;
}

/** Draws the code as large as it fits between `top` and the bottom edge; never shortened. */
function drawCode(frame: Frame, code: string, top: number, strict: boolean): void {
	if (code === "") return;
	const n = digitCount(code);
	const digitWidth = DIGITS.advance(0);
	if (n > 0 && n * digitWidth + (n - 1) * DIGIT_MIN_GAP <= FRAME_WIDTH) {
		const gap = n === 1 ? 0 : Math.min(DIGIT_MAX_GAP, Math.floor((FRAME_WIDTH - n * digitWidth) / (n - 1)));
		const total = n * digitWidth + (n - 1) * gap;
		const x0 = Math.floor((FRAME_WIDTH - total) / 2);
		for (let i = 0; i < n; i++) drawGlyph(frame, digitGlyphOf(codeAt(code, i))!, x0 + i * (digitWidth + gap), FRAME_HEIGHT, true, strict);
		return;
	}
	// Letters or a long code: the small face, doubled when it fits, evenly spaced by cell.
	const run = toRun(code);
	const count = run.length;
	let cell = 0;
	for (let i = 0; i < count; i++) cell = Math.max(cell, run[i]!.advance);
	for (let scale = CODE_FALLBACK_SCALE; scale >= 1; scale--) {
		const cellWidth = cell * scale;
		if (count * cellWidth - scale > FRAME_WIDTH) continue;
		const x0 = Math.floor((FRAME_WIDTH - (count * cellWidth - scale)) / 2);
		const baseline = FRAME_HEIGHT - runDescent(run) * scale;
		for (let i = 0; i < count; i++) drawGlyphScaled(frame, run[i]!, x0 + i * cellWidth + inCell(run[i]!, cellWidth, scale), baseline, scale, strict);
		return;
	}
	// Longer than one row of the small face: wrap on as many rows as the space holds.
	const perRow = Math.floor((FRAME_WIDTH + 1) / cell);
	const rowHeight = runHeight(run);
	const rows = Math.ceil(count / perRow);
	let y = Math.max(top, FRAME_HEIGHT - rows * rowHeight);
	for (let i = 0; i < count; i += perRow) {
		for (let j = 0; j < perRow && i + j < count; j++) drawGlyph(frame, run[i + j]!, j * cell + inCell(run[i + j]!, cell, 1), y + SMALL.ascent, true, strict);
		y += rowHeight;
	}
}

/** Where a glyph starts so that its ink is centred in a cell of the given width (returns before the glyph is drawn). */
function inCell(g: Glyph, cellWidth: number, scale: number): number {
	return Math.floor((cellWidth - scale - (g.advance - g.trailing) * scale) / 2);
}
