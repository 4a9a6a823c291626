/*
 * xiaozhi-activate: activates a device profile on the real XS engine, against the
 * embedded emulator (default) or a given OTA URL. Run through bin/xiaozhi-activate.js.
 * Exit status: 0 activated, 1 not activated (offline / gave up / --stop-after), 2 bad usage,
 * 3 internal failure, 130 stopped by SIGINT (Ctrl-C), 143 stopped by SIGTERM.
 */
import { parseArgs } from "node:util";
import type { ActivationEvent } from "../../modules/activation/events.ts";
import { buildReport, formatMac } from "../../modules/activation/report.ts";
import { formatUuidV4 } from "../../modules/activation/settings.ts";
import type { Emulator, EmulatorProfile } from "../emulator/server.ts";
import { RealClock, VirtualClock, type NodeClock } from "../node/clock.ts";
import { DEFAULT_PROFILE_PATH, NodeRandom, loadDeviceProfile, type DeviceProfile } from "../node/device-profile.ts";
import type { NvsStore } from "../node/nvs-store.ts";
import { FrameSink } from "../tools/frames.ts";
import { urlWithoutUserinfo } from "../../modules/activation/url-text.ts";
import { screenLanguage } from "../../modules/screens/strings.ts";
import type { NetworkPhase } from "../../modules/screens/view.ts";
import { activateBoard } from "./cli-board.ts";
import type { BoardWifiNetwork } from "./bridge-protocol.ts";
import { readWifiNetworksFile } from "./wifi-networks-file.ts";
import { deliverSound } from "./sound-out.ts";
import type { LedPattern } from "../../modules/led/led.ts";
import { ModemNotRespondingError, runDeviceOnXs, type LogLine, type ModemScript, type ModemStatusChange, type RunNetwork } from "./run-device.ts";
import { missingGlyphsProblem } from "../tools/prerequisites.ts";
import { OTA_URL_KEY, OTA_URL_NAMESPACE, chooseOtaUrl, isLoopbackUrl, otaUrlLine, type OtaUrlChoice } from "./ota-url-choice.ts";
import { RunReporter, redactSettings, shownUrl } from "./reporter.ts";
import { UsageError, openNvsStore, readCa, startEmbeddedEmulator } from "./run-parts.ts";
import { Stopper } from "./stopper.ts";
import { jsonSafeText, outsideLine, visibleControls } from "./terminal-text.ts";

const USAGE = `usage: xiaozhi-activate [options]          activate a device on the XS engine
       xiaozhi-activate report [--device FILE] [--lang L]   print the status-query body, no network
options:
  --ota-url URL           use this server (http:// or https://) instead of the embedded
                          emulator. As in the firmware, an OTA URL stored in the device's
                          NVS (wifi/ota_url, see --nvs) wins over it; the first line says
                          which URL is used and why
  --forget-ota-url        erase the stored wifi/ota_url (in the --nvs file) before the run
  --ca FILE               PEM CA to trust for an https:// --ota-url (default: public roots)
  --device FILE           device profile (default profiles/captured-ml307.json)
  --lang zh-CN|en-US      language of the build (default: the profile's)
  --nvs FILE              keep the device's NVS in this JSON file between runs
  --json                  one JSON object per line on stdout
  --auto-bind SECONDS     embedded emulator binds the code by itself after this long
  --profile official|manager|single   embedded emulator behaviour (default official)
  --verbose               print the device log on stderr
  --virtual-time          run on virtual time (device and embedded emulator): waits and
                          back-offs take no real time. Only against the embedded emulator
                          or a server on this machine (127.0.0.1, ::1, localhost): it
                          would poll anyone else's server as fast as it answers
  --stop-after SECONDS    stop waiting after this many seconds of device time (exit 1)
  --report-heap           report the runner's JS heap when the first code shows and at the
                          end (after a full GC when node runs with --expose-gc)
  --network ml307|wifi    ml307: 4G through the simulated ML307R modem inside XS (AT
                          commands over a counted UART, the modem's HTTP stack);
                          wifi: direct HTTPS, needs a Wi-Fi profile. Without it: direct
                          HTTPS with the profile's board facts (also for 4G profiles)
  --modem-script JSON     ml307 only: the simulated modem's script, e.g. '{"sim":"absent"}',
                          '{"registration":"denied"}', '{"http":{"errBeforeHeader":4}}';
                          with --board also the ESP32's side: '{"hostStallMs":50}' (the VM
                          busy 50 ms before each serial callback), '{"port":"sdk-fifo"}'
  --modem-recovers-after SECONDS   ml307 only: the scripted faults clear after this long
                          (SIM inserted, network accepts, HTTP stack healthy)
  --screen / --no-screen  draw the 128x32 OLED frames in the terminal (default: on a terminal)
  --frames DIR            also write each new OLED frame as DIR/NNN-<screen>.png (a
                          countdown's ticks are not new frames)
  --board                 run the board's own main.ts + hosts/esp32s3/platform.ts on XS
                          (the ML307R simulated on its UART, NVS network/type picks the
                          network, BOOT on GPIO0); with --json the bring-up steps, the
                          button and each forwarded request are events. With --network,
                          the build's network= (stored in NVS network/type, as a BOOT
                          double-click would)
  --wifi-networks FILE    --board: the Wi-Fi networks around the board, JSON
                          [{"ssid","rssi","authmode","password","hidden"}…]; the build
                          names none, so with none in NVS the board opens its setup page
                          (printed: Wi-Fi setup: http://127.0.0.1:PORT/)
  --sound FILE.wav|-      write everything the speaker played, in order, as one WAV file
                          (- plays it with the desktop's player)
  --say-again SECONDS     the announcer repeats a pending code this long after its readout
  -h, --help`;

/** The OLED's network screens for the modem's bring-up states ("ready" leaves it to the flow). */
const MODEM_SCREEN_PHASES: Readonly<Partial<Record<ModemStatusChange["status"], NetworkPhase>>> = Object.freeze({
	detecting: "detecting-module",
	registering: "registering",
	"no-sim": "no-sim",
	"registration-denied": "registration-denied",
	"not-responding": "modem-not-responding",
});

export { redactSettings };

export interface CliOptions {
	readonly command: "activate" | "report";
	readonly otaUrl?: string;
	readonly forgetOtaUrl: boolean;
	readonly caFile?: string;
	readonly deviceFile: string;
	readonly language?: string;
	readonly nvsFile?: string;
	readonly json: boolean;
	readonly autoBindSeconds?: number;
	readonly emulatorProfile: EmulatorProfile;
	readonly virtualTime: boolean;
	readonly verbose: boolean;
	/** Absent: direct HTTPS with the profile's board facts, as before --network existed. */
	readonly network?: "ml307" | "wifi";
	readonly modemScript?: ModemScript;
	readonly modemRecoversAfterSeconds?: number;
	/** Draw OLED frames in the terminal; undefined = only when stdout is a terminal. */
	readonly screen?: boolean;
	readonly framesDir?: string;
	/** Run the board's own composition (`--board`). */
	readonly board?: boolean;
	/** `--wifi-networks FILE`, read and checked: the networks around the board. */
	readonly wifiNetworks?: readonly BoardWifiNetwork[];
	readonly stopAfterSeconds?: number;
	readonly reportHeap: boolean;
	/** `--sound`: a WAV file to write, or "-" to play it. */
	readonly soundFile?: string;
	readonly sayAgainSeconds?: number;
}

/** The command line as node:util's parseArgs reads it; its own errors become usage errors. */
function readArgs(argv: readonly string[]) {
	try {
		return parseArgs({
			args: [...argv],
			allowPositionals: true,
			options: {
				"ota-url": { type: "string" },
				"forget-ota-url": { type: "boolean", default: false },
				"stop-after": { type: "string" },
				"report-heap": { type: "boolean", default: false },
				ca: { type: "string" },
				device: { type: "string" },
				lang: { type: "string" },
				nvs: { type: "string" },
				json: { type: "boolean", default: false },
				"auto-bind": { type: "string" },
				profile: { type: "string" },
				"virtual-time": { type: "boolean", default: false },
				verbose: { type: "boolean", default: false },
				network: { type: "string" },
				"modem-script": { type: "string" },
				"modem-recovers-after": { type: "string" },
				screen: { type: "boolean" },
				"no-screen": { type: "boolean" },
				frames: { type: "string" },
				board: { type: "boolean", default: false },
				"wifi-networks": { type: "string" },
				sound: { type: "string" },
				"say-again": { type: "string" },
				help: { type: "boolean", short: "h", default: false },
			},
		});
	} catch (error) {
		throw new UsageError((error as Error).message, { cause: error });
	}
}

type CliValues = ReturnType<typeof readArgs>["values"];

/** A number-of-seconds option: undefined when absent, a usage error when not a finite number in range. */
function secondsOption(values: CliValues, name: "auto-bind" | "stop-after" | "modem-recovers-after" | "say-again", range: ">= 0" | "> 0"): number | undefined {
	const given = values[name];
	if (given === undefined) return undefined;
	const seconds = Number(given);
	if (!Number.isFinite(seconds) || seconds < 0 || (range === "> 0" && seconds === 0))
		throw new UsageError(`--${name} must be a number of seconds ${range}, got ${JSON.stringify(given)}`);
	return seconds;
}

interface NetworkOptions {
	readonly network: "ml307" | "wifi" | undefined;
	readonly modemScript: ModemScript | undefined;
	readonly modemRecoversAfterSeconds: number | undefined;
}

/** --network and the simulated modem's options, which only the 4G paths take. */
function networkOptions(values: CliValues): NetworkOptions {
	const network = values.network;
	if (network !== undefined && network !== "ml307" && network !== "wifi") throw new UsageError(`--network must be ml307 or wifi, got ${JSON.stringify(network)}`);
	if (values["wifi-networks"] !== undefined && !values.board) throw new UsageError("--wifi-networks goes with --board (the board's own Wi-Fi and setup page)");
	if (network !== "ml307" && !values.board && (values["modem-script"] !== undefined || values["modem-recovers-after"] !== undefined))
		throw new UsageError("--modem-script and --modem-recovers-after go with --network ml307");
	let modemScript: ModemScript | undefined;
	if (values["modem-script"] !== undefined) {
		let parsedScript: unknown;
		try {
			parsedScript = JSON.parse(values["modem-script"]);
		} catch (error) {
			throw new UsageError(`--modem-script is not JSON: ${(error as Error).message}`, { cause: error });
		}
		if (typeof parsedScript !== "object" || parsedScript === null || Array.isArray(parsedScript))
			throw new UsageError(`--modem-script must be a JSON object, got ${JSON.stringify(values["modem-script"])}`);
		modemScript = parsedScript as ModemScript;
		const { hostStallMs, port } = modemScript;
		if (hostStallMs !== undefined && !(typeof hostStallMs === "number" && Number.isFinite(hostStallMs) && hostStallMs >= 0))
			throw new UsageError(`--modem-script: hostStallMs must be a number of ms >= 0, got ${JSON.stringify(hostStallMs)}`);
		if (port !== undefined && port !== "ring-buffered" && port !== "sdk-fifo")
			throw new UsageError(`--modem-script: port must be "ring-buffered" or "sdk-fifo", got ${JSON.stringify(port)}`);
	}
	const modemRecoversAfterSeconds = secondsOption(values, "modem-recovers-after", ">= 0");
	return { network, modemScript, modemRecoversAfterSeconds };
}

export function parseCli(argv: readonly string[]): CliOptions | "help" {
	const { values, positionals } = readArgs(argv);
	if (values.help) return "help";
	if (positionals.length > 1 || (positionals[0] !== undefined && positionals[0] !== "report"))
		throw new UsageError(`unknown command ${JSON.stringify(positionals.join(" "))}`);
	const command = positionals[0] === "report" ? "report" : "activate";
	const language = values.lang;
	if (language !== undefined && language !== "zh-CN" && language !== "en-US") throw new UsageError(`--lang must be zh-CN or en-US, got ${JSON.stringify(language)}`);
	const profile = values.profile ?? "official";
	if (profile !== "official" && profile !== "manager" && profile !== "single")
		throw new UsageError(`--profile must be official, manager or single, got ${JSON.stringify(profile)}`);
	const autoBindSeconds = secondsOption(values, "auto-bind", ">= 0");
	const otaUrl = otaUrlOption(values["ota-url"], values["auto-bind"] !== undefined || values.profile !== undefined, values.ca !== undefined);
	const stopAfterSeconds = secondsOption(values, "stop-after", "> 0");
	const { network, modemScript, modemRecoversAfterSeconds } = networkOptions(values);
	const sayAgainSeconds = secondsOption(values, "say-again", ">= 0");
	if (values.screen && values["no-screen"]) throw new UsageError("--screen and --no-screen contradict each other");
	const screen = values.screen ? true : values["no-screen"] ? false : undefined;
	return {
		command,
		...(screen !== undefined ? { screen } : {}),
		...(values.frames !== undefined ? { framesDir: values.frames } : {}),
		...(values.sound !== undefined ? { soundFile: values.sound } : {}),
		...(sayAgainSeconds !== undefined ? { sayAgainSeconds } : {}),
		...(otaUrl !== undefined ? { otaUrl } : {}),
		forgetOtaUrl: values["forget-ota-url"],
		...(stopAfterSeconds !== undefined ? { stopAfterSeconds } : {}),
		reportHeap: values["report-heap"],
		...(values.ca !== undefined ? { caFile: values.ca } : {}),
		deviceFile: values.device ?? DEFAULT_PROFILE_PATH,
		...(language !== undefined ? { language } : {}),
		...(values.nvs !== undefined ? { nvsFile: values.nvs } : {}),
		json: values.json,
		...(autoBindSeconds !== undefined ? { autoBindSeconds } : {}),
		emulatorProfile: profile,
		virtualTime: values["virtual-time"],
		verbose: values.verbose,
		...(network !== undefined ? { network } : {}),
		...(modemScript !== undefined ? { modemScript } : {}),
		...(modemRecoversAfterSeconds !== undefined ? { modemRecoversAfterSeconds } : {}),
		...(values.board ? { board: true } : {}),
		...(values["wifi-networks"] !== undefined ? { wifiNetworks: wifiNetworksOption(values["wifi-networks"]) } : {}),
	};
}

function wifiNetworksOption(file: string): readonly BoardWifiNetwork[] {
	try {
		return readWifiNetworksFile(file);
	} catch (error) {
		throw new UsageError(`--wifi-networks ${(error as Error).message}`, { cause: error });
	}
}

/** The --ota-url as the device gets it (scheme in lower case: `HTTP://` is `http://`), or a usage error. */
function otaUrlOption(given: string | undefined, emulatorOptions: boolean, ca: boolean): string | undefined {
	if (given === undefined) {
		if (ca) throw new UsageError("--ca goes with --ota-url (the embedded emulator brings its own CA)");
		return undefined;
	}
	const match = /^(https?):\/\/[^/?#]+/i.exec(given);
	if (!match) throw new UsageError(`--ota-url must be an http:// or https:// URL, got "${shownUrl(given)}"`);
	if (emulatorOptions) throw new UsageError("--auto-bind and --profile drive the embedded emulator; they cannot go with --ota-url");
	const url = match[1]!.toLowerCase() + given.slice(match[1]!.length);
	if (ca && url.startsWith("http:")) throw new UsageError(`--ca is for https:// servers; ${shownUrl(url)} is plain http (no certificate to check)`);
	return url;
}

/** The status-query body the profile's device would send (what `report` prints). */
export function reportForProfile(profile: DeviceProfile, language: string = profile.language): string {
	const stored = profile.nvs.board?.uuid;
	const uuid = typeof stored === "string" ? stored : formatUuidV4(new NodeRandom().bytes(16));
	return buildReport(profile.system, profile.board, { uuid, language });
}

/** The device's NVS, with the stored OTA URL erased first when asked. */
function openStore(options: CliOptions, profile: DeviceProfile, reporter: RunReporter): NvsStore {
	const store = openNvsStore(options.nvsFile, profile.nvs);
	if (!options.forgetOtaUrl) return store;
	const stored = store.get(OTA_URL_NAMESPACE, OTA_URL_KEY);
	const erased = store.remove(OTA_URL_NAMESPACE, OTA_URL_KEY);
	const where = options.nvsFile ?? "the profile's NVS (this run only, no --nvs file)";
	if (reporter.json) reporter.emit({ type: "forgot-ota-url", ...(erased ? { url: urlWithoutUserinfo(String(stored)) } : {}), nvs: where });
	else reporter.line(erased ? `Erased the stored OTA URL ${shownUrl(String(stored))} from ${where}` : `No stored OTA URL in ${where}`);
	return store;
}

interface Server {
	readonly otaUrl: string;
	readonly caPem?: string;
	readonly emulator?: Emulator;
}

/** The server the device talks to: the URL it will use (stored, given) or the embedded emulator. */
async function openServer(options: CliOptions, choice: OtaUrlChoice, clock: NodeClock, reporter: RunReporter): Promise<Server> {
	if (choice.source !== "emulator") {
		if (options.virtualTime && !isLoopbackUrl(choice.url))
			throw new UsageError(
				`--virtual-time polls a server as fast as it answers; ${shownUrl(choice.url)} is not on this machine (use real time, the embedded emulator, or a server on 127.0.0.1/::1/localhost)`,
			);
		if (reporter.json) reporter.emit({ type: "ota-url", url: urlWithoutUserinfo(choice.url), source: choice.source, ...(choice.source === "stored" && choice.flagUrl !== undefined ? { overrides: urlWithoutUserinfo(choice.flagUrl) } : {}) });
		else reporter.line(otaUrlLine(choice, options.nvsFile)!);
		return { otaUrl: choice.url, ...(options.caFile !== undefined ? { caPem: readCa(options.caFile) } : {}) };
	}
	const emulator = await startEmbeddedEmulator(options, clock, reporter);
	return { otaUrl: emulator.otaUrl, caPem: emulator.caPem, emulator };
}

/** The runner's JS heap in use, after a full collection when node runs with --expose-gc. */
function heapUsedBytes(): number {
	(globalThis as { gc?: () => void }).gc?.();
	return process.memoryUsage().heapUsed;
}

function modemStatusReporter(reporter: RunReporter, oled: FrameSink | undefined): (change: ModemStatusChange) => void {
	let lastModemStatus: ModemStatusChange["status"] | undefined;
	return (change) => {
		const phase = MODEM_SCREEN_PHASES[change.status];
		if (phase) oled?.showView({ kind: "network", phase, detail: change.detail });
		if (reporter.json) return reporter.emit({ type: "modem", ...change });
		// Each retry round starts with "registering": show it once, the alerts every round.
		const repeatedWait = change.status === "registering" && lastModemStatus !== undefined && lastModemStatus !== "detecting";
		lastModemStatus = change.status;
		if (repeatedWait) return;
		const detail = change.detail ? ` (${outsideLine(change.detail)})` : "";
		if (change.status === "ready") reporter.line(`Modem: ready${change.detail ? `, IP ${outsideLine(change.detail)}` : ""}`);
		else if (change.status === "no-sim" || change.status === "registration-denied") reporter.line(`Modem: ${change.message}${detail}; retry in 10 s`);
		else reporter.line(`Modem: ${change.message}${detail}`);
	};
}

function viaText(options: CliOptions, profile: DeviceProfile, network: RunNetwork, otaUrl: string): string {
	const direct = otaUrl.startsWith("http:") ? "plain HTTP" : "HTTPS";
	if (network === "ml307") return "4G through the simulated ML307R";
	if (options.network === "wifi") return `Wi-Fi (direct ${direct})`;
	const hint = profile.board.network === "ml307" ? "; --network ml307 goes through the simulated modem" : "";
	return `direct ${direct} with the profile's ${profile.board.network} facts${hint}`;
}

async function activate(options: CliOptions, profile: DeviceProfile): Promise<number> {
	if (options.network === "wifi" && profile.board.network !== "wifi")
		throw new UsageError(`--network wifi needs a Wi-Fi profile (e.g. profiles/wifi.json); ${options.deviceFile} describes a ${profile.board.network} board`);
	const network: RunNetwork = options.network === "ml307" ? "ml307" : "direct";
	const clock: NodeClock = options.virtualTime ? new VirtualClock(0) : new RealClock();
	const stopper = new Stopper();
	const reporter = new RunReporter({ json: options.json, stopping: () => stopper.controller.signal.aborted });
	let server: Server | undefined;
	try {
		const store = openStore(options, profile, reporter);
		const choice = chooseOtaUrl(store.get(OTA_URL_NAMESPACE, OTA_URL_KEY), options.otaUrl);
		server = await openServer(options, choice, clock, reporter);
		return await runAndReport(options, profile, { network, reporter, clock, stopper, store, server });
	} finally {
		stopper.close();
		await server?.emulator?.close();
	}
}

interface Run {
	readonly network: RunNetwork;
	readonly reporter: RunReporter;
	readonly clock: NodeClock;
	readonly stopper: Stopper;
	readonly store: NvsStore;
	readonly server: Server;
}

/** The OLED drawn in the terminal and/or as PNGs, when either is asked for. */
function oledFor(options: CliOptions, profile: DeviceProfile): FrameSink | undefined {
	const drawInTerminal = !options.json && (options.screen ?? process.stdout.isTTY === true);
	if (!drawInTerminal && !options.framesDir) return undefined;
	return new FrameSink({
		language: screenLanguage(options.language ?? profile.language),
		...(options.framesDir ? { framesDir: options.framesDir } : {}),
		write: drawInTerminal ? (text: string) => void process.stdout.write(text) : null,
		// On virtual time a countdown would flood the terminal with one frame per simulated second.
		countdownFrames: !options.virtualTime,
	});
}

async function runAndReport(options: CliOptions, profile: DeviceProfile, run: Run): Promise<number> {
	const { network, reporter, clock, stopper, server } = run;
	const device = `${profile.boardName}/${profile.system.application.version} ${formatMac(profile.system.mac)}`;
	if (!options.json) reporter.line(`Device ${device} on the XS engine, ${viaText(options, profile, network, server.otaUrl)}${options.virtualTime ? " (virtual time)" : ""}`);
	const oled = oledFor(options, profile);
	const startedAt = clock.now();
	const stopAfterMs = options.stopAfterSeconds === undefined ? Infinity : options.stopAfterSeconds * 1000;
	let heapAtFirstCode: number | undefined;
	const stopWhenDue = (): void => {
		if (clock.now() - startedAt >= stopAfterMs) stopper.stop();
	};
	const reportModemStatus = modemStatusReporter(reporter, oled);
	const onEvent = (event: ActivationEvent): void => {
		stopWhenDue();
		oled?.onEvent(event);
		if (options.reportHeap && event.type === "code" && heapAtFirstCode === undefined) heapAtFirstCode = heapUsedBytes();
		reporter.event(event);
	};
	const onLog = (line: LogLine): void => {
		if (options.verbose) reporter.error(`[${line.level}] ${visibleControls(line.message)}`);
	};
	try {
		const result = await runDeviceOnXs({
			profile,
			otaUrl: server.otaUrl,
			...(server.caPem !== undefined ? { caPem: server.caPem } : {}),
			clock,
			store: run.store,
			...(options.language ? { config: { language: options.language } } : {}),
			onEvent,
			onLog,
			...(options.json ? { onSound: (event: unknown) => reporter.emit(event), onLed: (pattern: LedPattern) => reporter.emit({ type: "led", ...pattern }) } : {}),
			...(options.sayAgainSeconds !== undefined ? { repeatCodeEveryMs: options.sayAgainSeconds * 1000 } : {}),
			signal: stopper.controller.signal,
			meteringLimit: 0,
			// Everything is streamed through onEvent/onLog: the runner keeps no copy.
			keepRecords: 0,
			...(network === "ml307"
				? {
						network,
						// A modem that never comes up (no SIM) sends no flow event: --stop-after counts here too.
						onModemStatus: (change: ModemStatusChange) => (stopWhenDue(), reportModemStatus(change)),
						...(options.modemScript ? { modemScript: options.modemScript } : {}),
						...(options.modemRecoversAfterSeconds !== undefined ? { modemRecoversAfterMs: options.modemRecoversAfterSeconds * 1000 } : {}),
					}
				: {}),
		});
		if (options.soundFile !== undefined) reporter.aside(deliverSound(result.speaker, options.soundFile));
		if (options.reportHeap) reportHeap(reporter, heapAtFirstCode, heapUsedBytes(), clock.now() - startedAt);
		return reportOutcome(options, reporter, result, stopper);
	} catch (error) {
		if (!(error instanceof ModemNotRespondingError)) throw error;
		return reporter.end({ outcome: { status: "modem-not-responding", detail: error.message } });
	}
}

function reportHeap(reporter: RunReporter, atFirstCode: number | undefined, atEnd: number, deviceMs: number): void {
	const heap = { type: "heap", atFirstCodeBytes: atFirstCode ?? null, atEndBytes: atEnd, deviceSeconds: Math.round(deviceMs / 1000), gc: typeof (globalThis as { gc?: unknown }).gc === "function" };
	if (reporter.json) reporter.emit(heap);
	else reporter.error(`heap: ${atFirstCode === undefined ? "no code shown" : `${atFirstCode} bytes at the first code`}, ${atEnd} bytes at the end, after ${heap.deviceSeconds} s of device time`);
}

function reportOutcome(options: CliOptions, reporter: RunReporter, result: Awaited<ReturnType<typeof runDeviceOnXs>>, stopper: Stopper): number {
	const { outcome } = result;
	const uart = result.meter.uartBytes;
	const signalExit = stopper.exitCode;
	return reporter.end({
		outcome,
		extra: { meter: { computrons: result.meter.computrons, wallMs: Math.round(result.meter.wallMs), ...(uart ? { uartBytes: uart } : {}) } },
		...(uart && result.modem ? { lines: [`UART: ESP32→modem ${uart.toModem} bytes, modem→ESP32 ${uart.fromModem} bytes (${result.modem.traffic.atCommands} AT commands)`] } : {}),
		...(signalExit !== undefined ? { signalExit } : {}),
		...(outcome.status === "stopped" && signalExit === undefined ? { stopAfterSeconds: options.stopAfterSeconds } : {}),
	});
}

export async function main(argv: readonly string[]): Promise<number> {
	let options: CliOptions | "help";
	let profile: DeviceProfile;
	try {
		options = parseCli(argv);
		if (options === "help") {
			process.stdout.write(USAGE + "\n");
			return 0;
		}
		profile = loadDeviceProfile(options.deviceFile);
	} catch (error) {
		process.stderr.write(`xiaozhi-activate: ${outsideLine((error as Error).message)}\n${error instanceof UsageError ? USAGE + "\n" : ""}`);
		return 2;
	}
	if (options.command === "report") {
		// The body as the device sends it; a profile's DEL or C1 characters \u-escaped (the same JSON) so they never reach the terminal raw.
		process.stdout.write(jsonSafeText(reportForProfile(profile, options.language)) + "\n");
		return 0;
	}
	// Before anything else: a build without the zh-CN glyphs must not pass for a good one.
	const noGlyphs = missingGlyphsProblem();
	if (noGlyphs) process.stderr.write(`xiaozhi-activate: warning: ${noGlyphs}\n`);
	try {
		if (options.board) return await activateBoard({ ...options, ...(options.caFile !== undefined ? { caPem: readCa(options.caFile) } : {}) }, profile);
		return await activate(options, profile);
	} catch (error) {
		const usage = error instanceof UsageError;
		process.stderr.write(`xiaozhi-activate: ${outsideLine((error as Error).message)}\n`);
		return usage ? 2 : 3;
	}
}
