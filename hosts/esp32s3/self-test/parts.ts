/*
 * What the self-test drives on the bread-compact-ml307: the ML307R's UART through the
 * ring-buffered modem port, NVS through Preference, the SSD1306 through Poco, a tone on the
 * speaker (AudioOut, whose I2S pins are the manifest's defines.audioOut, read by the SDK's C),
 * the WS2812 LED and the BOOT button. The UART and the pins come from the board's host
 * provider (hosts/esp32s3/host/provider.js).
 */
import Digital from "embedded:io/digital";
import { device } from "moddable-adapters/board-provider";
import NeoPixel from "neopixel";
import AudioOut from "pins/audioout";
import { boardNatives } from "esp32s3/board-natives";
import ModemSerial, { type ModemSerialOptions } from "esp32s3/modem-serial";
import { moddableTimers } from "moddable-adapters/time";
import { Ecma419SerialPort, type Ecma419Serial } from "ml307/io";
import { PocoScreen } from "moddable-adapters/poco-screen";
import { PreferenceStore } from "moddable-adapters/preference-store";
import type { CheckResult } from "self-test/checks";
import type { SelfTestModem, SelfTestParts } from "self-test/plan";

const TONE_VOLUME = 192; // of AudioOut's 256

function modem(): SelfTestModem {
	// The port as it is open now: a rate change closes it and opens a new one.
	let open: ModemSerial | undefined;
	// The opener's rate and callbacks (onReadable, and onWritable where the driver paces its writes).
	const port = new Ecma419SerialPort((options) => {
		const { port: uart, transmit, receive } = device.Serial.modem;
		open = new ModemSerial({ port: uart, transmit, receive, format: "buffer", ...(options as Pick<ModemSerialOptions, "baud" | "onReadable" | "onWritable">) });
		return open as Ecma419Serial;
	});
	return { port, figures: () => open?.figures };
}

function speaker(): NonNullable<SelfTestParts["speaker"]> {
	return {
		tone(hz: number, ms: number): Promise<void> {
			const out = new AudioOut({});
			return new Promise((resolve) => {
				out.callback = () => {
					out.close();
					resolve();
				};
				out.enqueue(0, AudioOut.Volume, TONE_VOLUME);
				out.enqueue(0, AudioOut.Tone, hz, Math.round((out.sampleRate * ms) / 1000));
				out.enqueue(0, AudioOut.Callback, 0);
				out.start();
			});
		},
	};
}

function led(): NonNullable<SelfTestParts["led"]> {
	const pixel = new NeoPixel({ length: 1, pin: device.pin.led, order: "GRB" });
	return {
		show(red: number, green: number, blue: number): void {
			pixel.setPixel(0, pixel.makeRGB(red, green, blue));
			pixel.update();
		},
	};
}

function button(): NonNullable<SelfTestParts["button"]> {
	return {
		waitForPress(ms: number): Promise<boolean> {
			return new Promise((resolve) => {
				const input = new Digital({
					pin: device.pin.button,
					mode: Digital.InputPullUp,
					edge: Digital.Falling,
					onReadable(this: Digital) {
						if (this.read() === 0) done(true);
					},
				});
				const timer = moddableTimers.set(() => done(false), ms);
				function done(pressed: boolean): void {
					moddableTimers.clear(timer);
					input.close();
					resolve(pressed);
				}
			});
		},
	};
}

function hex(bytes: ArrayBuffer): string {
	return Array.from(new Uint8Array(bytes), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

export function selfTestParts(): SelfTestParts {
	const pixels = globalThis.screen;
	const screen = pixels ? new PocoScreen(pixels, { language: "en-US", now: () => moddableTimers.now() }) : undefined;
	return {
		timers: moddableTimers,
		store: new PreferenceStore(),
		token: () => hex(boardNatives.random(6)),
		...(screen ? { screen } : {}),
		modem: modem(),
		speaker: speaker(),
		led: led(),
		button: button(),
	};
}

export function selfTestFinished(results: readonly CheckResult[]): void {
	void results;
}
