/*
 * `xiaozhi-activate --board`: the board's own main.ts + hosts/esp32s3/platform.ts on XS
 * (desktop/runner/run-board.ts), so anyone can watch the exact firmware composition activate.
 * The OTA URL reaches the board through its mc/config; the simulated ML307R forwards its
 * HTTPS to that server (the embedded emulator by default). With --json every device event
 * the board prints (network, modem bring-up steps, button, activation) is one line, and so
 * is every request the modem forwards.
 */
import { writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Clock, HttpRequest, HttpTransport } from "../../modules/activation/interfaces.ts";
import type { DeviceEvent } from "../../modules/device/device.ts";
import { startEmulator, type Emulator } from "../emulator/server.ts";
import { RealClock, VirtualClock } from "../node/clock.ts";
import type { DeviceProfile } from "../node/device-profile.ts";
import { NodeHttpTransport } from "../node/https-transport.ts";
import { NvsStore } from "../node/nvs-store.ts";
import { frameToPng, frameToTerminal } from "../tools/frames.ts";
import { runBoardOnXs, type BoardFrame, type BoardRunResult } from "./run-board.ts";
import { outsideLine } from "./terminal-text.ts";
import type { WifiStatus } from "../../modules/wifi-setup/bring-up.ts";
import { JOIN_FAILURE_MESSAGES } from "../../modules/wifi-setup/join.ts";
import type { CliOptions } from "./cli.ts";

/** The options of `--board` are the CLI's (the CA read from --ca's file). */
export type BoardCliOptions = Pick<
	CliOptions,
	"otaUrl" | "language" | "nvsFile" | "json" | "autoBindSeconds" | "emulatorProfile" | "virtualTime" | "verbose" | "modemScript" | "modemRecoversAfterSeconds" | "screen" | "framesDir" | "network" | "wifiNetworks"
> & { readonly caPem?: string };

type Out = (line: string) => void;
type Emit = (object: unknown) => void;

/** The embedded emulator the board talks to when no --ota-url is given, announced on stdout. */
async function startBoardEmulator(options: BoardCliOptions, clock: Clock, out: Out, emit: Emit): Promise<Emulator> {
	const emulator = await startEmulator({
		profile: options.emulatorProfile,
		...(options.virtualTime ? { clock: clock as VirtualClock } : {}),
		...(options.autoBindSeconds !== undefined ? { autoBindAfterMs: options.autoBindSeconds * 1000 } : {}),
		...(options.emulatorProfile === "official" ? { holdActivateMs: 25000 } : {}),
	});
	const otaUrl = emulator.otaUrl;
	if (options.json) emit({ type: "emulator", profile: options.emulatorProfile, otaUrl, consoleUrl: emulator.consoleUrl });
	else out(`Embedded Xiaozhi emulator (${options.emulatorProfile}) at ${otaUrl}\nConsole: ${emulator.consoleUrl}`);
	return emulator;
}

/** What the modem forwards, in order with the board's events. */
function reportingTransport(options: BoardCliOptions, https: HttpTransport, emit: Emit): HttpTransport {
	return {
		request(request: HttpRequest) {
			const path = request.url.replace(/^[a-z]+:\/\/[^/]+/i, "");
			if (options.json) emit({ type: "request", method: request.method, path, body: request.body });
			else if (options.verbose) process.stderr.write(`[modem → server] ${request.method} ${path}\n`);
			return https.request(request);
		},
	};
}

/** Each board frame drawn in the terminal and/or written as a PNG under --frames. */
function boardFrameSink(options: BoardCliOptions, out: Out): (frame: BoardFrame) => void {
	const drawInTerminal = !options.json && (options.screen ?? process.stdout.isTTY === true);
	if (options.framesDir) mkdirSync(options.framesDir, { recursive: true });
	let frameCount = 0;
	return ({ frame }: BoardFrame): void => {
		frameCount++;
		if (drawInTerminal) out(`+${"-".repeat(128)}+\n${frameToTerminal(frame).split("\n").map((line) => `|${line}|`).join("\n")}\n+${"-".repeat(128)}+`);
		if (options.framesDir) writeFileSync(join(options.framesDir, `${String(frameCount).padStart(3, "0")}-board.png`), frameToPng(frame, 4));
	};
}

function printBoardEvent(event: DeviceEvent, options: BoardCliOptions, emulator: Emulator | undefined, out: Out, emit: Emit): void {
	if (event.type === "wifi") printWifiStatus(event.status, options, out, emit);
	if (options.json) emit(event);
	else if (event.type === "modem") out(`Modem: ${event.status}${event.detail ? ` (${event.detail})` : ""}`);
	else if (event.type === "code") out(`Activation code: ${event.code}${emulator ? `\nEnter it at ${emulator.consoleUrl}` : ""}`);
	else if (event.type === "activated") out("Activated.");
	else if (event.type === "button") out(`BOOT ${event.gesture}: ${event.effect}`);
}

/** Wi-Fi: setup mode's address (`{"type":"wifi-setup","url"}` with --json), joins and why one failed. */
function printWifiStatus(status: WifiStatus, options: BoardCliOptions, out: Out, emit: Emit): void {
	if (status.kind === "setup") {
		if (options.json) emit({ type: "wifi-setup", url: status.pageUrl, hotspot: status.hotspot });
		else out(`Wi-Fi setup: ${status.pageUrl} (the board's hotspot ${outsideLine(status.hotspot)})`);
	} else if (options.json) return;
	else if (status.kind === "joining") out(`Wi-Fi: joining "${outsideLine(status.ssid)}"`);
	else if (status.kind === "join-failed") out(`Wi-Fi: could not join "${outsideLine(status.ssid)}": ${JOIN_FAILURE_MESSAGES[status.reason]}`);
	else if (status.kind === "joined") out(`Wi-Fi: joined "${outsideLine(status.ssid)}"`);
	else if (status.kind === "setup-saved") out(`Wi-Fi setup: "${outsideLine(status.ssid)}" joined and saved`);
}

function printBoardOutcome(result: BoardRunResult, options: BoardCliOptions, out: Out, emit: Emit): void {
	const uart = result.modem.total;
	const firstQuery = result.modem.requests[0];
	if (options.json)
		emit({
			type: "outcome",
			outcome: { status: result.status },
			meter: { computrons: result.meter.computrons, wallMs: Math.round(result.meter.wallMs), uartBytes: uart, atCommands: result.modem.commands.length },
			...(firstQuery ? { beforeFirstStatusQuery: { atCommands: firstQuery.commandsBefore, toModem: firstQuery.toModem, fromModem: firstQuery.fromModem } } : {}),
		});
	else out(`UART: ESP32→modem ${uart.toModem} bytes, modem→ESP32 ${uart.fromModem} bytes (${result.modem.commands.length} AT commands)`);
}

/** Exit status as the CLI's: 0 activated, 1 not, 130 stopped. */
export async function activateBoard(options: BoardCliOptions, profile: DeviceProfile): Promise<number> {
	const out = (line: string): void => void process.stdout.write(line + "\n");
	const emit = (object: unknown): void => out(JSON.stringify(object));
	const clock: Clock = options.virtualTime ? new VirtualClock(0) : new RealClock();
	let emulator: Emulator | undefined;
	let otaUrl = options.otaUrl;
	let caPem = options.caPem;
	if (otaUrl === undefined) {
		emulator = await startBoardEmulator(options, clock, out, emit);
		otaUrl = emulator.otaUrl;
		caPem = emulator.caPem;
	}
	if (!options.json) out(`Board bread-compact-ml307: main.ts + hosts/esp32s3/platform.ts on XS, ML307R simulated on its UART${options.virtualTime ? " (virtual time)" : ""}`);

	const controller = new AbortController();
	const onSignal = (): void => {
		if (controller.signal.aborted) process.exit(130);
		controller.abort();
	};
	process.on("SIGINT", onSignal);
	process.on("SIGTERM", onSignal);

	const https = new NodeHttpTransport({ ...(caPem !== undefined ? { caPem } : {}), clock });
	const transport = reportingTransport(options, https, emit);
	const onFrame = boardFrameSink(options, out);

	try {
		const store = new NvsStore({ initial: profile.nvs, ...(options.nvsFile ? { file: options.nvsFile } : {}) });
		const result = await runBoardOnXs({
			profile,
			otaUrl,
			clock,
			store,
			transport,
			...(options.language ? { language: options.language } : {}),
			...(options.modemScript ? { modemScript: options.modemScript } : {}),
			...(options.modemRecoversAfterSeconds !== undefined ? { modemRecoversAfterMs: options.modemRecoversAfterSeconds * 1000 } : {}),
			...(options.network !== undefined ? { config: { network: options.network } } : {}),
			...(options.wifiNetworks !== undefined ? { wifiNetworks: options.wifiNetworks } : {}),
			signal: controller.signal,
			onFrame,
			onConsole(line) {
				if (options.verbose) process.stderr.write(line + "\n");
			},
			onEvent(event) {
				printBoardEvent(event, options, emulator, out, emit);
			},
		});
		printBoardOutcome(result, options, out, emit);
		if (result.status === "activated") return 0;
		if (controller.signal.aborted) {
			process.stderr.write("stopped before activation\n");
			return 130;
		}
		process.stderr.write(`not activated: the board ended with "${result.status}"\n`);
		return 1;
	} finally {
		process.off("SIGINT", onSignal);
		process.off("SIGTERM", onSignal);
		await emulator?.close();
	}
}
