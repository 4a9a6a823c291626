/*
 * desktop/tools/sounds/build.ts: the clips as IMA ADPCM MAUD resources, the loud tone
 * fallback without espeak-ng, the zh-CN check that no Mandarin clip is read in English, and
 * the project's codecs (WAV, IMA ADPCM) round-tripping.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSounds } from "../../../desktop/tools/sounds/build.ts";
import { encodeIma } from "../../../desktop/tools/sounds/ima-encode.ts";
import { checkMandarin, languageSwitches, phonemes, spokenClips } from "../../../desktop/tools/sounds/script.ts";
import { loadClips } from "../../../desktop/node/speaker.ts";
import { ALL_CLIPS } from "../../../modules/announcer/clips.ts";
import { IMA_BLOCK_SAMPLES, decodeIma } from "../../../modules/announcer/ima-adpcm.ts";
import { readMaudHeader } from "../../../modules/announcer/maud.ts";
import { readWav, writeWav } from "../../../desktop/tools/sounds/wav.ts";

test("without espeak-ng the build says so and makes tones: a DTMF pair per hexadecimal digit, never silence", (t) => {
	const dir = mkdtempSync(join(tmpdir(), "xiaozhi-tones-"));
	const warnings: string[] = [];
	t.mock.method(console, "warn", (message: string) => void warnings.push(message));
	try {
		const info = buildSounds({ outDir: dir, infoFile: join(dir, "info.json"), speech: false });
		assert.match(warnings.join("\n"), /WARNING: espeak-ng or sox is missing.*\n.*TONES/);
		assert.match(info.source, /tones/);
		assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith(".maud")).sort(), ALL_CLIPS.map((c) => `${c}.maud`).sort());
		const header = readMaudHeader(readFileSync(join(dir, "zh-7.maud")));
		assert.deepEqual([header.sampleRate, header.bitsPerSample, header.channels, header.format], [24000, 16, 1, "ima"]);
		assert.equal(header.sampleCount % IMA_BLOCK_SAMPLES, 0, "whole IMA blocks: AudioOut plays nothing else");
		const clips = loadClips(dir);
		for (const id of ALL_CLIPS) {
			const samples = clips.clips.get(id)!;
			const peak = samples.reduce((m, s) => Math.max(m, Math.abs(s)), 0);
			assert.ok(peak > 4000, `${id} is audible (peak ${peak})`);
		}
		assert.notDeepEqual(clips.clips.get("zh-1"), clips.clips.get("zh-2"), "each digit has its own tone");
		assert.notDeepEqual(clips.clips.get("en-a"), clips.clips.get("en-b"), "each letter has its own tone");
		assert.deepEqual(clips.clips.get("zh-5"), clips.clips.get("en-5"), "tones do not depend on the language");
		assert.equal(info.flashBytes, ALL_CLIPS.reduce((n, id) => n + readFileSync(join(dir, `${id}.maud`)).length, 0));
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});

test("a missing clip is named with the command that makes it", () => {
	const dir = mkdtempSync(join(tmpdir(), "xiaozhi-empty-"));
	try {
		assert.throws(() => loadClips(dir), /zh-prompt\.maud missing .*npm run sounds/);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});

test("the project's WAV writer and reader round-trip; a non-WAV is refused", () => {
	const samples = Int16Array.from([0, 1, -1, 32767, -32768, 1234]);
	const back = readWav(writeWav({ sampleRate: 24000, channels: 1, samples }));
	assert.deepEqual([back.sampleRate, back.channels, Array.from(back.samples)], [24000, 1, Array.from(samples)]);
	assert.throws(() => readWav(new Uint8Array(44)), /not a RIFF\/WAVE file/);
});

test("IMA ADPCM: the project's encoder and decoder agree; a 0.2-6.2 kHz sweep with noise comes back at 20 dB SNR or better, silence as silence", () => {
	const samples = new Int16Array(40 * IMA_BLOCK_SAMPLES);
	let seed = 7;
	for (let i = 0; i < samples.length; i++) {
		seed = (seed * 1103515245 + 12345) % 2 ** 31;
		const f = 200 + (i / samples.length) * 6000;
		samples[i] = i < 20 * IMA_BLOCK_SAMPLES ? Math.round(9000 * Math.sin((2 * Math.PI * f * i) / 24000) + ((seed / 2 ** 31) * 2 - 1) * 800) : 0;
	}
	const blocks = encodeIma(samples);
	assert.equal(blocks.length, 40 * 68);
	const decoded = decodeIma(blocks, 0, samples.length);
	let signal = 0;
	let noise = 0;
	for (let i = 0; i < samples.length; i++) {
		signal += samples[i]! ** 2;
		noise += (samples[i]! - decoded[i]!) ** 2;
	}
	const snr = 10 * Math.log10(signal / noise);
	assert.ok(snr >= 20, `SNR ${snr.toFixed(1)} dB`);
	assert.ok(decoded.subarray(21 * IMA_BLOCK_SAMPLES).every((s) => Math.abs(s) <= 2), "digital silence stays (within 2 LSB) silent");
	assert.throws(() => encodeIma(new Int16Array(130)), /whole number of 129-sample blocks/);
});

test("zh-CN: every Mandarin clip's phonemes are Mandarin (espeak-ng -x shows no other language); the English-reading voice `cmn` fails the check", () => {
	const script = spokenClips();
	const zh = script.filter((clip) => clip.language === "zh-CN");
	assert.equal(zh.length, 18, "prompt, setup prompt, 10 digits, 6 letters");
	const read = checkMandarin(script);
	for (const clip of zh) {
		assert.equal(clip.voice, "cmn-latn-pinyin");
		assert.deepEqual(languageSwitches(read.get(clip.id)!), [], `${clip.id}: ${read.get(clip.id)}`);
	}
	assert.match(read.get("zh-7")!, /tS;h'i55/, "七 is qi, not 'ki-one'");
	assert.ok(languageSwitches(phonemes("cmn", "七")).includes("en"));
	assert.throws(() => checkMandarin(zh.map((clip) => ({ ...clip, voice: "cmn" }))), /zh-7 "七" \(cmn\): \(en\)/);
});
