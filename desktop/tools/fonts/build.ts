/*
 * Packs the screen fonts into TypeScript the device carries:
 *   modules/screens/font-faces.ts  the project's own faces (small text face, large digits),
 *                                  from the ASCII-art tables in desktop/tools/fonts/*-face.ts;
 *   modules/screens/font-cjk.ts    the CJK glyphs the zh-CN strings use, cut from
 *                                  WenQuanYi Bitmap Song 12px (Debian package xfonts-wqy).
 * Usage: node --import tsx desktop/tools/fonts/build.ts [--check]
 *   --check  regenerate in memory and fail if the files on disk differ.
 * `npm ci` runs it (postinstall): font-cjk.ts is not committed, it is made from the installed
 * xfonts-wqy package at build time (without the package, CJK characters are drawn as boxes).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { readPcf } from "./pcf.ts";
import { SMALL_FACE_SHEETS, SMALL_FACE_ASCENT, SMALL_FACE_ROWS } from "./small-face.ts";
import { DIGIT_FACE, DIGIT_FACE_WIDTH, DIGIT_FACE_HEIGHT, ICONS } from "./digit-face.ts";
import { stringsFor, SERVER_WORDS_ZH, type ScreenStrings } from "../../../modules/screens/strings.ts";

export const WQY_FONT_PATH = "/usr/share/fonts/X11/misc/wenquanyi_9pt.pcf";
const FACES_OUT = new URL("../../../modules/screens/font-faces.ts", import.meta.url);
const CJK_OUT = new URL("../../../modules/screens/font-cjk.ts", import.meta.url);

/** Always generated, whatever the strings say: full-width punctuation a server message may carry. */
const CJK_PUNCTUATION = "，。：；？！、";

interface Glyph {
	readonly char: string;
	readonly width: number;
	readonly height: number;
	/** Rows above the baseline. */
	readonly top: number;
	readonly left: number;
	readonly advance: number;
	/** Row-major, 1 = ink. */
	readonly pixels: readonly number[];
}

interface Face {
	readonly ascent: number;
	readonly descent: number;
	readonly glyphs: readonly Glyph[];
}

function glyphFromRows(char: string, rows: readonly string[], top: number, advance: number): Glyph {
	const width = rows[0]!.length;
	const pixels: number[] = [];
	for (const row of rows) {
		if (row.length !== width || /[^#.]/.test(row)) throw new Error(`glyph ${JSON.stringify(char)}: bad row ${JSON.stringify(row)}`);
		for (const c of row) pixels.push(c === "#" ? 1 : 0);
	}
	return { char, width, height: rows.length, top, left: 0, advance, pixels };
}

export function smallFace(): Face {
	const glyphs: Glyph[] = [];
	for (const sheet of SMALL_FACE_SHEETS) {
		const chars = [...sheet.chars];
		if (sheet.rows.length !== SMALL_FACE_ROWS) throw new Error(`sheet ${sheet.chars}: ${sheet.rows.length} rows`);
		const split = sheet.rows.map((row) => row.split(" "));
		chars.forEach((char, i) => {
			const rows = split.map((segments) => {
				if (segments.length !== chars.length) throw new Error(`sheet ${sheet.chars}: ${segments.length} glyphs in a row`);
				return segments[i]!;
			});
			// One blank column after every glyph separates letters.
			glyphs.push(glyphFromRows(char, rows, SMALL_FACE_ASCENT, rows[0]!.length + 1));
		});
	}
	return { ascent: SMALL_FACE_ASCENT, descent: SMALL_FACE_ROWS - SMALL_FACE_ASCENT, glyphs };
}

export function digitFace(): Face {
	const glyphs = Object.keys(DIGIT_FACE).map((char) => {
		const rows = DIGIT_FACE[char]!;
		if (rows.length !== DIGIT_FACE_HEIGHT || rows.some((r) => r.length !== DIGIT_FACE_WIDTH)) throw new Error(`digit ${char}: wrong size`);
		return glyphFromRows(char, rows, DIGIT_FACE_HEIGHT, DIGIT_FACE_WIDTH);
	});
	return { ascent: DIGIT_FACE_HEIGHT, descent: 0, glyphs };
}

export function iconFace(): Face {
	const glyphs = Object.keys(ICONS).map((char) => {
		const rows = ICONS[char]!;
		return glyphFromRows(char, rows, rows.length, rows[0]!.length + 1);
	});
	return { ascent: Math.max(...glyphs.map((g) => g.height)), descent: 0, glyphs };
}

/** Every character the zh-CN and en-US strings use that the small face lacks. */
export function cjkCharsNeeded(small: Face): string[] {
	const have = new Set(small.glyphs.map((g) => g.char));
	const text: string[] = [CJK_PUNCTUATION, SERVER_WORDS_ZH];
	const collect = (s: ScreenStrings): void => {
		const walk = (v: unknown): void => {
			if (typeof v === "string") text.push(v);
			else if (v && typeof v === "object") for (const x of Object.values(v)) walk(x);
		};
		walk(s);
	};
	collect(stringsFor("zh-CN"));
	collect(stringsFor("en-US"));
	const needed = new Set<string>();
	for (const t of text) for (const c of t) if (!have.has(c)) needed.add(c);
	return [...needed].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
}

export function cjkFace(chars: readonly string[]): Face {
	if (!existsSync(WQY_FONT_PATH)) {
		// Still a working build without the package: CJK characters are drawn as boxes.
		console.warn(`warning: ${WQY_FONT_PATH} missing (apt-get install xfonts-wqy): zh-CN screens will show boxes`);
		return { ascent: 10, descent: 1, glyphs: [] };
	}
	const font = readPcf(WQY_FONT_PATH);
	const glyphs = chars.map((char) => {
		const g = font.glyph(char.codePointAt(0)!);
		if (!g) throw new Error(`${WQY_FONT_PATH} has no glyph for ${char} (U+${char.codePointAt(0)!.toString(16)})`);
		return { char, width: g.width, height: g.height, top: g.ascent, left: g.left, advance: g.advance, pixels: [...g.pixels] };
	});
	// The face's line box is what its glyphs use, not the font's nominal 12+3 (kept tight for 32 rows).
	const ascent = Math.max(...glyphs.map((g) => g.top));
	const descent = Math.max(...glyphs.map((g) => g.height - g.top));
	return { ascent, descent, glyphs };
}

/** Glyph record: width, height, top+64, left+64, advance, then rows MSB first, ceil(width/8) bytes each. */
function packGlyphs(face: Face): { hex: string; bytes: number } {
	const sorted = [...face.glyphs].sort((a, b) => a.char.codePointAt(0)! - b.char.codePointAt(0)!);
	const bytes: number[] = [];
	for (const g of sorted) {
		if (g.width > 255 || g.height > 255 || g.advance > 255) throw new Error(`glyph ${g.char} too large`);
		bytes.push(g.width, g.height, g.top + 64, g.left + 64, g.advance);
		const stride = Math.ceil(g.width / 8);
		for (let y = 0; y < g.height; y++) {
			for (let b = 0; b < stride; b++) {
				let byte = 0;
				for (let bit = 0; bit < 8; bit++) {
					const x = b * 8 + bit;
					if (x < g.width && g.pixels[y * g.width + x]) byte |= 0x80 >> bit;
				}
				bytes.push(byte);
			}
		}
	}
	return { hex: bytes.map((b) => b.toString(16).padStart(2, "0")).join(""), bytes: bytes.length };
}

function faceSource(name: string, face: Face): { source: string; bytes: number } {
	const chars = [...face.glyphs].map((g) => g.char).sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!).join("");
	const { hex, bytes } = packGlyphs(face);
	const lines = hex.match(/.{1,120}/g) ?? [""];
	const source =
		`/** ${face.glyphs.length} glyphs, ${bytes} bytes of glyph data. */\n` +
		`export const ${name}: FontData = Object.freeze({\n` +
		`\tascent: ${face.ascent},\n` +
		`\tdescent: ${face.descent},\n` +
		`\tchars: ${JSON.stringify(chars)},\n` +
		`\tglyphs:\n${lines.map((l) => `\t\t"${l}"`).join(" +\n")},\n});\n`;
	return { source, bytes };
}

export interface GeneratedFonts {
	readonly faces: string;
	readonly cjk: string;
	readonly sizes: Readonly<Record<string, number>>;
}

export function generateFonts(): GeneratedFonts {
	const small = smallFace();
	const small_ = faceSource("SMALL_FACE", small);
	const digits_ = faceSource("DIGIT_FACE", digitFace());
	const icons_ = faceSource("ICON_FACE", iconFace());
	const cjk_ = faceSource("CJK_FACE", cjkFace(cjkCharsNeeded(small)));
	const faces =
		`/*\n * GENERATED by desktop/tools/fonts/build.ts from the project's own glyph tables (desktop/tools/fonts/small-face.ts,\n` +
		` * desktop/tools/fonts/digit-face.ts). Do not edit; run \`node --import tsx desktop/tools/fonts/build.ts\`.\n */\n` +
		`import type { FontData } from "screens/font";\n\n` +
		small_.source +
		"\n" +
		digits_.source +
		"\n" +
		icons_.source;
	const cjk =
		`/*\n * GENERATED by desktop/tools/fonts/build.ts. Do not edit; run \`node --import tsx desktop/tools/fonts/build.ts\`.\n *\n` +
		` * The glyphs below are a subset of WenQuanYi Bitmap Song 12px (wenquanyi_9pt.pcf, Debian package\n` +
		` * xfonts-wqy), copied unaltered except for packing:\n` +
		` *   Copyright (C) 2004-2010, The WenQuanYi Project Board of Trustees and Qianqian Fang.\n` +
		` *   License: GPL-2 with font embedding exception (see desktop/tools/fonts/README.md and\n` +
		` *   /usr/share/doc/xfonts-wqy/copyright). The exception lets a document or program that\n` +
		` *   embeds the font stay outside the GPL; this file itself remains under that licence.\n */\n` +
		`import type { FontData } from "screens/font";\n\n` +
		cjk_.source;
	return { faces, cjk, sizes: { SMALL_FACE: small_.bytes, DIGIT_FACE: digits_.bytes, ICON_FACE: icons_.bytes, CJK_FACE: cjk_.bytes } };
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const generated = generateFonts();
	if (process.argv.includes("--check")) {
		const stale = [
			[FACES_OUT, generated.faces],
			[CJK_OUT, generated.cjk],
		].filter(([url, text]) => readFileSync(url as URL, "utf8") !== text);
		if (stale.length) {
			console.error(`stale: ${stale.map(([u]) => String(u)).join(", ")}; run node --import tsx desktop/tools/fonts/build.ts`);
			process.exit(1);
		}
		console.log("fonts up to date", generated.sizes);
	} else {
		writeFileSync(FACES_OUT, generated.faces);
		writeFileSync(CJK_OUT, generated.cjk);
		console.log("wrote fonts", generated.sizes);
	}
}
