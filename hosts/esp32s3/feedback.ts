/*
 * The board's speaker, LED and volume buttons for the activation flow: the announcer on
 * AudioOut (I2S DOUT GPIO7, BCLK GPIO15, LRCK GPIO16, 24 kHz; the manifest's defines), the
 * status LED on the WS2812 at GPIO48, volume up GPIO40 / down GPIO39 stepping NVS
 * audio/output_volume. A code is read twice unless config.announceCodeTwice is false; a repeat
 * of a pending code is off unless config.announceRepeatSeconds.
 */
import config from "mc/config";
import Timer from "timer";
import { announcerSettings, createFeedback, type DeviceFeedback } from "announcer/feedback";
import { stepVolume, storedVolume } from "announcer/volume";
import type { PlatformContext } from "moddable-adapters/platform";
import { AudioOutSpeaker } from "moddable-adapters/audio-out-speaker";
import { NeoPixelLed } from "moddable-adapters/neopixel-led";
import { watchVolumeButtons } from "moddable-adapters/volume-buttons";

const LED_PIN = 48;
const VOLUME_PINS = Object.freeze({ up: 40, down: 39 });
const TICK_MS = 1000;

export function startFeedback(context: PlatformContext): DeviceFeedback {
	const { store, clock, log } = context;
	const speaker = new AudioOutSpeaker(storedVolume(store));
	watchVolumeButtons(VOLUME_PINS, (direction) => {
		const volume = stepVolume(store, direction);
		speaker.setVolume(volume);
		log.info(`volume ${volume}`);
	});
	const feedback = createFeedback(speaker, new NeoPixelLed(LED_PIN), {
		language: context.config.language,
		now: () => clock.now(),
		clipMs: (clip) => speaker.clipMs(clip),
		...announcerSettings(config as Readonly<Record<string, unknown>>),
	});
	const ticker = Timer.repeat(() => feedback.tick(), TICK_MS);
	return Object.freeze({
		onEvent: feedback.onEvent,
		tick: feedback.tick,
		setupMode: feedback.setupMode,
		end(): void {
			Timer.clear(ticker);
			feedback.end();
		},
	});
}
