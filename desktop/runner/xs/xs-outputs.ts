/*
 * XS side of the speaker and the LED: the outputs the runner's device gets, each call
 * bridged to Node, where the runner keeps what the speaker would play and what the LED
 * shows. The device's own announcer and LED pattern (modules/device/feedback.ts) drive
 * them, as on the board. Runs inside xsnap only: no Node import here.
 */
import type { AudioOutput } from "announcer/announcer";
import type { ClipId } from "announcer/clips";
import type { AnnounceSettings } from "device/feedback";
import type { LedOutput } from "led/led";
import type { AudioSetup } from "../bridge-protocol.ts";
import { call } from "./xs-bridge.ts";

export function bridgedOutputs(): { readonly audio: AudioOutput; readonly led: LedOutput; readonly announce: AnnounceSettings } {
	const setup = call({ op: "audio.setup" }) as AudioSetup;
	return {
		audio: {
			play: (clip: ClipId) => void call({ op: "audio.play", clip }),
			pause: (ms: number) => void call({ op: "audio.pause", ms }),
			stop: () => void call({ op: "audio.stop" }),
			clipMs: (clip: ClipId) => setup.clipMs[clip] ?? 0,
		},
		led: { show: (pattern) => void call({ op: "led", pattern }) },
		announce: { repeatEveryMs: setup.repeatEveryMs, readCodeTwice: setup.readCodeTwice },
	};
}
