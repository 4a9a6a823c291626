/*
 * Composition root, the same for the board (esp32/bread-compact-ml307) and the Moddable
 * simulator (lin): the manifest maps "board/platform" to hosts/esp32s3/platform or
 * hosts/lin/platform. Everything else here is shared: NVS through Preference, time through
 * timer/time, the log on trace, the chip's facts through the natives, the active network
 * (4G modem or Wi-Fi, from NVS network/type), the OLED through Poco, and the core's
 * ActivationFlow driving them.
 */
import config from "mc/config";
import { ActivationFlow } from "activation/machine";
import type { ActivationEvent } from "activation/events";
import type { ActivationHost } from "activation/interfaces";
import { chooseNetwork, factsProvider, storeNetworkType } from "ml307/network";
import { platform } from "board/platform";
import { readAppConfig } from "host/app-config";
import { EfuseSigner } from "host/efuse-signer";
import { NativeRandomSource } from "host/native-random";
import { PocoScreen } from "host/poco-screen";
import { PreferenceStore } from "host/preference-store";
import { readSystemFacts } from "host/system-facts";
import { TimerClock } from "host/timer-clock";
import { TraceLog } from "host/trace-log";

export default function main(): void {
	const log = new TraceLog();
	const appConfig = readAppConfig(config);
	const store = new PreferenceStore();
	const clock = new TimerClock();
	const context = Object.freeze({ config: appConfig, store, clock, log });
	platform.prepare(context);
	if (appConfig.network) storeNetworkType(store, appConfig.network);

	const network = chooseNetwork(store, platform.networks(context));
	log.info(`${platform.name}: ${network.type === "wifi" ? "Wi-Fi" : "ML307 4G"} network`);
	const host: ActivationHost = Object.freeze({
		http: network.stack.http,
		store,
		clock,
		facts: factsProvider(() => readSystemFacts(platform.natives, platform.display, log), network.stack),
		signer: new EfuseSigner(platform.natives),
		random: new NativeRandomSource(platform.natives),
		log,
	});

	const pixels = globalThis.screen;
	// Draws run from a timer turn, not deep inside the flow's event: that halves the XS stack's peak.
	const schedule = (draw: () => void): void => void clock.sleep(0).then(draw);
	const oled = pixels ? new PocoScreen(pixels, { language: appConfig.language, now: () => clock.now(), schedule }) : undefined;
	if (!oled) log.warn("no screen in this build: activation codes go to the log only");

	const onEvent = (event: ActivationEvent): void => {
		oled?.onEvent(event);
		platform.onEvent(event);
	};
	const flow = new ActivationFlow(
		host,
		{
			defaultOtaUrl: appConfig.otaUrl,
			language: appConfig.language,
			boardName: appConfig.boardName,
			requestTimeoutMs: appConfig.requestTimeoutMs,
			maxBodyBytes: appConfig.maxBodyBytes,
		},
		onEvent,
	);
	flow.run().then(
		(outcome) => platform.finished(outcome),
		(error: unknown) => platform.finished(error instanceof Error ? error : new Error(String(error))),
	);
}
