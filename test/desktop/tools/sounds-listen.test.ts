/*
 * The readout as a listener hears it: the announcer and the runner's speaker (the board's
 * IMA ADPCM clips decoded, the pauses as silence) for real codes. Its pace is close to the
 * official firmware's clips (prompt + six digits: about 10.6 s in zh-CN, 11.7 s in en-US),
 * and a speech recognizer (Debian's pocketsphinx with its en-US model, a grammar of one digit
 * word) hears the en-US digits, each digit's clip a segment, in their places: at least 9 of
 * the 10 digits everywhere they are said.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Announcer } from "../../../modules/announcer/announcer.ts";
import type { SoundLanguage } from "../../../modules/announcer/clips.ts";
import { NodeSpeaker, loadInstalledClips } from "../../../desktop/node/speaker.ts";
import { writeWav } from "../../../desktop/tools/sounds/wav.ts";

const CLIPS = loadInstalledClips();
const RATE = CLIPS.sampleRate;
const DIGIT_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
/** Together they hold every digit. */
const CODES = ["135790", "246801"];

/** One readout of `code` through the announcer into the runner's speaker. */
function readout(language: SoundLanguage, code: string): NodeSpeaker {
	const clock = { ms: 0 };
	const speaker = new NodeSpeaker(CLIPS, () => clock.ms);
	const announcer = new Announcer(speaker, { language, now: () => clock.ms });
	announcer.onEvent({ type: "code", code, message: code, replaced: false });
	return speaker;
}

/** Seconds from the prompt's start to the end of the sixth digit (the first reading). */
function firstReadingSeconds(speaker: NodeSpeaker): number {
	const clips = speaker.played.filter((p) => p.clip !== undefined);
	const sixth = clips[6]!;
	return (sixth.startMs + (sixth.samples * 1000) / RATE - clips[0]!.startMs) / 1000;
}

test("a readout's pace is close to the official clips': prompt + six digits about 10.6 s in zh-CN, 11.7 s in en-US (within 10%)", (t) => {
	for (const [language, official] of [["zh-CN", 10.6], ["en-US", 11.7]] as const) {
		const seconds = firstReadingSeconds(readout(language, "209835"));
		t.diagnostic(`${language}: prompt + six digits ${seconds.toFixed(2)} s (official ${official} s)`);
		assert.ok(Math.abs(seconds - official) <= official * 0.1, `${language}: ${seconds.toFixed(2)} s`);
	}
});

test("pocketsphinx (en-US model, one digit word per segment) hears at least 9 of the 10 digits in their places in en-US readouts", (t) => {
	const found = spawnSync("pocketsphinx_continuous", ["-h"], { stdio: "ignore" });
	assert.ok(!found.error, "pocketsphinx_continuous is missing: apt-get install pocketsphinx pocketsphinx-en-us (.ci/run does)");
	const dir = mkdtempSync(join(tmpdir(), "xiaozhi-listen-"));
	try {
		const grammar = join(dir, "digits.gram");
		writeFileSync(grammar, `#JSGF V1.0;\ngrammar digits;\npublic <digit> = ${DIGIT_WORDS.join(" | ")} | oh;\n`);
		const heard = new Map<number, boolean[]>();
		for (const code of CODES) {
			const speaker = readout("en-US", code);
			const pcm = speaker.pcm();
			const said: string[] = [];
			let at = 0;
			for (const entry of speaker.played) {
				const digit = entry.clip?.match(/^en-(\d)$/)?.[1];
				if (digit !== undefined) {
					// The digit's clip alone, with 0.3 s of silence either side.
					const pad = new Int16Array(Math.round(RATE * 0.3));
					const segment = new Int16Array(pad.length * 2 + entry.samples);
					segment.set(pcm.subarray(at, at + entry.samples), pad.length);
					const wav = join(dir, "segment.wav");
					writeFileSync(join(dir, "segment-24k.wav"), writeWav({ sampleRate: RATE, channels: 1, samples: segment }));
					execFileSync("sox", [join(dir, "segment-24k.wav"), "-r", "16000", wav]);
					const hypothesis = execFileSync("pocketsphinx_continuous", ["-infile", wav, "-jsgf", grammar, "-logfn", "/dev/null"]).toString().trim();
					said.push(hypothesis);
					const expected = Number(digit);
					heard.set(expected, [...(heard.get(expected) ?? []), hypothesis === DIGIT_WORDS[expected]]);
				}
				at += entry.samples;
			}
			t.diagnostic(`${code} read twice, heard: ${said.join(" ")}`);
		}
		assert.deepEqual([...heard.keys()].sort(), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], "the codes hold every digit");
		const everywhere = [...heard].filter(([, places]) => places.every(Boolean)).map(([digit]) => digit);
		t.diagnostic(`digits heard in all their places: ${everywhere.length} of 10`);
		assert.ok(everywhere.length >= 9, `heard everywhere: ${everywhere.sort().join(", ")}`);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});
