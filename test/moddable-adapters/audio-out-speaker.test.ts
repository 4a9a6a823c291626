/*
 * AudioOutSpeaker on the AudioOut stand-in (audioout.c's rules, desktop/sdk-standins/audioout.ts)
 * with the board manifest's defines.audioOut, playing the generated clips: every readout the
 * announcer can queue fits the board's queue (with volume presses in between), pauses are
 * AudioOut's silence, and a volume press with the queue full waits instead of throwing
 * "queue full".
 */
import { resetSdk, sdk } from "../support/sdk-standins/register.ts";
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Announcer } from "../../modules/announcer/announcer.ts";
import { ALL_CLIPS } from "../../modules/announcer/clips.ts";
import { SOUNDS_DIR } from "../../desktop/tools/sounds/build.ts";
import { loadInstalledClips } from "../../desktop/node/speaker.ts";
import type { ActivationEvent } from "../../modules/activation/events.ts";

const { AudioOutSpeaker } = await import("moddable-adapters/audio-out-speaker");
type Speaker = InstanceType<typeof AudioOutSpeaker>;
/** The SDK's own view of the output: free places in stream 0's queue. */
type Output = { length(stream: number): number; enqueue(stream: number, kind: number): void };

const board = JSON.parse(readFileSync(join(import.meta.dirname, "..", "..", "hosts", "esp32s3", "manifest.json"), "utf8")) as {
	defines: { audioOut: { sampleRate: number; numChannels: number; bitsPerSample: number; streams: number; queueLength: number } };
};
const QUEUE = board.defines.audioOut.queueLength;

loadInstalledClips(); // made when this checkout never did

beforeEach(() => {
	resetSdk();
	sdk.audioDefines = { ...board.defines.audioOut };
	for (const clip of ALL_CLIPS) sdk.resources.set(`${clip}.maud`, new Uint8Array(readFileSync(join(SOUNDS_DIR, `${clip}.maud`))));
});

const code = (value: string): ActivationEvent => ({ type: "code", code: value, message: value, replaced: false });

function announcerOn(speaker: Speaker, clock: { ms: number }, language = "zh-CN"): Announcer {
	return new Announcer(speaker, { language, now: () => clock.ms });
}

function output(): Output {
	const last = sdk.audioOutputs.at(-1);
	assert.ok(last, "the speaker made an AudioOut");
	return last as Output;
}

const volumes = (): number[] => sdk.audioEvents.flatMap((event) => (event.kind === "volume" ? [event.volume] : []));

test("a code read twice with its pauses fits the board's AudioOut queue, two volume presses included; pauses are silence frames", () => {
	const speaker = new AudioOutSpeaker(70);
	const out = output();
	announcerOn(speaker, { ms: 0 }).onEvent(code("209835"));
	assert.equal(QUEUE - out.length(0), 25, "prompt, 12 digits and 12 pauses");
	const queued = sdk.audioEvents.filter((event) => event.kind === "samples" || event.kind === "silence");
	assert.deepEqual(queued.slice(0, 2).map((event) => event.kind === "samples" && event.name), ["zh-prompt.maud", false]);
	assert.deepEqual(queued[1], { kind: "silence", frames: (900 * 24000) / 1000 });
	assert.equal(queued[2]?.kind === "samples" && queued[2].name, "zh-2.maud");
	speaker.setVolume(80);
	speaker.setVolume(90);
	assert.equal(out.length(0), QUEUE - 27);
	assert.ok(sdk.audioEvents.some((event) => event.kind === "start"));
});

test("a volume press with the queue full waits for the next clip or stop instead of throwing", () => {
	sdk.audioDefines = { ...board.defines.audioOut, queueLength: 26 };
	const speaker = new AudioOutSpeaker(70);
	const out = output();
	announcerOn(speaker, { ms: 0 }).onEvent(code("209835"));
	speaker.setVolume(100); // the 26th place
	speaker.setVolume(50); // no place left
	assert.equal(out.length(0), 0);
	assert.deepEqual(volumes(), [179], "only the first, applied at once on the empty queue");
	speaker.stop();
	assert.deepEqual(volumes(), [179, 128], "applied at once on the emptied queue");
});

test("any code the server can send is queued within the board's queue (long codes read once, in part)", () => {
	for (const value of ["7", "1234567", "12345678", "1".repeat(20), "A1B2C3D4E5F6G7H8I9J0".repeat(3)]) {
		const speaker = new AudioOutSpeaker(70);
		const out = output();
		const clock = { ms: 0 };
		const announcer = announcerOn(speaker, clock, "en-US");
		assert.doesNotThrow(() => announcer.onEvent(code(value)), value);
		assert.ok(QUEUE - out.length(0) <= QUEUE - 2, `${value}: ${QUEUE - out.length(0)} queued`);
		// A new code while it plays (a second of it played): stop, then the new readout.
		clock.ms = 1000;
		sdk.timeline.advance(1000);
		assert.doesNotThrow(() => announcer.onEvent(code("654321")));
	}
});

test("each clip's length comes from its header, and the clips are what AudioOut accepts at the board's rate", () => {
	const speaker = new AudioOutSpeaker(70);
	const out = output();
	const clips = loadInstalledClips();
	for (const clip of ALL_CLIPS) {
		assert.equal(speaker.clipMs(clip), (clips.clips.get(clip)!.length * 1000) / 24000, clip);
		speaker.play(clip);
		out.enqueue(0, 2); // Flush
	}
	sdk.audioDefines = { ...board.defines.audioOut, sampleRate: 16000 };
	const slower = new AudioOutSpeaker(70);
	assert.throws(() => slower.play("zh-1"), /rate\/channels doesn't match output/);
});
