/*
 * The speaker and the LED of the XS-hosted device: the runner's --sound WAV, read back with
 * the project's WAV reader, is sample for sample the clips the announcer chose, decoded from
 * the board's IMA ADPCM, with the readout's pauses (the prompt, the six digits in two groups,
 * the six digits again, the success chime); each sound event's atMs is when its clip starts
 * playing; a code replaced mid-readout cuts the first readout where the device stopped it.
 * The generated clips' lengths stay in their window.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VirtualClock } from "../../../../desktop/node/clock.ts";
import { loadDeviceProfile } from "../../../../desktop/node/device-profile.ts";
import { loadInstalledClips } from "../../../../desktop/node/speaker.ts";
import { runDeviceOnXs, type SoundEvent } from "../../../../desktop/runner/run-device.ts";
import { deliverSound } from "../../../../desktop/runner/sound-out.ts";
import { startEmulator } from "../../../../desktop/emulator/server.ts";
import { ALL_CLIPS } from "../../../../modules/announcer/clips.ts";
import { READOUT_PACE } from "../../../../modules/announcer/announcer.ts";
import { readWav } from "../../../../desktop/tools/sounds/wav.ts";
import { concat } from "../../../../desktop/tools/sounds/synth.ts";
import { runCli } from "../../../support/cli.ts";

const CLIPS = loadInstalledClips();

function clip(id: string): Int16Array {
	const samples = CLIPS.clips.get(id);
	assert.ok(samples, `clip ${id}`);
	return samples;
}

const clipMs = (id: string): number => (clip(id).length * 1000) / 24000;
const silence = (ms: number): Int16Array => new Int16Array(Math.round((ms * 24000) / 1000));

/** The zh-CN readout as the announcer paces it: each part and, for a clip, its id. */
function zhReadout(digits: readonly string[]): { parts: Int16Array[]; onsetsMs: number[] } {
	const pace = READOUT_PACE["zh-CN"];
	const parts = [clip("zh-prompt"), silence(pace.afterPromptMs)];
	const onsetsMs = [0];
	let at = clipMs("zh-prompt") + pace.afterPromptMs;
	for (const reading of [0, 1]) {
		if (reading === 1) {
			parts.push(silence(pace.againPauseMs));
			at += pace.againPauseMs;
		}
		digits.forEach((id, i) => {
			if (i > 0) {
				const gap = Math.max(pace.minGapMs, pace.digitSlotMs - clipMs(digits[i - 1]!)) + (i % 3 === 0 ? pace.groupPauseMs : 0);
				parts.push(silence(gap));
				at += gap;
			}
			parts.push(clip(id));
			onsetsMs.push(at);
			at += clipMs(id);
		});
	}
	return { parts, onsetsMs };
}

function assertSameSamples(actual: Int16Array, expected: Int16Array, what: string): void {
	assert.equal(actual.length, expected.length, `${what}: sample count`);
	const first = actual.findIndex((sample, i) => sample !== expected[i]);
	assert.equal(first, -1, `${what}: first differing sample at ${first}`);
}

test("runner --sound: the WAV is the prompt, the code's digits 3 + 3 twice with their pauses, and the success chime, sample for sample; atMs is each clip's start", async () => {
	const dir = mkdtempSync(join(tmpdir(), "xiaozhi-sound-"));
	try {
		const wavPath = join(dir, "speaker.wav");
		const { code, stdout, stderr } = await runCli(["--auto-bind", "20", "--virtual-time", "--json", "--sound", wavPath]);
		assert.equal(code, 0, stderr);
		const lines = stdout.trim().split("\n").map((line) => JSON.parse(line) as { type: string; code?: string; action?: string; clip?: string; name?: string; atMs?: number });
		const shown = lines.find((line) => line.type === "code")?.code;
		assert.match(shown ?? "", /^\d{6}$/);
		const digits = [...shown!].map((d) => `zh-${d}`);
		const sounds = lines.filter((line) => line.type === "sound");
		assert.deepEqual(
			sounds.map((line) => line.clip ?? line.action),
			["zh-prompt", ...digits, ...digits, "success"],
			"the --json sound events: one readout, its second reading, no stop, the chime",
		);
		const readout = zhReadout(digits);
		const onsets = sounds.slice(0, 13).map((line) => line.atMs! - sounds[0]!.atMs!);
		onsets.forEach((ms, i) => assert.ok(Math.abs(ms - readout.onsetsMs[i]!) < 0.01, `clip ${i} (${sounds[i]!.clip}) starts ${ms} ms into the readout, not ${readout.onsetsMs[i]}`));
		assert.ok(sounds[13]!.atMs! >= sounds[12]!.atMs! + clipMs(digits[5]!), "the chime starts after the readout");
		assert.deepEqual(lines.filter((line) => line.type === "led").map((line) => line.name), ["starting", "activating", "off"]);
		const wav = readWav(readFileSync(wavPath), wavPath);
		assert.equal(wav.sampleRate, 24000);
		assert.equal(wav.channels, 1);
		assertSameSamples(wav.samples, concat([...readout.parts, clip("success")]), "speaker.wav");
		assert.match(stderr, /Sound: 14 clips, \d+\.\d\d s written to /);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});

test("a code replaced mid-readout: the WAV holds the first readout cut where the device stopped it, then the whole new one", async () => {
	const clock = new VirtualClock(0);
	const emulator = await startEmulator({ profile: "official", clock, codeTtlMs: 2000 });
	// The second code expires too before anyone enters it: the run is stopped (BOOT) once its readout is over.
	const boot = new AbortController();
	const sounds: SoundEvent[] = [];
	const codes: string[] = [];
	try {
		const result = await runDeviceOnXs({
			profile: loadDeviceProfile(),
			otaUrl: emulator.otaUrl,
			caPem: emulator.caPem,
			clock,
			onSound: (event) => sounds.push(event),
			signal: boot.signal,
			onEvent: (event) => {
				if (event.type === "countdown" && clock.now() >= 24_000) boot.abort();
				if (event.type !== "code") return;
				codes.push(event.code);
				if (codes.length === 1) {
					// /activate says 200 at once, so the device checks again; that answer takes 2.5 s, and the
					// code (2 s lifetime) has expired by then: a new code arrives inside the first prompt.
					emulator.injectFault({ kind: "status", status: 200, body: "{}" }, { path: "activate" });
					emulator.injectFault({ kind: "delay", ms: 2500 }, { path: "check" });
				}
			},
		});
		assert.equal(result.outcome.status, "stopped");
		assert.equal(codes.length, 2, "a second code came");
		assert.notEqual(codes[0], codes[1]);
		const stop = sounds.find((event) => event.action === "stop");
		assert.ok(stop, "the first readout was stopped");
		const stopMs = stop.atMs;
		const promptMs = (clip("zh-prompt").length * 1000) / 24000;
		assert.ok(stopMs > 0 && stopMs < promptMs, `the new code came inside the prompt (${stopMs} ms of ${promptMs} ms)`);
		const cut = Math.floor((stopMs * 24000) / 1000);
		assert.equal(stopMs, 2500, "virtual time: the stop falls exactly when the delayed check answered");
		const secondDigits = [...codes[1]!].map((d) => `zh-${d}`);
		assert.deepEqual(
			sounds.map((event) => (event.action === "play" ? event.clip : "<stop>")),
			["zh-prompt", "<stop>", "zh-prompt", ...secondDigits, ...secondDigits],
			"the first readout's digits never started: no events for them",
		);
		const dir = mkdtempSync(join(tmpdir(), "xiaozhi-sound-"));
		try {
			const wavPath = join(dir, "cut.wav");
			deliverSound(result.speaker, wavPath);
			const wav = readWav(readFileSync(wavPath));
			const second = result.speaker.played.filter((p) => p.startMs >= stopMs);
			assertSameSamples(wav.samples, concat([clip("zh-prompt").subarray(0, cut), ...zhReadout(secondDigits).parts]), "cut.wav");
			assert.deepEqual(
				second.filter((p) => p.clip !== undefined).map((p) => [p.clip, p.cut]),
				["zh-prompt", ...secondDigits, ...secondDigits].map((id) => [id, false]),
			);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	} finally {
		await emulator.close();
	}
});

test("the generated clips: 24 kHz mono, prompts 1.5-5.5 s, digits and letters 0.25-1.0 s, chimes 0.2-0.8 s", () => {
	assert.equal(CLIPS.sampleRate, 24000);
	for (const id of ALL_CLIPS) {
		const ms = clipMs(id);
		const [low, high] = id.endsWith("prompt") || id.endsWith("setup") ? [1500, 5500] : id === "success" || id === "error" ? [200, 800] : [250, 1000];
		assert.ok(ms >= low && ms <= high, `${id}: ${ms.toFixed(0)} ms outside ${low}-${high} ms`);
	}
});
