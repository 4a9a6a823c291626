/*
 * The device's speaker and LED (modules/device/feedback.ts): the announcer and the status
 * LED built from the two outputs, fed from one event stream, a pending code's repeat on the
 * device's own timers. On the ManualClock (virtual time).
 */
import { spec, assert } from "../support/spec.ts";
import type { ActivationEvent } from "activation/events";
import type { TimerHandle, Timers } from "activation/interfaces";
import type { AudioOutput } from "announcer/announcer";
import type { ClipId } from "announcer/clips";
import { DeviceFeedback } from "device/feedback";
import { ManualClock } from "../../desktop/ml307-simulator/manual-clock.ts";

/** Every clip 500 ms, the prompts 2 s: a zh-CN six-digit readout read twice lasts 21 700 ms. */
const READOUT_MS = 2000 + 900 + 6 * 500 + 5 * 550 + 600 + 1500 + 6 * 500 + 5 * 550 + 600;

class Speaker implements AudioOutput {
	readonly said: string[] = [];
	/** Device ms at which each clip was queued (a readout queues all its clips at once). */
	readonly at: number[] = [];
	constructor(readonly clock: ManualClock) {}
	play(clip: ClipId): void {
		this.said.push(clip);
		this.at.push(this.clock.now());
	}
	pause(): void {}
	stop(): void {
		this.said.push("<stop>");
		this.at.push(this.clock.now());
	}
	clipMs(clip: ClipId): number {
		return clip.endsWith("prompt") || clip.endsWith("setup") ? 2000 : 500;
	}
}

/** The clock's timers, counting the ones set. */
function counting(clock: ManualClock): Timers & { sets: number } {
	const timers = {
		sets: 0,
		now: () => clock.now(),
		set(callback: () => void, ms: number): TimerHandle {
			timers.sets++;
			return clock.set(callback, ms);
		},
		clear: (handle: TimerHandle) => clock.clear(handle),
	};
	return timers;
}

const code = (value: string): ActivationEvent => ({ type: "code", code: value, message: `xiaozhi.me\n${value}`, replaced: false });
const countdown = (remainingMs: number): ActivationEvent => ({ type: "countdown", remainingMs, next: "activate" });

function setUp(repeatEveryMs = 0) {
	const clock = new ManualClock();
	const timers = counting(clock);
	const speaker = new Speaker(clock);
	const leds: string[] = [];
	const feedback = new DeviceFeedback({ audio: speaker, led: { show: (pattern) => leds.push(pattern.name) }, timers, language: "zh-CN", repeatEveryMs });
	return { clock, timers, speaker, leds, feedback };
}

spec("device feedback: the announcer and the LED from one event stream; at the end the readout stops and the LED goes dark", () => {
	const { speaker, leds, feedback } = setUp();
	feedback.onEvent(code("7"));
	feedback.end();
	assert.deepEqual(speaker.said, ["zh-prompt", "zh-7", "zh-7", "<stop>"]);
	assert.deepEqual(leds, ["starting", "activating", "off"]);
});

spec("device feedback: a pending code is read again on the device's timers exactly when due; countdowns set no timer", async () => {
	const { clock, timers, speaker, feedback } = setUp(10_000);
	feedback.onEvent(code("123456"));
	assert.equal(timers.sets, 1, "one timer, for the repeat");
	for (let i = 0; i < 5; i++) {
		await clock.advance(1000);
		feedback.onEvent(countdown(3000 - (i % 3) * 1000));
	}
	assert.equal(timers.sets, 1, "a countdown changes nothing: no timer is made");
	await clock.advance(READOUT_MS + 10_000 - 5000 - 1);
	assert.equal(speaker.said.length, 13, "not a millisecond early");
	await clock.advance(1);
	assert.equal(speaker.said[13], "zh-prompt");
	assert.equal(speaker.at[13], READOUT_MS + 10_000, "read again at the readout's end + 10 s of device time");
	assert.equal(timers.sets, 2, "and the next repeat is set");
	await clock.advance(READOUT_MS + 10_000);
	assert.equal(speaker.at[26], 2 * (READOUT_MS + 10_000), "every 10 s after each readout");
});

spec("device feedback: a new code moves the repeat, activation cancels it and the chime follows the readout; the end lets it play out", async () => {
	const { clock, speaker, leds, feedback } = setUp(10_000);
	feedback.onEvent(code("123456"));
	await clock.advance(5000);
	feedback.onEvent(code("654321"));
	assert.equal(speaker.said[13], "<stop>", "the new code cuts the readout");
	await clock.advance(READOUT_MS + 9_999);
	assert.equal(speaker.said.length, 27, "no repeat before the new readout's end + 10 s");
	await clock.advance(1);
	assert.equal(speaker.at[27], 5000 + READOUT_MS + 10_000);
	feedback.onEvent({ type: "activated", viaCode: true });
	feedback.end();
	assert.equal(speaker.said.at(-1), "success", "the chime queued after the readout still playing, nothing cut");
	assert.equal(clock.pendingTimers, 0, "the repeat's timer is cleared");
	await clock.advance(100_000);
	assert.equal(speaker.said.at(-1), "success", "no repeat after the end");
	assert.equal(leds.at(-1), "off");
});

spec("device feedback: setup mode's prompt goes through the same announcer; a run without outputs is silent and dark", () => {
	const { speaker, feedback } = setUp();
	feedback.setupMode("Xiaozhi-84B9");
	assert.deepEqual(speaker.said, ["zh-setup", "zh-8", "zh-4", "zh-b", "zh-9"]);
	const clock = new ManualClock();
	const none = new DeviceFeedback({ timers: clock, language: "en-US", repeatEveryMs: 1000 });
	none.onEvent(code("1"));
	none.setupMode("Xiaozhi-84B9");
	none.end();
	assert.equal(clock.pendingTimers, 0, "no speaker: no repeat to schedule");
});
