/* desktop/tools/sounds/build.ts: the clips as MAUD resources, and the loud tone fallback without espeak-ng. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSounds } from "../../../desktop/tools/sounds/build.ts";
import { loadClips } from "../../../desktop/node/speaker.ts";
import { ALL_CLIPS } from "../../../modules/announcer/clips.ts";
import { readMaudHeader } from "../../../modules/announcer/maud.ts";
import { readWav, writeWav } from "../../../desktop/tools/sounds/wav.ts";

test("without espeak-ng the build says so and makes tones: a DTMF pair per digit, never silence", (t) => {
	const dir = mkdtempSync(join(tmpdir(), "xiaozhi-tones-"));
	const warnings: string[] = [];
	t.mock.method(console, "warn", (message: string) => void warnings.push(message));
	try {
		const info = buildSounds({ outDir: dir, infoFile: join(dir, "info.json"), speech: false });
		assert.match(warnings.join("\n"), /WARNING: espeak-ng or sox is missing.*\n.*TONES/);
		assert.match(info.source, /tones/);
		assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith(".maud")).sort(), ALL_CLIPS.map((c) => `${c}.maud`).sort());
		const header = readMaudHeader(readFileSync(join(dir, "zh-7.maud")));
		assert.deepEqual([header.sampleRate, header.bitsPerSample, header.channels, header.format, header.sampleCount], [24000, 16, 1, "pcm", 12000]);
		const clips = loadClips(dir);
		for (const id of ALL_CLIPS) {
			const samples = clips.clips.get(id)!;
			const peak = samples.reduce((m, s) => Math.max(m, Math.abs(s)), 0);
			assert.ok(peak > 8000, `${id} is audible (peak ${peak})`);
		}
		assert.notDeepEqual(clips.clips.get("zh-1"), clips.clips.get("zh-2"), "each digit has its own tone");
		assert.deepEqual(clips.clips.get("zh-5"), clips.clips.get("en-5"), "tones do not depend on the language");
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
