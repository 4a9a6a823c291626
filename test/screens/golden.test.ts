/*
 * Golden PNGs: every catalog screen, both languages, compared pixel for pixel with what the
 * renderer draws now; the hex fixture the XS specs use must hold the same frames; the font
 * files must be what desktop/tools/fonts/build.ts makes from its sources.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { renderScreen } from "../../modules/screens/render.ts";
import { frameToHex } from "../../modules/screens/frame.ts";
import { pngToFrame, frameToTerminal } from "../../desktop/tools/frames.ts";
import { generateFonts } from "../../desktop/tools/fonts/build.ts";
import { SCREEN_CATALOG, LANGUAGES } from "./catalog.ts";
import { FRAMES_FIXTURE, goldenName, parseFramesHexFile } from "./golden.ts";
import { differingPixels } from "./probe.ts";

const goldenDir = new URL("./golden/", import.meta.url);
const update = "run `node --import tsx test/screens/update-golden.ts` after a deliberate change, and look at the PNGs";

for (const entry of SCREEN_CATALOG) {
	for (const language of LANGUAGES) {
		const name = goldenName(entry.name, language);
		test(`golden PNG: ${name}`, () => {
			const expected = pngToFrame(readFileSync(new URL(`${name}.png`, goldenDir)));
			const actual = renderScreen(entry.view, language, entry.frameIndex === undefined ? {} : { frameIndex: entry.frameIndex });
			const diff = differingPixels(actual, expected);
			assert.equal(diff, 0, `${name}: ${diff} pixels differ; ${update}\nnow:\n${frameToTerminal(actual)}\ngolden:\n${frameToTerminal(expected)}`);
		});
	}
}

test("golden PNGs: no stray files, one per catalog screen and language", () => {
	const expected = SCREEN_CATALOG.flatMap((e) => LANGUAGES.map((l) => `${goldenName(e.name, l)}.png`)).sort();
	assert.deepEqual(readdirSync(goldenDir).sort(), expected);
});

test("the hex fixture (for XS) holds exactly the golden PNG frames", () => {
	const hex = parseFramesHexFile(readFileSync(new URL(`../fixtures/${FRAMES_FIXTURE}`, import.meta.url), "utf8"));
	assert.equal(hex.size, SCREEN_CATALOG.length * LANGUAGES.length);
	for (const [name, frame] of hex) {
		const png = pngToFrame(readFileSync(new URL(`${name}.png`, goldenDir)));
		assert.equal(frameToHex(frame), frameToHex(png), name);
	}
});

test("the font files are what desktop/tools/fonts/build.ts generates (glyph tables and xfonts-wqy)", () => {
	const generated = generateFonts();
	assert.equal(readFileSync(new URL("../../modules/screens/font-faces.ts", import.meta.url), "utf8"), generated.faces, "font-faces.ts is stale");
	assert.equal(readFileSync(new URL("../../modules/screens/font-cjk.ts", import.meta.url), "utf8"), generated.cjk, "font-cjk.ts is stale");
	const total = Object.values(generated.sizes).reduce((a, b) => a + b, 0);
	assert.ok(total < 8 * 1024, `font data grew to ${total} bytes`);
});
