/*
 * The announcer (what the speaker says, and when) and the status LED, from the flow's
 * events. Runs on Node and XS.
 */
import { spec, assert } from "../support/spec.ts";
import type { ActivationEvent } from "activation/events";
import { Announcer, MAX_QUEUED_ITEMS, READOUT_PACE, readoutClips, type AudioOutput } from "announcer/announcer";
import { ALL_CLIPS, hexDigitClipAt, setupPromptClip, soundLanguageFor, type ClipId } from "announcer/clips";
import { maudDurationMs, readMaudHeader, writeMaudHeader } from "announcer/maud";
import { SpeakerTimeline } from "announcer/timeline";
import { audioOutVolume, stepVolume, storedVolume } from "announcer/volume";
import { IMA_BLOCK_BYTES, IMA_BLOCK_SAMPLES, decodeIma, decodeImaBlock, imaBytesFor } from "announcer/ima-adpcm";
import type { StoredValue } from "activation/interfaces";
import { LED_ACTIVATING, LED_OFF, LED_STARTING, StatusLed, type LedPattern } from "led/led";

const CLIP_MS = (clip: ClipId): number => (clip.endsWith("prompt") ? 2000 : clip === "success" || clip === "error" ? 400 : 500);

/** A speaker that records what it was told, against a hand-moved clock: `said` the clips and stops, `queued` the pauses too ("~900"). */
class RecordingSpeaker implements AudioOutput {
	readonly said: string[] = [];
	readonly queued: string[] = [];
	readonly clipMs: (clip: ClipId) => number;
	constructor(clipMs: (clip: ClipId) => number = CLIP_MS) {
		this.clipMs = clipMs;
	}
	play(clip: ClipId): void {
		this.said.push(clip);
		this.queued.push(clip);
	}
	pause(ms: number): void {
		this.queued.push(`~${ms}`);
	}
	stop(): void {
		this.said.push("<stop>");
		this.queued.push("<stop>");
	}
}

function setUp(options: { language?: string; repeatEveryMs?: number; readCodeTwice?: boolean } = {}) {
	const speaker = new RecordingSpeaker();
	const clock = { ms: 0 };
	const announcer = new Announcer(speaker, {
		language: options.language ?? "zh-CN",
		now: () => clock.ms,
		...(options.repeatEveryMs !== undefined ? { repeatEveryMs: options.repeatEveryMs } : {}),
		...(options.readCodeTwice !== undefined ? { readCodeTwice: options.readCodeTwice } : {}),
	});
	return { speaker, clock, announcer };
}

const code = (value: string, replaced = false): ActivationEvent => ({ type: "code", code: value, message: `xiaozhi.me\n${value}`, replaced });

/** With CLIP_MS and the zh-CN pace: prompt + six digits once, and with the second reading. */
const ONCE_MS = 2000 + 900 + 6 * 500 + 5 * 550 + 600;
const TWICE_MS = ONCE_MS + 1500 + 6 * 500 + 5 * 550 + 600;

spec("announcer: a 6-digit code with a leading zero is the prompt then six digit clips, then the six digits once more", () => {
	const { speaker, announcer } = setUp();
	announcer.onEvent(code("012345"));
	const digits = ["zh-0", "zh-1", "zh-2", "zh-3", "zh-4", "zh-5"];
	assert.deepEqual(speaker.said, ["zh-prompt", ...digits, ...digits]);
});

spec("announcer: a readout's pace: a breath after the prompt, a digit every slot, a pause between the groups of three and before the second reading", () => {
	const { speaker, clock, announcer } = setUp();
	announcer.onEvent(code("123456"));
	const reading = ["zh-1", "~550", "zh-2", "~550", "zh-3", "~1150", "zh-4", "~550", "zh-5", "~550", "zh-6"];
	assert.deepEqual(speaker.queued, ["zh-prompt", "~900", ...reading, "~1500", ...reading]);
	clock.ms = TWICE_MS - 1;
	assert.ok(announcer.speaking);
	clock.ms = TWICE_MS;
	assert.ok(!announcer.speaking, `the readout lasts ${TWICE_MS} ms`);
	const en = setUp({ language: "en-US", readCodeTwice: false });
	en.announcer.onEvent(code("987"));
	const pace = READOUT_PACE["en-US"];
	assert.deepEqual(en.speaker.queued, ["en-prompt", `~${pace.afterPromptMs}`, "en-9", `~${pace.digitSlotMs - 500}`, "en-8", `~${pace.digitSlotMs - 500}`, "en-7"]);
});

spec("announcer: a digit longer than its slot is still followed by the least gap", () => {
	const speaker = new RecordingSpeaker((clip) => (clip === "zh-7" ? 2000 : 500));
	const announcer = new Announcer(speaker, { language: "zh-CN", now: () => 0, readCodeTwice: false });
	announcer.onEvent(code("7777"));
	assert.deepEqual(speaker.queued.slice(2), ["zh-7", "~300", "zh-7", "~300", "zh-7", "~900", "zh-7"]);
});

spec("announcer: the second reading can be configured off; any code queues at most MAX_QUEUED_ITEMS (the board's AudioOut queue)", () => {
	const once = setUp({ readCodeTwice: false });
	once.announcer.onEvent(code("123456"));
	assert.deepEqual(once.speaker.said, ["zh-prompt", "zh-1", "zh-2", "zh-3", "zh-4", "zh-5", "zh-6"]);
	for (let length = 0; length <= 40; length++) {
		const { speaker, announcer } = setUp();
		announcer.onEvent(code("1234567890".repeat(4).slice(0, length)));
		assert.ok(speaker.queued.length <= MAX_QUEUED_ITEMS, `${length} digits: ${speaker.queued.length} items`);
		const digits = speaker.said.length - 1;
		if (length <= 7) assert.equal(digits, 2 * length, `${length} digits are read twice`);
		else assert.equal(digits, Math.min(length, 14), `${length} digits: read once, as many as fit`);
	}
});

spec("announcer: 5- and 7-character codes say every digit", () => {
	assert.deepEqual(readoutClips("en-US", "90210"), ["en-prompt", "en-9", "en-0", "en-2", "en-1", "en-0"]);
	assert.deepEqual(readoutClips("en-US", "1234567"), ["en-prompt", "en-1", "en-2", "en-3", "en-4", "en-5", "en-6", "en-7"]);
});

spec("announcer: letters and other non-digits are skipped, as the official firmware does", () => {
	assert.deepEqual(readoutClips("zh-CN", "A1b-2 C3"), ["zh-prompt", "zh-1", "zh-2", "zh-3"]);
	assert.deepEqual(readoutClips("zh-CN", "ABCDEF"), ["zh-prompt"]);
	assert.deepEqual(readoutClips("zh-CN", "１２"), ["zh-prompt"], "full-width digits are not '0'-'9'");
});

spec("announcer: a new code interrupts the readout still playing; the same code re-sent says nothing", () => {
	const { speaker, clock, announcer } = setUp();
	announcer.onEvent(code("111111"));
	clock.ms = 3000; // inside the first digit
	announcer.onEvent(code("111111"));
	assert.equal(speaker.said.length, 13, "the re-sent code was not read again");
	announcer.onEvent(code("222222", true));
	assert.deepEqual(speaker.said.slice(13), ["<stop>", "zh-prompt", ...Array(12).fill("zh-2")]);
	assert.ok(announcer.speaking);
	clock.ms = 3000 + TWICE_MS;
	assert.ok(!announcer.speaking, "the readout ends after prompt + six digits, twice");
});

spec("announcer: a new code after the readout ended does not stop the speaker", () => {
	const { speaker, clock, announcer } = setUp();
	announcer.onEvent(code("111111"));
	clock.ms = 60_000;
	announcer.onEvent(code("333333", true));
	assert.ok(!speaker.said.includes("<stop>"));
	assert.equal(speaker.said.length, 26);
});

spec("announcer: countdown ticks, attempts and 202s say nothing", () => {
	const { speaker, clock, announcer } = setUp();
	announcer.onEvent(code("209835"));
	const before = speaker.said.length;
	for (let i = 0; i < 30; i++) {
		clock.ms += 1000;
		announcer.onEvent({ type: "countdown", remainingMs: 3000 - (i % 3) * 1000, next: "activate" });
		announcer.onEvent({ type: "activating", attempt: i + 1, maxAttempts: 10 });
		announcer.onEvent({ type: "pending", attempt: i + 1, heldMs: 0, retryInMs: 3000 });
		announcer.onEvent({ type: "checking", host: "api.tenclass.net", attempt: 1, maxAttempts: 10 });
		announcer.tick();
	}
	assert.equal(speaker.said.length, before, "no repeat unless configured");
});

spec("announcer: the configured language picks the clips, and a switch applies to the next readout", () => {
	const en = setUp({ language: "en-US" });
	en.announcer.onEvent(code("42"));
	assert.deepEqual(en.speaker.said, ["en-prompt", "en-4", "en-2", "en-4", "en-2"]);
	const zh = setUp({ language: "zh-TW" });
	zh.announcer.onEvent(code("42"));
	assert.deepEqual(zh.speaker.said, ["zh-prompt", "zh-4", "zh-2", "zh-4", "zh-2"]);
	zh.announcer.setLanguage("en-US");
	zh.announcer.onEvent(code("43", true));
	assert.deepEqual(zh.speaker.said.slice(-6), ["<stop>", "en-prompt", "en-4", "en-3", "en-4", "en-3"]);
	assert.equal(soundLanguageFor("fr-FR"), "en-US");
});

spec("announcer: success once activated, error on failure screens, none for a failed re-check under a code", () => {
	const { speaker, clock, announcer } = setUp();
	announcer.onEvent({ type: "check-failed", reason: { kind: "dns", detail: "x" }, attempt: 1, maxAttempts: 10, retryInMs: 10_000 });
	assert.deepEqual(speaker.said, ["error"]);
	clock.ms = 20_000;
	announcer.onEvent(code("209835"));
	clock.ms = 60_000;
	announcer.onEvent({ type: "check-failed", reason: { kind: "timeout", detail: "x" }, attempt: 1, maxAttempts: 10, retryInMs: 10_000 });
	announcer.onEvent({ type: "activate-failed", attempt: 1, reason: { kind: "http-status", status: 500, detail: "x" }, retryInMs: 10_000 });
	assert.equal(speaker.said.length, 14, "the code stays on screen: no error beep");
	announcer.onEvent({ type: "activated", viaCode: true });
	assert.deepEqual(speaker.said.slice(14), ["success"]);
	const giveUp = setUp();
	giveUp.announcer.onEvent({ type: "gave-up", reason: { kind: "connect", detail: "x" } });
	assert.deepEqual(giveUp.speaker.said, ["error"]);
});

spec("announcer: activated mid-readout queues the success chime after the readout, as the firmware queues its sounds; the end lets it play out", () => {
	const { speaker, clock, announcer } = setUp();
	announcer.onEvent(code("209835"));
	clock.ms = 1000;
	announcer.onEvent({ type: "activated", viaCode: true });
	assert.deepEqual(speaker.said.slice(13), ["success"], "nothing cut");
	assert.ok(speaker.queued.length <= MAX_QUEUED_ITEMS + 1, "the readout and the chime fit the board's queue with room for volume changes");
	announcer.end();
	assert.equal(speaker.said.at(-1), "success", "the end does not cut the readout the chime closes");
	clock.ms = TWICE_MS + 399;
	assert.equal(announcer.speaking, true, "the chime follows the whole readout");
	clock.ms = TWICE_MS + 1000;
	assert.equal(announcer.speaking, false, "silent once the chime played");
});

spec("announcer: the end of a run that was stopped or gave up cuts the readout at once", () => {
	const { speaker, clock, announcer } = setUp();
	announcer.onEvent(code("209835"));
	clock.ms = 1000;
	announcer.end();
	assert.equal(speaker.said.at(-1), "<stop>");
	assert.equal(announcer.speaking, false);
	const quiet = setUp();
	quiet.announcer.end();
	assert.deepEqual(quiet.speaker.said, [], "nothing to cut: nothing said");
});

spec("announcer: with a repeat interval a pending code is read again that long after the readout ended", () => {
	const { speaker, clock, announcer } = setUp({ repeatEveryMs: 10_000 });
	assert.equal(announcer.repeatDueMs, undefined, "no code pending: no repeat due");
	announcer.onEvent(code("123456")); // ends at TWICE_MS
	assert.equal(announcer.repeatDueMs, TWICE_MS + 10_000, "due that long after the readout ends");
	clock.ms = TWICE_MS + 9_999;
	announcer.tick();
	assert.equal(speaker.said.length, 13);
	clock.ms = TWICE_MS + 10_000;
	announcer.tick();
	const digits = ["zh-1", "zh-2", "zh-3", "zh-4", "zh-5", "zh-6"];
	assert.deepEqual(speaker.said.slice(13), ["zh-prompt", ...digits, ...digits]);
	assert.equal(announcer.repeatDueMs, 2 * TWICE_MS + 20_000, "the next one after the repeated readout");
	announcer.onEvent({ type: "activated", viaCode: true });
	assert.equal(announcer.repeatDueMs, undefined);
	clock.ms = 100_000;
	announcer.tick();
	assert.equal(speaker.said.at(-1), "success", "no repeat once activated");
	assert.throws(() => setUp({ repeatEveryMs: -1 }), /repeatEveryMs/);
});

spec("announcer: every clip a build carries, 38 in all: per language the prompt, the setup prompt, 10 digits and A-F", () => {
	assert.equal(ALL_CLIPS.length, 38);
	assert.equal(new Set(ALL_CLIPS).size, 38);
	assert.ok(Object.isFrozen(ALL_CLIPS));
});

spec("clips: a hexadecimal digit's clip (0-9, A-F, a-f), none for anything else; the setup prompt per language", () => {
	const at = (language: "zh-CN" | "en-US", text: string) => Array.from(text, (c) => hexDigitClipAt(language, c.charCodeAt(0)) ?? null);
	assert.deepEqual(at("en-US", "09AFaf"), ["en-0", "en-9", "en-a", "en-f", "en-a", "en-f"]);
	assert.deepEqual(at("zh-CN", "3cE"), ["zh-3", "zh-c", "zh-e"]);
	assert.deepEqual(at("zh-CN", "GgZ/:@`-Ａ"), [null, null, null, null, null, null, null, null, null]);
	assert.equal(setupPromptClip("zh-CN"), "zh-setup");
	assert.equal(setupPromptClip("en-US"), "en-setup");
	for (const clip of [...at("en-US", "0123456789ABCDEF"), ...at("zh-CN", "abcdef"), setupPromptClip("en-US")]) assert.ok(ALL_CLIPS.includes(clip!), `${clip} is built`);
});

spec("maud: a header written is read back; a wrong one is refused", () => {
	const header = writeMaudHeader({ bitsPerSample: 16, sampleRate: 24000, channels: 1, format: "pcm", sampleCount: 36000 });
	assert.deepEqual(Array.from(header), [0x6d, 0x61, 1, 16, 0xc0, 0x5d, 1, 0, 0xa0, 0x8c, 0, 0]);
	const info = readMaudHeader(header);
	assert.deepEqual(info, { bitsPerSample: 16, sampleRate: 24000, channels: 1, format: "pcm", sampleCount: 36000 });
	assert.equal(maudDurationMs(info), 1500);
	assert.equal(maudDurationMs({ ...info, sampleCount: 9601 }), 400 + 1 / 24, "not rounded: the board paces as the runner does");
	assert.throws(() => readMaudHeader(new Uint8Array([0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0, 0, 0, 0])), /not a Moddable audio resource/);
	assert.throws(() => readMaudHeader(new Uint8Array(4)), /not a Moddable audio resource/);
});

spec("led: blue fast blink before the flow, green 500 ms blink while activating, dark at the end", () => {
	const shown: LedPattern[] = [];
	const led = new StatusLed({ show: (pattern) => shown.push(pattern) });
	assert.deepEqual(shown, [LED_STARTING]);
	led.onEvent({ type: "starting", userAgent: "ua", otaUrl: "https://x/" });
	led.onEvent({ type: "checking", host: "x", attempt: 1, maxAttempts: 10 });
	led.onEvent(code("209835"));
	led.onEvent({ type: "countdown", remainingMs: 1000, next: "activate" });
	assert.deepEqual(shown, [LED_STARTING, LED_ACTIVATING], "told once, not at every event");
	assert.equal(LED_ACTIVATING.blinkMs, 500);
	assert.deepEqual(LED_ACTIVATING.color, { red: 0, green: 4, blue: 0 });
	led.onEvent({ type: "activated", viaCode: true });
	assert.equal(shown.at(-1), LED_OFF);
	const stopped = new StatusLed({ show: (pattern) => shown.push(pattern) }, LED_ACTIVATING);
	stopped.off();
	assert.equal(stopped.pattern, LED_OFF);
	const gaveUp = new StatusLed({ show: () => undefined }, LED_ACTIVATING);
	gaveUp.onEvent({ type: "gave-up", reason: { kind: "dns", detail: "x" } });
	assert.equal(gaveUp.pattern, LED_OFF);
});

spec("timeline: queued clips follow each other; a stop cuts the one playing and drops the rest", () => {
	const clock = { ms: 1000 };
	const timeline = new SpeakerTimeline(24000, (clip) => (clip === "long" ? 48000 : 12000), () => clock.ms);
	timeline.play("long"); // 1000-3000 ms
	timeline.play("short"); // 3000-3500 ms
	timeline.play("short"); // 3500-4000 ms
	clock.ms = 3250;
	timeline.stop();
	assert.deepEqual(timeline.played.map((p) => [p.clip, p.startMs, p.samples, p.cut]), [["long", 1000, 48000, false], ["short", 3000, 6000, true]]);
	timeline.play("short");
	assert.equal(timeline.played.at(-1)!.startMs, 3250, "after a stop the next clip starts at once");
	assert.equal(timeline.totalSamples, 48000 + 6000 + 12000);
	const bounded = new SpeakerTimeline(24000, () => 1, () => 0, 3);
	for (let i = 0; i < 5; i++) bounded.play(`c${i}`);
	assert.deepEqual([bounded.played.map((p) => p.clip), bounded.dropped], [["c2", "c3", "c4"], 2]);
});

spec("timeline: a pause is silence on the timeline: the next clip starts after it; a stop inside it drops what follows", () => {
	const clock = { ms: 0 };
	const timeline = new SpeakerTimeline(24000, () => 2400, () => clock.ms);
	timeline.play("a"); // 0-100 ms
	timeline.pause(250); // 100-350 ms
	const next = timeline.play("b");
	assert.equal(next.startMs, 350);
	assert.deepEqual([timeline.clipCount, timeline.totalSamples], [2, 2400 + 6000 + 2400]);
	clock.ms = 200;
	timeline.stop();
	assert.deepEqual(timeline.played.map((p) => [p.clip ?? "~", p.samples, p.cut]), [["a", 2400, false], ["~", 2400, true]]);
});

spec("ima: a block decodes as the IMA steps say (first sample verbatim, low nibble first, index carried), clamped to 16 bits", () => {
	const block = new Uint8Array(IMA_BLOCK_BYTES);
	block.set([0xe8, 0x03, 0, 0, 0x07, 0x8f]); // 1000, step index 0; codes 7, 0, 15, 8, then zeros
	const out = new Int16Array(IMA_BLOCK_SAMPLES);
	assert.equal(decodeImaBlock(block, 0, out, 0), IMA_BLOCK_SAMPLES);
	// 7 at step 7: +(0+7+3+1); 0 at step 16: +2; 15 at step 14: -(1+14+7+3); 8 at step 31: -3; 0 at step 28: +3
	assert.deepEqual(Array.from(out.subarray(0, 6)), [1000, 1011, 1013, 988, 985, 988]);
	const loud = new Uint8Array(IMA_BLOCK_BYTES);
	loud.set([0xf8, 0x7f, 88, 0, 0x77]); // 32760 at the largest step, two large rises
	decodeImaBlock(loud, 0, out, 0, 3);
	assert.deepEqual(Array.from(out.subarray(0, 3)), [32760, 32767, 32767]);
	assert.throws(() => decodeImaBlock(new Uint8Array(IMA_BLOCK_BYTES - 1), 0, out, 0), /runs past the data/);
	loud[2] = 89;
	assert.throws(() => decodeImaBlock(loud, 0, out, 0), /step index 89/);
	assert.deepEqual([imaBytesFor(0), imaBytesFor(1), imaBytesFor(129), imaBytesFor(130)], [0, 68, 68, 136]);
	const two = new Uint8Array(2 * IMA_BLOCK_BYTES);
	two.set(block);
	two.set([0x10, 0x27, 5, 0], IMA_BLOCK_BYTES); // the second block starts at 10000
	const both = decodeIma(two, 0, 2 * IMA_BLOCK_SAMPLES);
	assert.deepEqual([both[0], both[IMA_BLOCK_SAMPLES - 1] !== 0, both[IMA_BLOCK_SAMPLES]], [1000, true, 10000]);
});

spec("volume: NVS audio/output_volume, default 70, steps of 10 kept in 0-100", () => {
	const data = new Map<string, StoredValue>();
	const store = { get: (ns: string, key: string) => data.get(`${ns}/${key}`), set: (ns: string, key: string, value: StoredValue) => void data.set(`${ns}/${key}`, value) };
	assert.equal(storedVolume(store), 70);
	assert.equal(stepVolume(store, 1), 80);
	assert.equal(data.get("audio/output_volume"), 80);
	for (let i = 0; i < 5; i++) stepVolume(store, 1);
	assert.equal(storedVolume(store), 100);
	data.set("audio/output_volume", 5);
	assert.equal(stepVolume(store, -1), 0);
	data.set("audio/output_volume", "loud");
	assert.equal(storedVolume(store), 70, "a value the firmware would not store reads as the default");
	assert.deepEqual([audioOutVolume(0), audioOutVolume(70), audioOutVolume(100), audioOutVolume(150)], [0, 179, 256, 256]);
});

spec("announcer: setup mode says to join the hotspot, then its last four characters (letters too), at the code's pace; a code cuts it", () => {
	const { speaker, announcer, clock } = setUp();
	announcer.sayHotspot("Xiaozhi-84B9");
	assert.deepEqual(speaker.said, ["zh-setup", "zh-8", "zh-4", "zh-b", "zh-9"]);
	assert.deepEqual(speaker.queued.slice(0, 3), ["zh-setup", "~900", "zh-8"]);
	const english = setUp({ language: "en-US" });
	english.announcer.sayHotspot("Xiaozhi-0AFF");
	assert.deepEqual(english.speaker.said, ["en-setup", "en-0", "en-a", "en-f", "en-f"]);
	clock.ms = 1000;
	announcer.onEvent(code("209835"));
	assert.equal(speaker.said[5], "<stop>", "the setup prompt still playing is cut by a code");
});
