/*
 * The speaker and the LED of the XS-hosted device and of the board run: --sound's WAV, read back with
 * the project's WAV reader, is sample for sample the clips the announcer chose (the prompt,
 * the six digits, the success chime), and a code replaced mid-readout cuts the first
 * readout where the device stopped it. The generated clips' lengths stay in their window.
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
import { readWav } from "../../../../desktop/tools/sounds/wav.ts";
import { concat } from "../../../../desktop/tools/sounds/synth.ts";
import { runCli } from "../../../support/cli.ts";

const CLIPS = loadInstalledClips();

function clip(id: string): Int16Array {
	const samples = CLIPS.clips.get(id);
	assert.ok(samples, `clip ${id}`);
	return samples;
}

function assertSameSamples(actual: Int16Array, expected: Int16Array, what: string): void {
	assert.equal(actual.length, expected.length, `${what}: sample count`);
	const first = actual.findIndex((sample, i) => sample !== expected[i]);
	assert.equal(first, -1, `${what}: first differing sample at ${first}`);
}

for (const [mode, flags] of [["runner", []], ["--board", ["--board"]]] as const) {
	test(`${mode} --sound: the WAV is the prompt, the six digits of the code and the success chime, sample for sample; the same sound and led events`, async () => {
		const dir = mkdtempSync(join(tmpdir(), "xiaozhi-sound-"));
		try {
			const wavPath = join(dir, "speaker.wav");
			const { code, stdout, stderr } = await runCli([...flags, "--auto-bind", "20", "--virtual-time", "--json", "--sound", wavPath]);
			assert.equal(code, 0, stderr);
			const lines = stdout.trim().split("\n").map((line) => JSON.parse(line) as { type: string; code?: string; action?: string; clip?: string; name?: string });
			const shown = lines.find((line) => line.type === "code")?.code;
			assert.match(shown ?? "", /^\d{6}$/);
			const digits = [...shown!].map((d) => `zh-${d}`);
			assert.deepEqual(
				lines.filter((line) => line.type === "sound").map((line) => line.clip ?? line.action),
				["zh-prompt", ...digits, "success"],
				"the --json sound events: one readout, no stop, the chime",
			);
			assert.deepEqual(lines.filter((line) => line.type === "led").map((line) => line.name), ["starting", "activating", "off"]);
			const wav = readWav(readFileSync(wavPath), wavPath);
			assert.equal(wav.sampleRate, 24000);
			assert.equal(wav.channels, 1);
			assertSameSamples(wav.samples, concat([clip("zh-prompt"), ...digits.map(clip), clip("success")]), "speaker.wav");
			assert.match(stderr, /Sound: 8 clips, \d+\.\d\d s written to /);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
}

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
				// The confirming check's new code is an unconfirmed activation: a 10 s back-off follows, cut here.
				if (event.type === "countdown" && clock.now() >= 11_000) boot.abort();
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
		const firstDigits = [...codes[0]!].map((d) => `zh-${d}`);
		const secondDigits = [...codes[1]!].map((d) => `zh-${d}`);
		assert.deepEqual(
			sounds.map((event) => (event.action === "play" ? event.clip : "<stop>")),
			["zh-prompt", ...firstDigits, "<stop>", "zh-prompt", ...secondDigits],
		);
		const dir = mkdtempSync(join(tmpdir(), "xiaozhi-sound-"));
		try {
			const wavPath = join(dir, "cut.wav");
			deliverSound(result.speaker, wavPath);
			const wav = readWav(readFileSync(wavPath));
			const second = result.speaker.played.filter((p) => p.startMs >= stopMs);
			const tail = second.map((p) => clip(p.clip).subarray(0, p.samples));
			assertSameSamples(wav.samples, concat([clip("zh-prompt").subarray(0, cut), ...tail]), "cut.wav");
			assert.deepEqual(second.map((p) => [p.clip, p.cut]), [["zh-prompt", false], ...secondDigits.map((d) => [d, false])]);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	} finally {
		await emulator.close();
	}
});

test("the generated clips: 24 kHz mono, prompts 1.5-5.5 s, digits 0.3-1.0 s, chimes 0.2-0.8 s, within the flash budget", () => {
	assert.equal(CLIPS.sampleRate, 24000);
	let bytes = 0;
	for (const id of ALL_CLIPS) {
		const ms = (clip(id).length * 1000) / CLIPS.sampleRate;
		const [low, high] = id.endsWith("prompt") ? [1500, 5500] : id === "success" || id === "error" ? [200, 800] : [300, 1000];
		assert.ok(ms >= low && ms <= high, `${id}: ${ms.toFixed(0)} ms outside ${low}-${high} ms`);
		bytes += 12 + clip(id).length * 2;
	}
	assert.ok(bytes <= 1024 * 1024, `${bytes} bytes of clips, over the 1 MiB budget`);
});
