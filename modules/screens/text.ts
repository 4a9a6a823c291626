/*
 * Text as runs of glyphs: the project's small face first, the CJK face for what it lacks, a
 * box for anything else. Layout never cuts a glyph: text that does not fit is wrapped at
 * word (or CJK character) boundaries, shortened with an ellipsis, or scrolled a whole glyph
 * per frame.
 */

import { BitmapFont } from "screens/font";
import { SMALL_FACE, DIGIT_FACE, ICON_FACE } from "screens/font-faces";
import { CJK_FACE } from "screens/font-cjk";
import { FRAME_HEIGHT, FRAME_STRIDE, FRAME_WIDTH, type Frame } from "screens/frame";

// Frozen: preloaded on the device, frozen objects need no RAM pointer for later changes.
export const SMALL = Object.freeze(new BitmapFont(SMALL_FACE));
export const CJK = Object.freeze(new BitmapFont(CJK_FACE));
export const DIGITS = Object.freeze(new BitmapFont(DIGIT_FACE));
export const ICONS = Object.freeze(new BitmapFont(ICON_FACE));

export interface Glyph {
	readonly font: Readonly<BitmapFont>;
	readonly index: number;
	readonly char: string;
}

export type Run = readonly Glyph[];

const ELLIPSIS_CHAR = "\u2026";
const MISSING_CHAR = "\u25a1";
/** After these a line may break (the character stays on the line). */
const BREAK_AFTER = ".-/_,:;";
/** CJK punctuation that must not start a line. */
const NO_LINE_START = "，。：；？！、";

/** Every glyph of a face as one frozen record, made once (in flash when preloaded): a run allocates no glyphs. */
function glyphTable(font: Readonly<BitmapFont>, chars: string): readonly Glyph[] {
	const table: Glyph[] = [];
	for (let i = 0; i < chars.length; i++) table.push(Object.freeze({ font, index: i, char: chars[i]! }));
	return Object.freeze(table);
}

const SMALL_GLYPHS = glyphTable(SMALL, SMALL_FACE.chars);
const CJK_GLYPHS = glyphTable(CJK, CJK_FACE.chars);
const DIGIT_GLYPHS = glyphTable(DIGITS, DIGIT_FACE.chars);
const ICON_GLYPHS = glyphTable(ICONS, ICON_FACE.chars);

export const ELLIPSIS: Glyph = SMALL_GLYPHS[SMALL.indexOf(ELLIPSIS_CHAR)]!;
const MISSING: Glyph = SMALL_GLYPHS[SMALL.indexOf(MISSING_CHAR)]!;

/** The large digit face's glyph for "0"…"9", or undefined. */
export function digitGlyph(char: string): Glyph | undefined {
	return digitGlyphOf(codeAt(char, 0));
}

/** The large digit face's glyph for a UTF-16 code, or undefined. */
export function digitGlyphOf(code: number): Glyph | undefined {
	const index = DIGITS.indexOfCode(code);
	return index >= 0 ? DIGIT_GLYPHS[index] : undefined;
}

/** The icon face's glyph for a character, or undefined. */
export function iconGlyph(char: string): Glyph | undefined {
	const index = ICONS.indexOf(char);
	return index >= 0 ? ICON_GLYPHS[index] : undefined;
}

/**
 * String methods called through `.call`: reading a property of a string primitive
 * (`s.length`, `s.charCodeAt`) makes XS build a String wrapper on the heap each time, which
 * per character is most of a render's garbage.
 */
const charCodeAt = String.prototype.charCodeAt;

/** The UTF-16 unit at `i`; NaN past the end, so `codeAt(s, i) >= 0` is `i < s.length` without a wrapper. */
export function codeAt(text: string, i: number): number {
	return charCodeAt.call(text, i);
}

const SPACE = SMALL_GLYPHS[SMALL.indexOf(" ")]!;

/**
 * The glyph shown for one UTF-16 unit (not a surrogate), or undefined when it is dropped:
 * line breaks and tabs become spaces, other control characters go.
 */
function glyphOfUnit(unit: number): Glyph | undefined {
	if (unit === 0x0a || unit === 0x0d || unit === 0x09) return SPACE;
	if (unit < 0x20 || unit === 0x7f) return undefined;
	const index = SMALL.indexOfCode(unit);
	if (index >= 0) return SMALL_GLYPHS[index];
	const cjk = CJK.indexOfCode(unit);
	return cjk >= 0 ? CJK_GLYPHS[cjk] : MISSING;
}

/** Whether the units at i and i+1 are a surrogate pair (one character, shown as the box). */
function isPair(unit: number, next: number): boolean {
	return unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff;
}

/** The glyphs of `text`; line breaks and tabs become spaces, other control characters go. */
export function toRun(text: string): Glyph[] {
	const run: Glyph[] = [];
	for (let i = 0, unit = charCodeAt.call(text, 0); unit >= 0; unit = charCodeAt.call(text, ++i)) {
		if (isPair(unit, charCodeAt.call(text, i + 1))) {
			run.push(MISSING);
			i++;
			continue;
		}
		const glyph = glyphOfUnit(unit);
		if (glyph) run.push(glyph);
	}
	return run;
}

/** runWidth(toRun(text)) without building the run. */
export function textWidth(text: string): number {
	let width = 0;
	let last: Glyph | undefined;
	for (let i = 0, unit = charCodeAt.call(text, 0); unit >= 0; unit = charCodeAt.call(text, ++i)) {
		let glyph: Glyph | undefined;
		if (isPair(unit, charCodeAt.call(text, i + 1))) {
			glyph = MISSING;
			i++;
		} else glyph = glyphOfUnit(unit);
		if (glyph) {
			width += glyph.font.advance(glyph.index);
			last = glyph;
		}
	}
	return last ? width - trailingSpace(last) : 0;
}

function trailingSpace(g: Glyph): number {
	return Math.max(0, g.font.advance(g.index) - g.font.left(g.index) - g.font.width(g.index));
}

/** Width of the ink of run[start..end), from the pen start to the last glyph's right edge. */
export function spanWidth(run: Run, start: number, end: number, scale = 1): number {
	if (end <= start) return 0;
	let width = 0;
	for (let i = start; i < end; i++) width += run[i]!.font.advance(run[i]!.index);
	return (width - trailingSpace(run[end - 1]!)) * scale;
}

/** Width of the ink from the pen start to the last glyph's right edge. */
export function runWidth(run: Run, scale = 1): number {
	return spanWidth(run, 0, run.length, scale);
}

export interface LineMetrics {
	readonly ascent: number;
	readonly descent: number;
}

/** The line box of a run: the largest of its faces (the small face for an empty run). */
export function runMetrics(run: Run, start = 0, end = run.length): LineMetrics {
	return { ascent: runAscent(run, start, end), descent: runDescent(run, start, end) };
}

/** Rows above the baseline of a run's line box (no allocation). */
export function runAscent(run: Run, start = 0, end = run.length): number {
	let ascent = SMALL.ascent;
	for (let i = start; i < end; i++) if (run[i]!.font.ascent > ascent) ascent = run[i]!.font.ascent;
	return ascent;
}

/** Rows below the baseline of a run's line box (no allocation). */
export function runDescent(run: Run, start = 0, end = run.length): number {
	let descent = SMALL.descent;
	for (let i = start; i < end; i++) if (run[i]!.font.descent > descent) descent = run[i]!.font.descent;
	return descent;
}

export function runHeight(run: Run): number {
	return runAscent(run) + runDescent(run);
}

/**
 * Draws `run` with its pen starting at x and its baseline under row `baseline - 1`. With
 * `strict` (the tests), a glyph pixel that would fall outside the frame throws instead of
 * being dropped silently.
 */
export function drawRun(frame: Frame, run: Run, x: number, baseline: number, lit = true, scale = 1, strict = false): void {
	let pen = x;
	for (let i = 0; i < run.length; i++) pen += drawGlyph(frame, run[i]!, pen, baseline, lit, scale, strict);
}

/** Draws one glyph with its pen at x; returns its advance. */
export function drawGlyph(frame: Frame, g: Glyph, x: number, baseline: number, lit = true, scale = 1, strict = false): number {
	const { font, index } = g;
	const left = x + font.left(index) * scale;
	const top = baseline - font.top(index) * scale;
	const width = font.width(index);
	const height = font.height(index);
	const bits = font.bits;
	const stride = (width + 7) >> 3;
	let row = font.rowsOffset(index);
	// Byte at a time: blank bytes (most of a glyph) cost one test.
	for (let y = 0; y < height; y++, row += stride)
		for (let b = 0; b < stride; b++) {
			const byte = bits[row + b]!;
			if (byte === 0) continue;
			const px0 = left + (b << 3);
			const py0 = top + y;
			if (scale === 1 && py0 >= 0 && py0 < FRAME_HEIGHT && px0 >= 0 && px0 + 8 <= FRAME_WIDTH) {
				// The whole byte lands inside the frame: OR (or clear) it in, shifted across two bytes.
				const at = py0 * FRAME_STRIDE + (px0 >> 3);
				const shift = px0 & 7;
				const first = byte >> shift;
				const second = shift ? (byte << (8 - shift)) & 0xff : 0;
				frame[at] = lit ? frame[at]! | first : frame[at]! & ~first;
				if (second) frame[at + 1] = lit ? frame[at + 1]! | second : frame[at + 1]! & ~second;
				continue;
			}
			for (let bit = 0; bit < 8; bit++) {
				if ((byte & (0x80 >> bit)) === 0) continue;
				const px = left + ((b << 3) + bit) * scale;
				const py = top + y * scale;
				if (strict && (px < 0 || py < 0 || px + scale > FRAME_WIDTH || py + scale > FRAME_HEIGHT))
					throw new RangeError(`glyph ${JSON.stringify(g.char)} cut by the frame edge at ${px},${py}`);
				// Pixels set here, not through setPixel: one call level less on the stack.
				for (let sy = 0; sy < scale; sy++)
					for (let sx = 0; sx < scale; sx++) {
						const x = px + sx;
						const y = py + sy;
						if (x < 0 || y < 0 || x >= FRAME_WIDTH || y >= FRAME_HEIGHT) continue;
						const at = y * FRAME_STRIDE + (x >> 3);
						const mask = 0x80 >> (x & 7);
						frame[at] = lit ? frame[at]! | mask : frame[at]! & ~mask;
					}
			}
		}
	return font.advance(index) * scale;
}

function isSpace(g: Glyph | undefined): boolean {
	return g !== undefined && g.char === " ";
}

function trimSpaces(run: Run): Run {
	let start = 0;
	let end = run.length;
	while (start < end && isSpace(run[start])) start++;
	while (end > start && isSpace(run[end - 1])) end--;
	return run.slice(start, end);
}

/** `run` itself when it fits, else as many leading glyphs as fit followed by an ellipsis. */
export function ellipsize(run: Run, maxWidth: number): Run {
	if (runWidth(run) <= maxWidth) return run;
	const ellipsisWidth = runWidth([ELLIPSIS]);
	let start = 0;
	while (start < run.length && isSpace(run[start])) start++;
	// The longest prefix (ending on a non-space) whose advance plus the ellipsis fits.
	let end = -1;
	let advance = 0;
	for (let i = start; i < run.length; i++) {
		advance += run[i]!.font.advance(run[i]!.index);
		if (advance + ellipsisWidth > maxWidth) break;
		if (!isSpace(run[i])) end = i + 1;
	}
	if (end > start) return [...run.slice(start, end), ELLIPSIS];
	return ellipsisWidth <= maxWidth ? [ELLIPSIS] : [];
}

/** Frames a scroll holds still at each end, so the start and the end can be read. */
const SCROLL_HOLD = 3;

/**
 * A window on a run too long for `maxWidth`, moved one glyph per frame: the start (with a
 * trailing ellipsis) held for a few frames, then one glyph further each frame, the end held,
 * and round again. Each view starts and ends on whole glyphs.
 */
export function scrollWindow(run: Run, maxWidth: number, frameIndex: number): Run {
	if (runWidth(run) <= maxWidth) return run;
	const windowAt = (start: number): Run => {
		const head = start > 0 ? [ELLIPSIS] : [];
		const rest = run.slice(start);
		if (runWidth([...head, ...rest]) <= maxWidth) return [...head, ...rest];
		return [...head, ...ellipsize(rest, maxWidth - (head.length ? runWidth(head) + 1 : 0))];
	};
	let lastStart = 0;
	const ellipsisAdvance = ELLIPSIS.font.advance(ELLIPSIS.index);
	while (lastStart < run.length - 1 && ellipsisAdvance + spanWidth(run, lastStart, run.length) > maxWidth) lastStart++;
	const cycle = lastStart + 2 * SCROLL_HOLD;
	const position = ((Math.floor(frameIndex) % cycle) + cycle) % cycle;
	const start = Math.min(lastStart, Math.max(0, position - SCROLL_HOLD));
	return windowAt(start);
}

function canBreakBefore(run: Run, i: number): boolean {
	const before = run[i - 1];
	const at = run[i];
	if (!before || !at) return false;
	if (NO_LINE_START.includes(at.char)) return false;
	if (isSpace(before) || isSpace(at)) return true;
	if (BREAK_AFTER.includes(before.char)) return true;
	return before.font === CJK || at.font === CJK;
}

/** Splits a run into lines no wider than maxWidth, as [start, end) glyph ranges, spaces at breaks dropped. */
export function wrapRanges(run: Run, maxWidth: number): [number, number][] {
	const lines: [number, number][] = [];
	let start = 0;
	while (start < run.length && isSpace(run[start])) start++;
	while (start < run.length) {
		let end = start + 1;
		let advance = run[start]!.font.advance(run[start]!.index);
		while (end < run.length) {
			const next = run[end]!;
			const nextAdvance = next.font.advance(next.index);
			if (advance + nextAdvance - trailingSpace(next) > maxWidth) break;
			advance += nextAdvance;
			end++;
		}
		if (end < run.length) {
			let brk = end;
			while (brk > start + 1 && !canBreakBefore(run, brk)) brk--;
			if (brk > start + 1 || canBreakBefore(run, brk)) end = brk;
		}
		let lineEnd = end;
		while (lineEnd > start && isSpace(run[lineEnd - 1])) lineEnd--;
		lines.push([start, lineEnd]);
		start = end;
		while (start < run.length && isSpace(run[start])) start++;
	}
	return lines;
}

/**
 * Lines of `run` that fit in maxWidth x maxHeight (lines `gap` apart). When the text needs
 * more lines, the last one shown carries the rest, shortened with an ellipsis.
 */
export function fitLines(run: Run, maxWidth: number, maxHeight: number, gap: number): Run[] {
	const ranges = wrapRanges(run, maxWidth);
	const lines: Run[] = [];
	let used = 0;
	for (let i = 0; i < ranges.length; i++) {
		const [start, end] = ranges[i]!;
		// The last line shown may have to carry all the rest: measure with the rest's faces.
		const rest = runMetrics(run, start);
		const height = rest.ascent + rest.descent;
		const needed = (lines.length ? gap : 0) + height;
		if (used + needed > maxHeight) break;
		if (i + 1 < ranges.length) {
			const next = runMetrics(run, ranges[i + 1]![0]);
			if (used + needed + gap + next.ascent + next.descent > maxHeight) {
				lines.push(ellipsize(trimSpaces(run.slice(start)), maxWidth));
				return lines;
			}
		}
		lines.push(run.slice(start, end));
		used += needed;
	}
	return lines;
}
