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
	/** Wi-Fi setup mode opened: the speaker says to join the hotspot and its last four characters. */
	setupMode?(hotspot: string): void;
	/** The flow ended, whatever the outcome: the readout stops (but for the success chime and the readout it closes) and the LED goes dark. */
	end(): void;
}

/** The announcer's settings in the app's mc/config: `announceRepeatSeconds` (default 0, never) and `announceCodeTwice` (default true); mcconfig passes command-line values as strings. */
export function announcerSettings(config: Readonly<Record<string, unknown>>): { readonly repeatEveryMs: number; readonly readCodeTwice: boolean } {
	const repeat = config.announceRepeatSeconds;
	const seconds = repeat === undefined || repeat === "" ? 0 : Number(repeat);
	if (!(Number.isFinite(seconds) && seconds >= 0)) throw new RangeError(`config.announceRepeatSeconds must be a number of seconds >= 0, not ${String(repeat)}`);
	const twice = config.announceCodeTwice;
	if (twice !== undefined && twice !== true && twice !== false && twice !== "true" && twice !== "false" && twice !== "")
		throw new RangeError(`config.announceCodeTwice must be true or false, not ${String(twice)}`);
	return Object.freeze({ repeatEveryMs: seconds * 1000, readCodeTwice: twice !== false && twice !== "false" });
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
		setupMode(hotspot: string): void {
			announcer.sayHotspot(hotspot);
		},
		end(): void {
			announcer.end();
			status.off();
		},
	});
}
