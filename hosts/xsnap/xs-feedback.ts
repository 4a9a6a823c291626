/*
 * XS side of the speaker and the LED: the device's Announcer and StatusLed (pure, from
 * modules/) with their ports bridged to Node, where the runner keeps what the speaker would
 * play and what the LED shows. Runs inside xsnap only: no Node import here.
 */
import type { ActivationEvent } from "activation/events";
import { Announcer } from "announcer/announcer";
import type { ClipId } from "announcer/clips";
import { StatusLed } from "led/led";
import type { AudioSetup } from "./bridge-protocol.ts";
import { call } from "./xs-bridge.ts";

export interface DeviceFeedback {
	onEvent(event: ActivationEvent): void;
	/** The flow ended (whatever the outcome): silence and a dark LED. */
	end(): void;
}

export function bridgedFeedback(language: string): DeviceFeedback {
	const setup = call({ op: "audio.setup" }) as AudioSetup;
	const announcer = new Announcer(
		{ play: (clip: ClipId) => void call({ op: "audio.play", clip }), stop: () => void call({ op: "audio.stop" }) },
		{
			language,
			now: () => call({ op: "clock.now" }) as number,
			clipMs: (clip) => setup.clipMs[clip] ?? 0,
			repeatEveryMs: setup.repeatEveryMs,
		},
	);
	const led = new StatusLed({ show: (pattern) => void call({ op: "led", pattern }) });
	return {
		onEvent(event) {
			announcer.onEvent(event);
			announcer.tick();
			led.onEvent(event);
		},
		end() {
			led.off();
		},
	};
}
