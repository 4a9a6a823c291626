/*
 * Regenerates the golden frames from the current renderer, after a deliberate change:
 *   node --import tsx test/screens/update-golden.ts
 * writes test/screens/golden/<screen>.<language>.png (4x), test/fixtures/screen-frames.hex
 * (the same frames as hex, for the specs on XS, which have no file system) and
 * docs/screens/gallery.png. Look at the PNGs before committing them.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { renderScreen } from "../../modules/screens/render.ts";
import { SCREEN_CATALOG, LANGUAGES } from "./catalog.ts";
import { frameToPng } from "../../desktop/tools/frames.ts";
import { renderGallery } from "./gallery.ts";
import { goldenName, framesHexFile } from "./golden.ts";

const goldenDir = new URL("./golden/", import.meta.url);
mkdirSync(goldenDir, { recursive: true });
const frames: { name: string; frame: Uint8Array }[] = [];
for (const entry of SCREEN_CATALOG) {
	for (const language of LANGUAGES) {
		const frame = renderScreen(entry.view, language, entry.frameIndex === undefined ? {} : { frameIndex: entry.frameIndex });
		const name = goldenName(entry.name, language);
		writeFileSync(new URL(`${name}.png`, goldenDir), frameToPng(frame, 4));
		frames.push({ name, frame });
	}
}
writeFileSync(new URL("../fixtures/screen-frames.hex", import.meta.url), framesHexFile(frames));
mkdirSync(new URL("../../docs/screens/", import.meta.url), { recursive: true });
writeFileSync(new URL("../../docs/screens/gallery.png", import.meta.url), renderGallery());
console.log(`wrote ${frames.length} golden frames and the gallery`);
