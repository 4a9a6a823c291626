/*
 * XS side of the speaker and the LED: the device's Announcer and StatusLed (pure, from
 * modules/) with their ports bridged to Node, where the runner keeps what the speaker would
 * play and what the LED shows. Runs inside xsnap only: no Node import here.
 */
import type { ClipId } from "announcer/clips";
import { createFeedback, type DeviceFeedback } from "announcer/feedback";
import type { AudioSetup } from "../bridge-protocol.ts";
import { call } from "./xs-bridge.ts";

export function bridgedFeedback(language: string): DeviceFeedback {
	const setup = call({ op: "audio.setup" }) as AudioSetup;
	const feedback = createFeedback(
		{ play: (clip: ClipId) => void call({ op: "audio.play", clip }), pause: (ms: number) => void call({ op: "audio.pause", ms }), stop: () => void call({ op: "audio.stop" }) },
		{ show: (pattern) => void call({ op: "led", pattern }) },
		{
			language,
			now: () => call({ op: "clock.now" }) as number,
			clipMs: (clip) => setup.clipMs[clip] ?? 0,
			repeatEveryMs: setup.repeatEveryMs,
			readCodeTwice: setup.readCodeTwice,
		},
	);
	// No timer inside xsnap: a repeat is looked at on each event (countdowns come every second).
	return {
		onEvent(event) {
			feedback.onEvent(event);
			feedback.tick();
		},
		tick: () => feedback.tick(),
		end: () => feedback.end(),
	};
}
