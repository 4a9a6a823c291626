/*
 * AudioOutSpeaker against an AudioOut fake with audioout.c's rules and the board manifest's
 * defines.audioOut, playing the generated clips: every readout the announcer can queue fits
 * the board's queue (with volume presses in between), pauses are AudioOut's silence, and a
 * volume press with the queue full waits instead of throwing "queue full".
 */
import { importAdapter } from "../support/moddable-fakes/register.ts";
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Announcer, type AudioOutput } from "../../modules/announcer/announcer.ts";
import { ALL_CLIPS, type ClipId } from "../../modules/announcer/clips.ts";
import { SOUNDS_DIR } from "../../desktop/tools/sounds/build.ts";
import { loadInstalledClips } from "../../desktop/node/speaker.ts";
import type { ActivationEvent } from "../../modules/activation/events.ts";

interface Speaker extends AudioOutput {
	setVolume(percent: number): void;
	clipMs(clip: ClipId): number;
}
const { AudioOutSpeaker } = await importAdapter<{ AudioOutSpeaker: new (volumePercent: number) => Speaker }>("audio-out-speaker");
const { default: AudioOut } = await import("../support/moddable-fakes/audioout.ts");
const { resources } = await import("../support/moddable-fakes/resource.ts");

const board = JSON.parse(readFileSync(join(import.meta.dirname, "..", "..", "hosts", "esp32s3", "manifest.json"), "utf8")) as {
	defines: { audioOut: { sampleRate: number; numChannels: number; bitsPerSample: number; streams: number; queueLength: number } };
};

loadInstalledClips(); // made when this checkout never did
for (const clip of ALL_CLIPS) resources.set(`${clip}.maud`, readFileSync(join(SOUNDS_DIR, `${clip}.maud`)));

beforeEach(() => {
	AudioOut.defines = { ...board.defines.audioOut };
});

const code = (value: string): ActivationEvent => ({ type: "code", code: value, message: value, replaced: false });

function announcerOn(speaker: Speaker, clock: { ms: number }, language = "zh-CN"): Announcer {
	return new Announcer(speaker, { language, now: () => clock.ms });
}

test("a code read twice with its pauses fits the board's AudioOut queue, two volume presses included; pauses are silence frames", () => {
	const speaker = new AudioOutSpeaker(70);
	const out = AudioOut.last!;
	const clock = { ms: 0 };
	announcerOn(speaker, clock).onEvent(code("209835"));
	assert.equal(out.queue.length, 25, "prompt, 12 digits and 12 pauses");
	assert.deepEqual(out.enqueued.slice(0, 2), ["zh-prompt.maud", "zh-2.maud"]);
	const pause = out.queue[1]!;
	assert.deepEqual(pause, { kind: "silence", frames: (900 * 24000) / 1000 });
	speaker.setVolume(80);
	speaker.setVolume(90);
	assert.equal(out.length(0), board.defines.audioOut.queueLength - 27);
	assert.ok(out.started);
});

test("a volume press with the queue full waits for the next clip or stop instead of throwing", () => {
	AudioOut.defines.queueLength = 26;
	const speaker = new AudioOutSpeaker(70);
	const out = AudioOut.last!;
	announcerOn(speaker, { ms: 0 }).onEvent(code("209835"));
	speaker.setVolume(100); // the 26th place
	speaker.setVolume(50); // no place left
	assert.equal(out.length(0), 0);
	assert.deepEqual(out.volumes, [179]);
	speaker.stop();
	assert.deepEqual(out.volumes, [179, 128], "applied at once on the emptied queue");
});

test("any code the server can send is queued within the board's queue (long codes read once, in part)", () => {
	for (const value of ["7", "1234567", "12345678", "1".repeat(20), "A1B2C3D4E5F6G7H8I9J0".repeat(3)]) {
		const speaker = new AudioOutSpeaker(70);
		const out = AudioOut.last!;
		const clock = { ms: 0 };
		const announcer = announcerOn(speaker, clock, "en-US");
		assert.doesNotThrow(() => announcer.onEvent(code(value)), value);
		assert.ok(out.queue.length <= board.defines.audioOut.queueLength - 2, `${value}: ${out.queue.length} queued`);
		// A new code while it plays: stop, then the new readout.
		clock.ms = 1000;
		out.advance(24000);
		assert.doesNotThrow(() => announcer.onEvent(code("654321")));
	}
});

test("each clip's length comes from its header, and the clips are what AudioOut accepts at the board's rate", () => {
	const speaker = new AudioOutSpeaker(70);
	const clips = loadInstalledClips();
	for (const clip of ALL_CLIPS) {
		assert.equal(speaker.clipMs(clip), (clips.clips.get(clip)!.length * 1000) / 24000, clip);
		speaker.play(clip);
		AudioOut.last!.queue.length = 0;
	}
	AudioOut.defines.sampleRate = 16000;
	assert.throws(() => speaker.play("zh-1"), /rate\/channels doesn't match output/);
});
