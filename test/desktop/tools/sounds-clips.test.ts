/*
 * The generated clips as a listener gets them (decoded from the board's IMA ADPCM by the
 * project's decoder): no click at either end (each edge under the fade's envelope), one
 * loudness for speech and chimes (within 2 dB, active RMS), no clipping, within the flash
 * budget, and the index recording how each clip was made. And what the compression loses:
 * a spoken clip's band energies through the IMA codec against its 16-bit original.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadInstalledClips } from "../../../desktop/node/speaker.ts";
import { FLASH_BUDGET_BYTES, SOUNDS_DIR, SOUNDS_INFO, type SoundsInfo } from "../../../desktop/tools/sounds/build.ts";
import { encodeIma } from "../../../desktop/tools/sounds/ima-encode.ts";
import { FADE_MS, PEAK_LIMIT_DB, activeRmsDb, fadeGain, shapeClip } from "../../../desktop/tools/sounds/shape.ts";
import { readWav } from "../../../desktop/tools/sounds/wav.ts";
import { ALL_CLIPS } from "../../../modules/announcer/clips.ts";
import { decodeIma } from "../../../modules/announcer/ima-adpcm.ts";

const CLIPS = loadInstalledClips();
const RATE = CLIPS.sampleRate;
const INFO = JSON.parse(readFileSync(SOUNDS_INFO, "utf8")) as SoundsInfo;
const spoken = INFO.source.startsWith("espeak-ng");

function samplesOf(id: string): Int16Array {
	const samples = CLIPS.clips.get(id);
	assert.ok(samples, id);
	return samples;
}

test("every clip starts and ends in silence, under the fade's envelope (no step, no click)", () => {
	const limit = 32768 * 10 ** (PEAK_LIMIT_DB / 20);
	// What the IMA coder may add just after loud speech (its step shrinks over a few samples): under -35 dBFS.
	const slack = 600;
	const fade = Math.round((RATE * FADE_MS) / 1000);
	for (const id of ALL_CLIPS) {
		const samples = samplesOf(id);
		assert.ok(Math.abs(samples[0]!) <= 2 && Math.abs(samples.at(-1)!) <= 2, `${id}: edges ${samples[0]} / ${samples.at(-1)}`);
		for (let i = 0; i < fade; i++) {
			const bound = limit * fadeGain(i, RATE) + slack;
			assert.ok(Math.abs(samples[i]!) <= bound, `${id}: sample ${i} is ${samples[i]}, over the fade-in's ${bound.toFixed(0)}`);
		}
		// The clip's sound ends with its fade-out; the padding to whole IMA blocks after it is silence.
		let end = samples.length;
		while (end > 0 && Math.abs(samples[end - 1]!) <= 2) end--;
		for (let i = 0; i < fade && end - 1 - i >= 0; i++) {
			const bound = limit * fadeGain(i, RATE) + slack;
			assert.ok(Math.abs(samples[end - 1 - i]!) <= bound, `${id}: ${i} samples before its end is ${samples[end - 1 - i]}, over the fade-out's ${bound.toFixed(0)}`);
		}
	}
});

test("speech and chimes are one loudness (active RMS within 2 dB) and nothing clips", () => {
	const loudness = ALL_CLIPS.map((id) => [id, activeRmsDb(samplesOf(id), RATE)] as const);
	const values = loudness.map(([, db]) => db);
	const spread = Math.max(...values) - Math.min(...values);
	assert.ok(spread <= 2, `loudness from ${Math.min(...values).toFixed(1)} to ${Math.max(...values).toFixed(1)} dBFS: ${loudness.map(([id, db]) => `${id} ${db.toFixed(1)}`).join(", ")}`);
	for (const id of ALL_CLIPS) {
		const samples = samplesOf(id);
		const peak = samples.reduce((m, s) => Math.max(m, Math.abs(s)), 0);
		assert.ok(peak < 32767 * 0.97, `${id} peaks at ${peak}`);
	}
});

test("all clips take at most 300 KB of flash, as the index says; it records each spoken clip's engine, voice and exact text", () => {
	const bytes = ALL_CLIPS.reduce((n, id) => n + statSync(join(SOUNDS_DIR, `${id}.maud`)).size, 0);
	assert.equal(INFO.flashBytes, bytes);
	assert.ok(bytes <= FLASH_BUDGET_BYTES && FLASH_BUDGET_BYTES === 300_000, `${bytes} bytes`);
	assert.equal(INFO.format, "IMA ADPCM");
	assert.deepEqual(Object.keys(INFO.clips).sort(), [...ALL_CLIPS].sort());
	if (!spoken) return;
	assert.deepEqual(
		[INFO.clips["zh-7"]!.engine, INFO.clips["zh-7"]!.voice, INFO.clips["zh-7"]!.text, INFO.clips["en-prompt"]!.voice, INFO.clips["en-prompt"]!.text],
		[INFO.clips["en-7"]!.engine, "cmn-latn-pinyin", "七", "en-us+edward", "Enter this code at xiaozhi dot me"],
	);
	assert.match(INFO.clips["zh-7"]!.engine, /^espeak-ng \d/);
	for (const id of ALL_CLIPS.filter((clip) => clip.startsWith("zh-"))) assert.doesNotMatch(INFO.clips[id]!.phonemes ?? "", /\(en\)/, id);
});

/** Energy per band (dB) over 512-sample frames, bands of 1.5 kHz up to 12 kHz. */
function bandEnergies(samples: ArrayLike<number>): number[] {
	const size = 512;
	const bands = new Array<number>(8).fill(0);
	for (let start = 0; start + size <= samples.length; start += size) {
		for (let bin = 1; bin < size / 2; bin++) {
			let re = 0;
			let im = 0;
			for (let n = 0; n < size; n++) {
				const angle = (2 * Math.PI * bin * n) / size;
				re += samples[start + n]! * Math.cos(angle);
				im -= samples[start + n]! * Math.sin(angle);
			}
			bands[Math.min(7, Math.floor((bin * RATE) / size / 1500))]! += re * re + im * im;
		}
	}
	return bands.map((energy) => 10 * Math.log10(energy + 1));
}

test("IMA ADPCM keeps a spoken 'six seven' (fricatives, the hardest): its bands within 1 dB, its coding noise 12 dB under the voice's bands and 25 dB under the loudest, 15 dB SNR", { skip: !spoken && "no espeak-ng: no speech to compare" }, () => {
	const dir = mkdtempSync(join(tmpdir(), "xiaozhi-ima-"));
	try {
		execFileSync("espeak-ng", ["-v", "en-us+edward", "-s", "150", "-w", join(dir, "raw.wav"), "six seven"]);
		execFileSync("sox", [join(dir, "raw.wav"), "-D", "-r", String(RATE), "-c", "1", "-b", "16", join(dir, "pcm.wav")]);
		const pcm = shapeClip(readWav(readFileSync(join(dir, "pcm.wav"))).samples, RATE);
		const ima = decodeIma(encodeIma(pcm), 0, pcm.length);
		let signal = 0;
		let noise = 0;
		for (let i = 0; i < pcm.length; i++) {
			signal += pcm[i]! ** 2;
			noise += (pcm[i]! - ima[i]!) ** 2;
		}
		assert.ok(10 * Math.log10(signal / noise) >= 15, `SNR ${(10 * Math.log10(signal / noise)).toFixed(1)} dB`);
		const noiseSamples = pcm.map((sample, i) => sample - ima[i]!);
		const [before, after, noiseDb] = [bandEnergies(pcm), bandEnergies(ima), bandEnergies(noiseSamples)];
		const loudest = Math.max(...before);
		before.forEach((db, band) => {
			console.log(band, db.toFixed(1), after[band]!.toFixed(1), noiseDb[band]!.toFixed(1));
			const name = `band ${band * 1.5}-${band * 1.5 + 1.5} kHz (${db.toFixed(1)} dB, after ${after[band]!.toFixed(1)}, noise ${noiseDb[band]!.toFixed(1)}, loudest band ${loudest.toFixed(1)})`;
			// The coding noise follows the voice (IMA's step follows the signal): under each band that carries the voice, far under the loudest everywhere.
			assert.ok(noiseDb[band]! <= loudest - 25, name);
			if (db >= loudest - 30) assert.ok(Math.abs(after[band]! - db) <= 1, name);
			if (db >= loudest - 25) assert.ok(noiseDb[band]! <= db - 12, name);
		});
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});
