/*
 * Composition root, the same for the board (esp32/bread-compact-ml307) and the Moddable
 * simulator (lin): the manifest maps "board/platform" to hosts/esp32s3/platform or
 * hosts/lin/platform. Here only the Moddable parts are gathered (NVS through Preference,
 * time through timer/time, the log on trace, the chip's facts through the natives, the
 * OLED through Poco, the speaker's and the LED's outputs from the platform); the device
 * itself (network choice, modem bring-up, screens, BOOT button, announcer and LED, activation
 * flow) is composed by modules/device/device.ts, as in every runner.
 */
import config from "mc/config";
import { startDevice } from "device/device";
import { hasStoredNetworkType, storeNetworkType } from "device/network-choice";
import { platform } from "board/platform";
import { readAppConfig } from "moddable-adapters/app-config";
import { EfuseSigner } from "moddable-adapters/efuse-signer";
import { NativeRandomSource } from "moddable-adapters/native-random";
import { PocoScreen } from "moddable-adapters/poco-screen";
import { PreferenceStore } from "moddable-adapters/preference-store";
import { systemFactsOf } from "moddable-adapters/system-facts";
import { moddableTimers, moddableWallClock } from "moddable-adapters/time";
import { TraceLog } from "moddable-adapters/trace-log";

export default function main(): void {
	const log = new TraceLog();
	const appConfig = readAppConfig(config);
	const store = new PreferenceStore();
	const timers = moddableTimers;
	const context = Object.freeze({ config: appConfig, store, timers, log });
	platform.prepare(context);
	// A `network=` build only picks the first boot's network: a BOOT double-click's choice stays.
	if (appConfig.network && !hasStoredNetworkType(store)) storeNetworkType(store, appConfig.network);

	const pixels = globalThis.screen;
	// Draws run from a timer turn, not deep inside the flow's event: that halves the XS stack's peak.
	const runDraw = platform.runDraw;
	const schedule = runDraw
		? (draw: () => void): void => void timers.set(() => runDraw.call(platform, draw), 0)
		: (draw: () => void): void => void timers.set(draw, 0);
	const oled = pixels ? new PocoScreen(pixels, { language: appConfig.language, now: () => timers.now(), schedule }) : undefined;
	if (!oled) log.warn("no screen in this build: activation codes go to the log only");

	const device = startDevice({
		config: {
			defaultOtaUrl: appConfig.otaUrl,
			language: appConfig.language,
			boardType: appConfig.boardType,
			boardName: appConfig.boardName,
			requestTimeoutMs: appConfig.requestTimeoutMs,
			maxBodyBytes: appConfig.maxBodyBytes,
		},
		store,
		timers,
		wallClock: moddableWallClock,
		log,
		signer: new EfuseSigner(platform.natives),
		random: new NativeRandomSource(platform.natives),
		system: systemFactsOf(platform.natives, platform.display, log),
		networks: platform.networks(context),
		screen: oled,
		button: platform.button(),
		audio: platform.speaker(context),
		led: platform.led(),
		announce: appConfig.announce,
		onEvent: (event) => platform.onEvent(event),
		restart: () => platform.restart(),
	});
	device.run().then(
		(outcome) => platform.finished(outcome),
		(error: unknown) => platform.finished(error instanceof Error ? error : new Error(String(error))),
	);
}
