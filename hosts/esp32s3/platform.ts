/*
 * The bread-compact-ml307 board's low-level parts: chip facts from the natives, the
 * SSD1306 128x32, the BOOT button, the speaker, the status LED and the volume buttons, and
 * the dual network: the ML307R 4G modem on its UART (the default, NVS network/type 1) through the ring-buffered
 * modem port (esp32s3/modem-serial: the SDK's serial has only its 128-byte FIFOs, which a
 * long JS turn overruns at 921600 baud) or Wi-Fi (network/type 0): the SDK's radio, the
 * setup hotspot's servers and the page (modules/moddable-adapters/wifi-network.ts), the
 * compiled-in config.ssid/password tried first. The device composition (modules/device)
 * brings the chosen one up (joins, or opens setup mode) and runs the activation.
 * The UART and the pins are the board's facts, read from its host provider (host/provider.js).
 */
import Digital from "embedded:io/digital";
import { device } from "moddable-adapters/board-provider";
import ModemSerial from "esp32s3/modem-serial";
import Resource from "Resource";
import "system"; // installs globalThis.System (the SDK's module has no default export)
import type { ButtonInput } from "device/boot-button";
import type { DeviceEvent, DeviceOutcome, NetworkOption } from "device/device";
import { shownOutcome } from "activation/shown-settings";
import { Ecma419SerialPort, type Ecma419Serial } from "ml307/io";
import { boardNatives } from "esp32s3/board-natives";
import { stepVolume, storedVolume } from "announcer/volume";
import { AudioOutSpeaker } from "moddable-adapters/audio-out-speaker";
import { ModdableHttpTransport } from "moddable-adapters/http-transport";
import { NeoPixelLed } from "moddable-adapters/neopixel-led";
import { watchVolumeButtons } from "moddable-adapters/volume-buttons";
import { moddableTimers } from "moddable-adapters/time";
import type { Platform, PlatformContext } from "moddable-adapters/platform";
import { SSD1306_128X32 } from "moddable-adapters/system-facts";
import { buildEpochMs, ensurePlausibleClock } from "moddable-adapters/wall-clock";
import { readWifiBoardFacts } from "moddable-adapters/wifi";
import { moddableWifiNetwork } from "moddable-adapters/wifi-network";

const SNTP_TIMEOUT_MS = 5000;

function ml307Network(): NetworkOption {
	const { port: uart, transmit, receive } = device.Serial.modem;
	const port = new Ecma419SerialPort(
		({ baud, onReadable, onWritable }) =>
			new ModemSerial({
				port: uart,
				transmit,
				receive,
				baud,
				format: "buffer",
				onReadable: onReadable as (this: ModemSerial, count: number) => void,
				onWritable: onWritable as (this: ModemSerial, count: number) => void,
			}) as Ecma419Serial,
	);
	return { kind: "ml307", port };
}

function wifiNetwork(context: PlatformContext): NetworkOption {
	const { config, log } = context;
	return moddableWifiNetwork({
		config,
		transport: new ModdableHttpTransport({ trustedCertificate: config.extraCa ? new Resource(config.extraCa) : undefined }),
		facts: () => readWifiBoardFacts(config.boardType, config.boardName),
		async online() {
			const app = boardNatives.app();
			const source = await ensurePlausibleClock(buildEpochMs(app.date, app.time), config.sntp, SNTP_TIMEOUT_MS);
			log.info(`Wi-Fi: clock ${source}`);
		},
	});
}

/** BOOT (device.pin.button) with its pull-up: low while held. */
function bootButton(): ButtonInput {
	return {
		watch(listener) {
			new Digital({
				pin: device.pin.button,
				mode: Digital.InputPullUp,
				edge: Digital.Rising | Digital.Falling,
				onReadable(this: Digital) {
					listener(this.read() === 0);
				},
			});
		},
	};
}

/**
 * The speaker on AudioOut (its I2S pins, rate and queue are the manifest's defines.audioOut,
 * which the SDK's C reads), at the volume NVS audio/output_volume holds; the volume buttons
 * step it.
 */
function speaker(context: PlatformContext): AudioOutSpeaker {
	const { store, log } = context;
	const output = new AudioOutSpeaker(storedVolume(store));
	watchVolumeButtons({ up: device.pin.volumeUp, down: device.pin.volumeDown }, (direction) => {
		const volume = stepVolume(store, direction);
		output.setVolume(volume);
		log.info(`volume ${volume}`);
	});
	return output;
}

/** How long the network-switch notice shows before the reboot. */
const RESTART_NOTICE_MS = 1000;

/** The OLED draws in the next timer turn: the switch notice (切换到 Wi-Fi…) stays up a moment before the reboot. */
function restartAfterNotice(): void {
	moddableTimers.set(() => System.restart(), RESTART_NOTICE_MS);
}

export const platform: Platform = Object.freeze({
	name: "esp32s3",
	natives: boardNatives,
	display: SSD1306_128X32,
	prepare(): void {},
	networks(context: PlatformContext) {
		return { ml307: () => ml307Network(), wifi: () => wifiNetwork(context) };
	},
	button: bootButton,
	speaker,
	led: () => new NeoPixelLed(device.pin.led),
	onEvent(event: DeviceEvent): void {
		// One line per event on the serial console (countdowns would flood it).
		if (event.type !== "countdown") trace(`[event] ${JSON.stringify(event)}\n`);
	},
	restart: restartAfterNotice,
	finished(outcome: DeviceOutcome | Error): void {
		// The hand-over (which protocol, which server) on the console, secrets redacted, before the closing line.
		if (!(outcome instanceof Error) && "settings" in outcome) trace(`[outcome] ${JSON.stringify(shownOutcome(outcome))}\n`);
		trace(outcome instanceof Error ? `activation ended by an error: ${outcome.message}\n` : `activation ${outcome.status}\n`);
		if (!(outcome instanceof Error) && outcome.status === "restart") restartAfterNotice();
	},
});
