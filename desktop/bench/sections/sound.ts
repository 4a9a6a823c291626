/*
 * Sound figures: the flash the generated clips take (sounds/generated.json, made at install
 * time) against their budget, and what XS spends to start a readout and to ignore a tick.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { bundleForXs } from "../../runner/bundle.ts";
import { startXsWorker } from "../../runner/xs-worker.ts";
import { SOUNDS_INFO, type SoundsInfo } from "../../tools/sounds/build.ts";
import { loadInstalledClips } from "../../node/speaker.ts";

const DEVICE_SLOT_BYTES = 16;

function flash(): void {
	loadInstalledClips(); // makes them when this checkout never did
	const info = JSON.parse(readFileSync(SOUNDS_INFO, "utf8")) as SoundsInfo;
	const sum = (prefix: string) =>
		Object.entries(info.clips)
			.filter(([id]) => id.startsWith(prefix))
			.reduce((n, [, clip]) => n + clip.bytes, 0);
	const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
	console.log(`Sound clips in flash (${info.source}; ${info.format} MAUD at ${info.sampleRate} Hz):`);
	console.log(`  zh-CN prompts + 10 digits + 6 letters: ${sum("zh-")} B (${kib(sum("zh-"))}), prompt ${info.clips["zh-prompt"]?.ms} ms`);
	console.log(`  en-US prompts + 10 digits + 6 letters: ${sum("en-")} B (${kib(sum("en-"))}), prompt ${info.clips["en-prompt"]?.ms} ms`);
	console.log(`  success + error: ${sum("success") + sum("error")} B`);
	console.log(`  total ${info.flashBytes} B (${kib(info.flashBytes)}) of a ${info.budgetBytes} B budget; the app partition is 4032 KiB`);
}

async function xsCost(): Promise<void> {
	const worker = await startXsWorker({ handle: () => undefined, name: "bench-sound" });
	try {
		await worker.evaluate(await bundleForXs(fileURLToPath(new URL("../announcer-xs-entry.ts", import.meta.url))));
		console.log("XS cost (announcer deciding and queueing; the AudioOut enqueue is native):");
		for (const [label, call] of [
			["start a readout (stop, prompt, 6 digits twice, pauses)", "bench.readout()"],
			["a countdown tick (nothing said)", "bench.tick()"],
		] as const) {
			await worker.evaluate("gc();");
			const base = await worker.evaluate("bench.noop()");
			const used = await worker.evaluate(call);
			const slots = used.heapSlots - base.heapSlots;
			console.log(`  ${label.padEnd(56)} ${String(used.computrons - base.computrons).padStart(6)} computrons  ${String(slots).padStart(4)} slots (~${((slots * DEVICE_SLOT_BYTES) / 1024).toFixed(1)} KiB on device)`);
		}
	} finally {
		await worker.close();
	}
}

export async function run(): Promise<void> {
	flash();
	await xsCost();
}
