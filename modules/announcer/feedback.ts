/*
 * The device's speaker and LED together, as every composition wires them: the announcer
 * and the status LED fed from the same events, with one call at the end.
 */
import type { ActivationEvent } from "activation/events";
import { Announcer, type AnnouncerOptions, type AudioOutput } from "announcer/announcer";
import { StatusLed, type LedOutput } from "led/led";

export interface DeviceFeedback {
	/** Every flow event, after the screen. */
	onEvent(event: ActivationEvent): void;
	/** Now and then (a timer, or each event): repeats a pending code when configured. */
	tick(): void;
	/** The flow ended, whatever the outcome: the LED goes dark. */
	end(): void;
}

export function createFeedback(audio: AudioOutput, led: LedOutput, options: AnnouncerOptions): DeviceFeedback {
	const announcer = new Announcer(audio, options);
	const status = new StatusLed(led);
	return Object.freeze({
		onEvent(event: ActivationEvent): void {
			announcer.onEvent(event);
			status.onEvent(event);
		},
		tick(): void {
			announcer.tick();
		},
		end(): void {
			status.off();
		},
	});
}
