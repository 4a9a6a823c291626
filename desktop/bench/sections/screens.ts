/*
 * `npm run bench` section: what the activation screens cost on the real XS engine (xsnap):
 * loading the module (fonts decoded once), rendering one frame, and the font data carried.
 */
import { fileURLToPath } from "node:url";
import { startXsWorker } from "../../runner/xs-worker.ts";
import { bundleForXs } from "../../runner/bundle.ts";
import { generateFonts } from "../../tools/fonts/build.ts";
import { SMALL_FACE, DIGIT_FACE, ICON_FACE } from "../../../modules/screens/font-faces.ts";
import { CJK_FACE } from "../../../modules/screens/font-cjk.ts";

/** A slot is 16 bytes in the 32-bit XS of the ESP32 (32 on this 64-bit machine). */
const DEVICE_SLOT_BYTES = 16;

export async function run(): Promise<void> {
	console.log("Screens (128x32, XS cost per call, rendering into one frame made at start; slots in use right after the call, and still alive after a gc):");
	const worker = await startXsWorker({ handle: () => undefined, name: "bench-screens" });
	try {
		const script = await bundleForXs(fileURLToPath(new URL("../screens-xs-entry.ts", import.meta.url)));
		const load = await worker.evaluate(script);
		console.log(`  ${"load the screens module (fonts decoded)".padEnd(46)} ${String(load.computrons).padStart(7)} computrons  ${String(load.heapSlots).padStart(5)} slots live after`);
		const measure = async (label: string, call: string) => {
			await worker.evaluate("screensBench.release(); gc();");
			const base = await worker.evaluate("screensBench.noop()");
			// Every crank leaves a few slots of its own (its script); an empty one says how many.
			const empty = await worker.evaluate("screensBench.noop()");
			const used = await worker.evaluate(call);
			const garbage = used.heapSlots - empty.heapSlots - (empty.heapSlots - base.heapSlots);
			const afterGc = await worker.evaluate("gc(); screensBench.noop()");
			const kept = afterGc.heapSlots - base.heapSlots;
			console.log(
				`  ${label.padEnd(46)} ${String(used.computrons - base.computrons).padStart(7)} computrons` +
					`  ${String(garbage).padStart(5)} slots used (~${((garbage * DEVICE_SLOT_BYTES) / 1024).toFixed(1)} KiB on device)` +
					`  ${String(kept).padStart(4)} kept after gc`,
			);
		};
		await measure("render the code screen, zh-CN", 'screensBench.code("zh-CN")');
		await measure("render the code screen, en-US", 'screensBench.code("en-US")');
		await measure("render a long failure screen, zh-CN", 'screensBench.failure("zh-CN")');
		await measure("render a long failure screen, en-US", 'screensBench.failure("en-US")');
		for (const language of ["zh-CN", "en-US"]) {
			await worker.evaluate(`screensBench.present("${language}")`);
			await measure(`an unchanged frame, ${language} (not re-rendered)`, `screensBench.unchanged("${language}")`);
			await measure(`a countdown tick on the code screen, ${language}`, `screensBench.tick("${language}")`);
		}
		await measure("reduce one event to a view", "screensBench.reduce()");
	} finally {
		await worker.close();
	}
	const { sizes } = generateFonts();
	const faces = [SMALL_FACE, DIGIT_FACE, ICON_FACE, CJK_FACE];
	const hex = faces.reduce((sum, face) => sum + face.glyphs.length, 0);
	const glyphs = faces.reduce((sum, face) => sum + face.chars.length, 0);
	const total = Object.values(sizes).reduce((sum, bytes) => sum + bytes, 0);
	const parts = Object.entries(sizes).map(([name, bytes]) => `${name} ${bytes} B`).join(" + ");
	console.log(`  font data: ${glyphs} glyphs, ${parts} = ${total} B decoded (${hex} B of hex text in the module source)`);
}
