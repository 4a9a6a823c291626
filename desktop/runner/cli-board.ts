/*
 * `xiaozhi-activate --board`: the board's own main.ts + hosts/esp32s3/platform.ts on XS
 * (desktop/runner/run-board.ts), so anyone can watch the exact firmware composition activate.
 * The OTA URL reaches the board through its mc/config; the simulated ML307R forwards its
 * HTTPS to that server (the embedded emulator by default). It reports through the plain
 * runner's reporter (reporter.ts): the same lines, the same `--json` events (every device
 * event the board prints, its speaker and LED, each request the modem forwards, the
 * hand-over in the outcome), the same signals, `--stop-after`, `--nvs`, `--sound` and `--say-again`
 * (the build's config.announceRepeatSeconds).
 */
import { writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import type { HttpRequest, HttpTransport } from "../../modules/activation/interfaces.ts";
import type { DeviceEvent } from "../../modules/device/device.ts";
import type { LedPattern } from "../../modules/led/led.ts";
import type { Emulator } from "../emulator/server.ts";
import { RealClock, VirtualClock, type NodeClock } from "../node/clock.ts";
import type { DeviceProfile } from "../node/device-profile.ts";
import { NodeHttpTransport } from "../node/https-transport.ts";
import { frameToPng, frameToTerminal } from "../tools/frames.ts";
import { runBoardOnXs, type BoardFrame, type BoardRunResult } from "./run-board.ts";
import type { UartReport } from "./bridge-protocol.ts";
import type { WifiStatus } from "../../modules/wifi-setup/bring-up.ts";
import { JOIN_FAILURE_MESSAGES } from "../../modules/wifi-setup/join.ts";
import type { CliOptions } from "./cli.ts";
import { isLoopbackUrl } from "./ota-url-choice.ts";
import { RunReporter, shownUrl, type RunEnd } from "./reporter.ts";
import { UsageError, openNvsStore, startEmbeddedEmulator } from "./run-parts.ts";
import { deliverSound } from "./sound-out.ts";
import { Stopper } from "./stopper.ts";
import { outsideLine, visibleControls } from "./terminal-text.ts";

/** The options of `--board` are the CLI's (the CA read from --ca's file). */
export type BoardCliOptions = Pick<
	CliOptions,
	| "otaUrl"
	| "language"
	| "nvsFile"
	| "json"
	| "autoBindSeconds"
	| "emulatorProfile"
	| "virtualTime"
	| "verbose"
	| "modemScript"
	| "modemRecoversAfterSeconds"
	| "screen"
	| "framesDir"
	| "stopAfterSeconds"
	| "soundFile"
	| "network"
	| "wifiNetworks"
	| "sayAgainSeconds"
> & { readonly caPem?: string };

/** The board's mc/config entries the options set: the network a build names, how often a pending code is said again. */
function boardConfig(options: BoardCliOptions): Readonly<Record<string, string | number>> | undefined {
	const config = {
		...(options.network !== undefined ? { network: options.network } : {}),
		...(options.sayAgainSeconds !== undefined ? { announceRepeatSeconds: options.sayAgainSeconds } : {}),
	};
	return Object.keys(config).length ? config : undefined;
}

/** What the modem forwards, in order with the board's events. */
function reportingTransport(options: BoardCliOptions, https: HttpTransport, reporter: RunReporter): HttpTransport {
	return {
		request(request: HttpRequest) {
			const path = request.url.replace(/^[a-z]+:\/\/[^/]+/i, "");
			if (reporter.json) reporter.emit({ type: "request", method: request.method, path, body: request.body });
			else if (options.verbose) reporter.error(`[modem → server] ${visibleControls(request.method)} ${visibleControls(path)}`);
			return https.request(request);
		},
	};
}

/** Each board frame drawn in the terminal and/or written as a PNG under --frames. */
function boardFrameSink(options: BoardCliOptions, reporter: RunReporter): (frame: BoardFrame) => void {
	const drawInTerminal = !options.json && (options.screen ?? process.stdout.isTTY === true);
	if (options.framesDir) mkdirSync(options.framesDir, { recursive: true });
	let frameCount = 0;
	return ({ frame }: BoardFrame): void => {
		frameCount++;
		if (drawInTerminal) reporter.line(`+${"-".repeat(128)}+\n${frameToTerminal(frame).split("\n").map((line) => `|${line}|`).join("\n")}\n+${"-".repeat(128)}+`);
		if (options.framesDir) writeFileSync(join(options.framesDir, `${String(frameCount).padStart(3, "0")}-board.png`), frameToPng(frame, 4));
	};
}

/** A device event of the board: the flow's through the runner's reporter, the board's own (network, modem, button, Wi-Fi) as its lines. */
function reportBoardEvent(event: DeviceEvent, reporter: RunReporter): void {
	if (event.type === "wifi") reportWifiStatus(event.status, reporter);
	if (event.type === "network" || event.type === "modem" || event.type === "button" || event.type === "wifi") {
		if (reporter.json) reporter.emit(event);
		else if (event.type === "modem") reporter.line(`Modem: ${event.status}${event.detail ? ` (${outsideLine(event.detail)})` : ""}`);
		else if (event.type === "button") reporter.line(`BOOT ${event.gesture}: ${event.effect}`);
		return;
	}
	reporter.event(event);
}

/** Wi-Fi: setup mode's address (`{"type":"wifi-setup","url"}` with --json), joins and why one failed. */
function reportWifiStatus(status: WifiStatus, reporter: RunReporter): void {
	if (status.kind === "setup") {
		if (reporter.json) reporter.emit({ type: "wifi-setup", url: status.pageUrl, hotspot: status.hotspot });
		else reporter.line(`Wi-Fi setup: ${status.pageUrl} (the board's hotspot ${outsideLine(status.hotspot)})`);
	} else if (reporter.json) return;
	else if (status.kind === "joining") reporter.line(`Wi-Fi: joining "${outsideLine(status.ssid)}"`);
	else if (status.kind === "join-failed") reporter.line(`Wi-Fi: could not join "${outsideLine(status.ssid)}": ${JOIN_FAILURE_MESSAGES[status.reason]}`);
	else if (status.kind === "joined") reporter.line(`Wi-Fi: joined "${outsideLine(status.ssid)}"`);
	else if (status.kind === "setup-saved") reporter.line(`Wi-Fi setup: "${outsideLine(status.ssid)}" joined and saved`);
}

function reportBoardEnd(result: BoardRunResult, reporter: RunReporter, stopper: Stopper, options: BoardCliOptions): number {
	const uart = result.modem.total;
	const firstQuery = result.modem.requests[0];
	const signalExit = stopper.exitCode;
	const stoppedAfterTime = result.stoppedAfterTime && signalExit === undefined;
	return reporter.end({
		outcome: result.outcome ?? { status: stoppedAfterTime || signalExit !== undefined ? "stopped" : result.status },
		extra: {
			meter: { computrons: result.meter.computrons, wallMs: Math.round(result.meter.wallMs), uartBytes: uart, atCommands: result.modem.commands.length },
			...(firstQuery ? { beforeFirstStatusQuery: { atCommands: firstQuery.commandsBefore, toModem: firstQuery.toModem, fromModem: firstQuery.fromModem } } : {}),
		},
		lines: [`UART: ESP32→modem ${uart.toModem} bytes, modem→ESP32 ${uart.fromModem} bytes (${result.modem.commands.length} AT commands)`],
		...(signalExit !== undefined ? { signalExit } : {}),
		...(stoppedAfterTime ? { stopAfterSeconds: options.stopAfterSeconds } : {}),
		...(result.modem.uart ? { last: uartFigures(result.modem.uart) } : {}),
	});
}

/** The modem port's limits and what it saw, last: the largest write against the TX space, the RX high-water mark, bytes lost. */
function uartFigures(figures: UartReport): NonNullable<RunEnd["last"]> {
	const { port, baud, txCapacity, maxWrite, rxCapacity, rxHighWater, rxLostBytes } = figures;
	return {
		event: { type: "uart", port, baud, txCapacity, maxWrite, rxCapacity, rxHighWater, rxLostBytes },
		line: `Modem port (${port}, ${baud} baud): largest write ${maxWrite} of ${txCapacity} TX bytes, RX high-water ${rxHighWater} of ${rxCapacity} bytes, ${rxLostBytes} bytes lost`,
	};
}

/** Exit status as the CLI's: 0 activated, 1 not, 130 / 143 after SIGINT / SIGTERM. */
export async function activateBoard(options: BoardCliOptions, profile: DeviceProfile): Promise<number> {
	const clock: NodeClock = options.virtualTime ? new VirtualClock(0) : new RealClock();
	const stopper = new Stopper();
	const reporter = new RunReporter({ json: options.json, stopping: () => stopper.controller.signal.aborted });
	// Aborted by a signal and at the end of the run: a request still in flight (a stop-after
	// during a held request to a server of its own) must not keep the process alive.
	const halt = new AbortController();
	stopper.controller.signal.addEventListener("abort", () => halt.abort(), { once: true });
	let emulator: Emulator | undefined;
	try {
		if (options.virtualTime && options.otaUrl !== undefined && !isLoopbackUrl(options.otaUrl))
			throw new UsageError(`--virtual-time polls a server as fast as it answers; ${shownUrl(options.otaUrl)} is not on this machine`);
		const store = openNvsStore(options.nvsFile, profile.nvs);
		let otaUrl = options.otaUrl;
		let caPem = options.caPem;
		if (otaUrl === undefined) {
			emulator = await startEmbeddedEmulator(options, clock, reporter);
			otaUrl = emulator.otaUrl;
			caPem = emulator.caPem;
		}
		if (!options.json) reporter.line(`Board bread-compact-ml307: main.ts + hosts/esp32s3/platform.ts on XS, ML307R simulated on its UART${options.virtualTime ? " (virtual time)" : ""}`);
		const https = new NodeHttpTransport({ ...(caPem !== undefined ? { caPem } : {}), clock, signal: halt.signal });
		const config = boardConfig(options);
		const result = await runBoardOnXs({
			profile,
			otaUrl,
			clock,
			store,
			transport: reportingTransport(options, https, reporter),
			...(options.language ? { language: options.language } : {}),
			...(options.modemScript ? { modemScript: options.modemScript } : {}),
			...(options.modemRecoversAfterSeconds !== undefined ? { modemRecoversAfterMs: options.modemRecoversAfterSeconds * 1000 } : {}),
			...(options.stopAfterSeconds !== undefined ? { stopAfterMs: options.stopAfterSeconds * 1000 } : {}),
			...(config ? { config } : {}),
			...(options.wifiNetworks !== undefined ? { wifiNetworks: options.wifiNetworks } : {}),
			signal: stopper.controller.signal,
			onFrame: boardFrameSink(options, reporter),
			onConsole(line) {
				if (options.verbose) reporter.error(visibleControls(line));
			},
			onEvent: (event) => reportBoardEvent(event, reporter),
			...(options.json ? { onSound: (event: unknown) => reporter.emit(event), onLed: (pattern: LedPattern) => reporter.emit({ type: "led", ...pattern }) } : {}),
		});
		if (options.soundFile !== undefined) reporter.aside(deliverSound(result.speaker, options.soundFile));
		return reportBoardEnd(result, reporter, stopper, options);
	} finally {
		halt.abort();
		stopper.close();
		await emulator?.close();
	}
}
