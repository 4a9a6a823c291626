/*
 * The bread-compact-ml307 board: chip facts from the natives, the SSD1306 128x32, and the
 * dual network: the ML307R 4G modem on UART1 (TX GPIO12, RX GPIO11; the default, NVS
 * network/type 1) or Wi-Fi (network/type 0) joined from config.ssid/password.
 */
import Serial from "embedded:io/serial";
import Resource from "Resource";
import type { ActivationEvent, ActivationOutcome } from "activation/events";
import { Ecma419SerialPort, type Ecma419Serial } from "ml307/io";
import { createMl307Stack } from "ml307/index";
import type { NetworkStack } from "ml307/network";
import { boardNatives } from "board/board-natives";
import { ModdableHttpTransport } from "host/http-transport";
import { moddableTimers } from "board/moddable-timers";
import type { Platform, PlatformContext } from "host/platform";
import { SSD1306_128X32 } from "host/system-facts";
import { buildEpochMs, ensurePlausibleClock } from "host/wall-clock";
import { joinWifi, readWifiBoardFacts } from "host/wifi";
import { wifiNetworkStack } from "host/wifi-stack";

const MODEM_UART = Object.freeze({ port: 1, transmit: 12, receive: 11 });
const SNTP_TIMEOUT_MS = 5000;

function ml307Stack(context: PlatformContext): NetworkStack {
	const port = new Ecma419SerialPort(
		({ baud, onReadable }) =>
			new Serial({ ...MODEM_UART, baud, format: "buffer", onReadable: onReadable as (this: Serial, count: number) => void }) as Ecma419Serial,
	);
	return createMl307Stack(port, moddableTimers, { board: { type: context.config.boardType, name: context.config.boardName } });
}

function wifiStack(context: PlatformContext): NetworkStack {
	const { config, log } = context;
	const credentials = config.wifi;
	return wifiNetworkStack({
		async join() {
			if (!credentials) throw new Error("Wi-Fi mode but no ssid configured (mcconfig … ssid=NAME password=SECRET)");
			await joinWifi(credentials, config.wifiJoinTimeoutMs);
			const app = boardNatives.app();
			const source = await ensurePlausibleClock(buildEpochMs(app.date, app.time), config.sntp, SNTP_TIMEOUT_MS);
			log.info(`Wi-Fi joined "${credentials.ssid}"; clock ${source}`);
		},
		transport: new ModdableHttpTransport({ trustedCertificate: config.extraCa ? new Resource(config.extraCa) : undefined }),
		facts: () => readWifiBoardFacts(config.boardType, config.boardName),
	});
}

export const platform: Platform = Object.freeze({
	name: "esp32s3",
	natives: boardNatives,
	display: SSD1306_128X32,
	prepare(): void {},
	networks(context: PlatformContext) {
		return { ml307: () => ml307Stack(context), wifi: () => wifiStack(context) };
	},
	onEvent(_event: ActivationEvent): void {},
	finished(outcome: ActivationOutcome | Error): void {
		trace(outcome instanceof Error ? `activation ended by an error: ${outcome.message}\n` : `activation ${outcome.status}\n`);
	},
});
