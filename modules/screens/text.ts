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

/**
 * One glyph of a face with its metrics copied out of the font once: layout and drawing read
 * fields instead of calling the font, as every call is one more XS stack frame on the draw path.
 */
export interface Glyph {
	readonly font: Readonly<BitmapFont>;
	readonly index: number;
	readonly char: string;
	readonly advance: number;
	readonly left: number;
	/** Rows the glyph's top is above the baseline. */
	readonly top: number;
	readonly width: number;
	readonly height: number;
	/** Blank columns between the ink's right edge and the advance. */
	readonly trailing: number;
	/** The face's glyph bytes, and where this glyph's rows start in them (ceil(width/8) bytes a row, MSB first). */
	readonly bits: Uint8Array;
	readonly rows: number;
	readonly space: boolean;
	/** A line may break after it (the character stays on the line). */
	readonly breakAfter: boolean;
	/** CJK punctuation that must not start a line. */
	readonly noLineStart: boolean;
}

export type Run = readonly Glyph[];

const ELLIPSIS_CHAR = "\u2026";
const MISSING_CHAR = "\u25a1";
const BREAK_AFTER = ".-/_,:;";
const NO_LINE_START = "，。：；？！、";

/** Every glyph of a face as one frozen record, made once (in flash when preloaded): a run allocates no glyphs. */
function glyphTable(font: Readonly<BitmapFont>, chars: string): readonly Glyph[] {
	const table: Glyph[] = [];
	for (let i = 0; i < chars.length; i++) {
		const advance = font.advance(i);
		table.push(
			Object.freeze({
				font,
				index: i,
				char: chars[i]!,
				advance,
				left: font.left(i),
				top: font.top(i),
				width: font.width(i),
				height: font.height(i),
				trailing: Math.max(0, advance - font.left(i) - font.width(i)),
				bits: font.bits,
				rows: font.rowsOffset(i),
				space: chars[i] === " ",
				breakAfter: BREAK_AFTER.includes(chars[i]!),
				noLineStart: NO_LINE_START.includes(chars[i]!),
			}),
		);
	}
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
			width += glyph.advance;
			last = glyph;
		}
	}
	return last ? width - last.trailing : 0;
}

/** Width of the ink of run[start..end), from the pen start to the last glyph's right edge. */
export function runWidth(run: Run, start = 0, end = run.length): number {
	if (end <= start) return 0;
	let width = 0;
	for (let i = start; i < end; i++) width += run[i]!.advance;
	return width - run[end - 1]!.trailing;
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
export function drawRun(frame: Frame, run: Run, x: number, baseline: number, lit = true, strict = false): void {
	let pen = x;
	for (let i = 0; i < run.length; i++) pen += drawGlyph(frame, run[i]!, pen, baseline, lit, strict);
}

/**
 * Draws one glyph with its pen at x; returns its advance. A leaf on the draw path (its frame
 * is the deepest point of a screen draw on the XS stack): a byte that lands whole inside the
 * frame is OR-ed (or cleared) in at once, a byte cut by the edge goes pixel by pixel, here.
 */
export function drawGlyph(frame: Frame, g: Glyph, x: number, baseline: number, lit = true, strict = false): number {
	const left = x + g.left;
	const bits = g.bits;
	const stride = (g.width + 7) >> 3;
	const end = g.rows + g.height * stride;
	// Byte at a time: blank bytes (most of a glyph) cost one test.
	for (let row = g.rows, py = baseline - g.top; row < end; row += stride, py++)
		for (let b = 0; b < stride; b++) {
			const byte = bits[row + b]!;
			if (byte === 0) continue;
			const px = left + (b << 3);
			// Whole inside: the byte's 8 columns, or at the right edge the columns its ink uses.
			if (py >= 0 && py < FRAME_HEIGHT && px >= 0 && (px + 8 <= FRAME_WIDTH || (px < FRAME_WIDTH && (byte & (0xff >> (FRAME_WIDTH - px))) === 0))) {
				// Shifted across two bytes (the second is blank at the right edge).
				const at = py * FRAME_STRIDE + (px >> 3);
				const first = byte >> (px & 7);
				const second = (byte << (8 - (px & 7))) & 0xff;
				frame[at] = lit ? frame[at]! | first : frame[at]! & ~first;
				if (second) frame[at + 1] = lit ? frame[at + 1]! | second : frame[at + 1]! & ~second;
				continue;
			}
			for (let bit = 0; bit < 8; bit++) {
				if ((byte & (0x80 >> bit)) === 0) continue;
				if (px + bit < 0 || py < 0 || px + bit >= FRAME_WIDTH || py >= FRAME_HEIGHT) {
					if (strict) throw new RangeError(`glyph ${JSON.stringify(g.char)} cut by the frame edge at ${px + bit},${py}`);
					continue;
				}
				const at = py * FRAME_STRIDE + ((px + bit) >> 3);
				frame[at] = lit ? frame[at]! | (0x80 >> ((px + bit) & 7)) : frame[at]! & ~(0x80 >> ((px + bit) & 7));
			}
		}
	return g.advance;
}

/** Draws one glyph lit, each pixel a `scale` x `scale` square (a code in letters, doubled); returns its advance. */
export function drawGlyphScaled(frame: Frame, g: Glyph, x: number, baseline: number, scale: number, strict = false): number {
	const stride = (g.width + 7) >> 3;
	for (let y = 0; y < g.height; y++)
		for (let column = 0; column < g.width; column++) {
			if ((g.bits[g.rows + y * stride + (column >> 3)]! & (0x80 >> (column & 7))) === 0) continue;
			const px = x + (g.left + column) * scale;
			const py = baseline - (g.top - y) * scale;
			if (strict && (px < 0 || py < 0 || px + scale > FRAME_WIDTH || py + scale > FRAME_HEIGHT))
				throw new RangeError(`glyph ${JSON.stringify(g.char)} cut by the frame edge at ${px},${py}`);
			for (let sy = Math.max(0, py); sy < Math.min(FRAME_HEIGHT, py + scale); sy++)
				for (let sx = Math.max(0, px); sx < Math.min(FRAME_WIDTH, px + scale); sx++) frame[sy * FRAME_STRIDE + (sx >> 3)]! |= 0x80 >> (sx & 7);
		}
	return g.advance * scale;
}

function trimSpaces(run: Run): Run {
	let start = 0;
	let end = run.length;
	while (start < end && run[start]!.space) start++;
	while (end > start && run[end - 1]!.space) end--;
	return run.slice(start, end);
}

/** `run` itself when it fits, else as many leading glyphs as fit followed by an ellipsis. */
export function ellipsize(run: Run, maxWidth: number): Run {
	if (runWidth(run) <= maxWidth) return run;
	const ellipsisWidth = ELLIPSIS.advance - ELLIPSIS.trailing;
	let start = 0;
	while (start < run.length && run[start]!.space) start++;
	// The longest prefix (ending on a non-space) whose advance plus the ellipsis fits.
	let end = -1;
	let advance = 0;
	for (let i = start; i < run.length; i++) {
		advance += run[i]!.advance;
		if (advance + ellipsisWidth > maxWidth) break;
		if (!run[i]!.space) end = i + 1;
	}
	if (end <= start) return ellipsisWidth <= maxWidth ? [ELLIPSIS] : [];
	const shown = run.slice(start, end);
	shown.push(ELLIPSIS);
	return shown;
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
	let lastStart = 0;
	while (lastStart < run.length - 1 && ELLIPSIS.advance + runWidth(run, lastStart) > maxWidth) lastStart++;
	const cycle = lastStart + 2 * SCROLL_HOLD;
	const position = ((Math.floor(frameIndex) % cycle) + cycle) % cycle;
	const start = Math.min(lastStart, Math.max(0, position - SCROLL_HOLD));
	if (start === 0) return ellipsize(run, maxWidth);
	// An ellipsis for what scrolled out on the left, then the rest (itself shortened when it does not fit).
	const rest = ELLIPSIS.advance + runWidth(run, start) <= maxWidth ? run.slice(start) : ellipsize(run.slice(start), maxWidth - (ELLIPSIS.advance - ELLIPSIS.trailing) - 1);
	const shown = [ELLIPSIS];
	for (let i = 0; i < rest.length; i++) shown.push(rest[i]!);
	return shown;
}

/** Flags and fonts read from the glyph records: no call below wrapRanges on the draw path. */
function canBreakBefore(run: Run, i: number): boolean {
	const before = run[i - 1];
	const at = run[i];
	if (!before || !at || at.noLineStart) return false;
	if (before.space || at.space || before.breakAfter) return true;
	return before.font === CJK || at.font === CJK;
}

/** Splits a run into lines no wider than maxWidth, as [start, end) glyph ranges, spaces at breaks dropped. */
export function wrapRanges(run: Run, maxWidth: number): [number, number][] {
	const lines: [number, number][] = [];
	let start = 0;
	while (start < run.length && run[start]!.space) start++;
	while (start < run.length) {
		let end = start + 1;
		let advance = run[start]!.advance;
		while (end < run.length) {
			const next = run[end]!;
			const nextAdvance = next.advance;
			if (advance + nextAdvance - next.trailing > maxWidth) break;
			advance += nextAdvance;
			end++;
		}
		if (end < run.length) {
			let brk = end;
			while (brk > start + 1 && !canBreakBefore(run, brk)) brk--;
			if (brk > start + 1 || canBreakBefore(run, brk)) end = brk;
		}
		let lineEnd = end;
		while (lineEnd > start && run[lineEnd - 1]!.space) lineEnd--;
		lines.push([start, lineEnd]);
		start = end;
		while (start < run.length && run[start]!.space) start++;
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
		const height = runAscent(run, start) + runDescent(run, start);
		const needed = (lines.length ? gap : 0) + height;
		if (used + needed > maxHeight) break;
		if (i + 1 < ranges.length) {
			const next = ranges[i + 1]![0];
			if (used + needed + gap + runAscent(run, next) + runDescent(run, next) > maxHeight) {
				lines.push(ellipsize(trimSpaces(run.slice(start)), maxWidth));
				return lines;
			}
		}
		lines.push(run.slice(start, end));
		used += needed;
	}
	return lines;
}
