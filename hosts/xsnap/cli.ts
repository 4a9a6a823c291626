/*
 * xiaozhi-activate: activates a device profile on the real XS engine, against the
 * embedded emulator (default) or a given OTA URL. Run through bin/xiaozhi-activate.js.
 * Exit status: 0 activated, 1 not activated (offline / gave up), 2 bad usage,
 * 3 internal failure, 130 stopped (Ctrl-C).
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { ActivationEvent, ActivationOutcome, FailureReason, ServerSettings } from "../../modules/activation/events.ts";
import type { Clock, StoredValue } from "../../modules/activation/interfaces.ts";
import { buildReport, formatMac } from "../../modules/activation/report.ts";
import { formatUuidV4 } from "../../modules/activation/settings.ts";
import { startEmulator, type Emulator, type EmulatorProfile } from "../../emulator/server.ts";
import { RealClock, VirtualClock } from "../node/clock.ts";
import { DEFAULT_PROFILE_PATH, NodeRandom, loadDeviceProfile, type DeviceProfile } from "../node/device-profile.ts";
import { NvsStore } from "../node/nvs-store.ts";
import { FrameSink } from "../../tools/frames.ts";
import { screenLanguage } from "../../modules/screens/strings.ts";
import type { NetworkPhase } from "../../modules/screens/view.ts";
import { deliverSound } from "./sound-out.ts";
import type { LedPattern } from "../../modules/led/led.ts";
import { ModemNotRespondingError, runDeviceOnXs, type LogLine, type ModemScript, type ModemStatusChange, type RunNetwork } from "./run-device.ts";

const USAGE = `usage: xiaozhi-activate [options]          activate a device on the XS engine
       xiaozhi-activate report [--device FILE] [--lang L]   print the status-query body, no network
options:
  --ota-url URL           use this server instead of the embedded emulator
  --ca FILE               PEM CA to trust for --ota-url (default: public roots)
  --device FILE           device profile (default profiles/captured-ml307.json)
  --lang zh-CN|en-US      language of the build (default: the profile's)
  --nvs FILE              keep the device's NVS in this JSON file between runs
  --json                  one JSON object per line on stdout
  --auto-bind SECONDS     embedded emulator binds the code by itself after this long
  --profile official|manager|single   embedded emulator behaviour (default official)
  --verbose               print the device log on stderr
  --virtual-time          run on virtual time (device and embedded emulator): waits and
                          back-offs take no real time
  --network ml307|wifi    ml307: 4G through the simulated ML307R modem inside XS (AT
                          commands over a counted UART, the modem's HTTP stack);
                          wifi: direct HTTPS, needs a Wi-Fi profile. Without it: direct
                          HTTPS with the profile's board facts (also for 4G profiles)
  --modem-script JSON     ml307 only: the simulated modem's script, e.g. '{"sim":"absent"}',
                          '{"registration":"denied"}', '{"http":{"errBeforeHeader":4}}'
  --modem-recovers-after SECONDS   ml307 only: the scripted faults clear after this long
                          (SIM inserted, network accepts, HTTP stack healthy)
  --screen / --no-screen  draw the 128x32 OLED frames in the terminal (default: on a terminal)
  --frames DIR            also write every new OLED frame as DIR/NNN-<screen>.png
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

class UsageError extends Error {
	override name = "UsageError";
}

/** MQTT/WebSocket members whose values are not secrets; every other value is redacted. */
const PUBLIC_SETTING_KEYS = new Set(["endpoint", "url", "client_id", "publish_topic", "subscribe_topic", "keepalive", "version"]);

export function redactSettings(values: Readonly<Record<string, StoredValue>>): Record<string, StoredValue> {
	const out: Record<string, StoredValue> = {};
	for (const [key, value] of Object.entries(values)) out[key] = PUBLIC_SETTING_KEYS.has(key) ? value : "<redacted>";
	return out;
}

function redactedOutcome(outcome: ActivationOutcome): unknown {
	if (outcome.status === "stopped") return outcome;
	const settings: ServerSettings = { ...outcome.settings, mqtt: redactSettings(outcome.settings.mqtt), websocket: redactSettings(outcome.settings.websocket) };
	return { ...outcome, settings };
}

function reasonText(reason: FailureReason): string {
	return reason.kind === "http-status" ? `HTTP ${reason.status} (${reason.detail})` : `${reason.kind}: ${reason.detail}`;
}

function settingsLine(name: string, values: Readonly<Record<string, StoredValue>>): string {
	const entries = Object.entries(redactSettings(values)).map(([key, value]) => `${key}=${value}`);
	return `  ${name}: ${entries.length ? entries.join(" ") : "(none)"}`;
}

interface CliOptions {
	readonly command: "activate" | "report";
	readonly otaUrl?: string;
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
	/** `--sound`: a WAV file to write, or "-" to play it. */
	readonly soundFile?: string;
	readonly sayAgainSeconds?: number;
}

export function parseCli(argv: readonly string[]): CliOptions | "help" {
	let parsed;
	try {
		parsed = parseArgs({
			args: [...argv],
			allowPositionals: true,
			options: {
				"ota-url": { type: "string" },
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
				sound: { type: "string" },
				"say-again": { type: "string" },
				help: { type: "boolean", short: "h", default: false },
			},
		});
	} catch (error) {
		throw new UsageError((error as Error).message, { cause: error });
	}
	const { values, positionals } = parsed;
	if (values.help) return "help";
	if (positionals.length > 1 || (positionals[0] !== undefined && positionals[0] !== "report"))
		throw new UsageError(`unknown command ${JSON.stringify(positionals.join(" "))}`);
	const command = positionals[0] === "report" ? "report" : "activate";
	const language = values.lang;
	if (language !== undefined && language !== "zh-CN" && language !== "en-US") throw new UsageError(`--lang must be zh-CN or en-US, got ${JSON.stringify(language)}`);
	const profile = values.profile ?? "official";
	if (profile !== "official" && profile !== "manager" && profile !== "single")
		throw new UsageError(`--profile must be official, manager or single, got ${JSON.stringify(profile)}`);
	let autoBindSeconds: number | undefined;
	if (values["auto-bind"] !== undefined) {
		autoBindSeconds = Number(values["auto-bind"]);
		if (!Number.isFinite(autoBindSeconds) || autoBindSeconds < 0) throw new UsageError(`--auto-bind must be a number of seconds >= 0, got ${JSON.stringify(values["auto-bind"])}`);
	}
	const otaUrl = values["ota-url"];
	if (otaUrl !== undefined) {
		if (!/^https?:\/\/[^/]+/.test(otaUrl)) throw new UsageError(`--ota-url must be an http(s) URL, got ${JSON.stringify(otaUrl)}`);
		if (values["auto-bind"] !== undefined || values.profile !== undefined)
			throw new UsageError("--auto-bind and --profile drive the embedded emulator; they cannot go with --ota-url");
	}
	if (values.ca !== undefined && otaUrl === undefined) throw new UsageError("--ca goes with --ota-url (the embedded emulator brings its own CA)");
	const network = values.network;
	if (network !== undefined && network !== "ml307" && network !== "wifi") throw new UsageError(`--network must be ml307 or wifi, got ${JSON.stringify(network)}`);
	if (network !== "ml307" && (values["modem-script"] !== undefined || values["modem-recovers-after"] !== undefined))
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
	}
	let modemRecoversAfterSeconds: number | undefined;
	if (values["modem-recovers-after"] !== undefined) {
		modemRecoversAfterSeconds = Number(values["modem-recovers-after"]);
		if (!Number.isFinite(modemRecoversAfterSeconds) || modemRecoversAfterSeconds < 0)
			throw new UsageError(`--modem-recovers-after must be a number of seconds >= 0, got ${JSON.stringify(values["modem-recovers-after"])}`);
	}
	const sayAgainSeconds = values["say-again"] === undefined ? undefined : Number(values["say-again"]);
	if (sayAgainSeconds !== undefined && !(Number.isFinite(sayAgainSeconds) && sayAgainSeconds >= 0))
		throw new UsageError(`--say-again must be a number of seconds >= 0, got ${JSON.stringify(values["say-again"])}`);
	if (values.screen && values["no-screen"]) throw new UsageError("--screen and --no-screen contradict each other");
	const screen = values.screen ? true : values["no-screen"] ? false : undefined;
	return {
		command,
		...(screen !== undefined ? { screen } : {}),
		...(values.frames !== undefined ? { framesDir: values.frames } : {}),
		...(values.sound !== undefined ? { soundFile: values.sound } : {}),
		...(sayAgainSeconds !== undefined ? { sayAgainSeconds } : {}),
		...(otaUrl !== undefined ? { otaUrl } : {}),
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
	};
}

/** The status-query body the profile's device would send (what `report` prints). */
export function reportForProfile(profile: DeviceProfile, language: string = profile.language): string {
	const stored = profile.nvs.board?.uuid;
	const uuid = typeof stored === "string" ? stored : formatUuidV4(new NodeRandom().bytes(16));
	return buildReport(profile.system, profile.board, { uuid, language });
}

async function activate(options: CliOptions, profile: DeviceProfile): Promise<number> {
	if (options.network === "wifi" && profile.board.network !== "wifi")
		throw new UsageError(`--network wifi needs a Wi-Fi profile (e.g. profiles/wifi.json); ${options.deviceFile} describes a ${profile.board.network} board`);
	const network: RunNetwork = options.network === "ml307" ? "ml307" : "direct";
	const out = (line: string): void => void process.stdout.write(line + "\n");
	const emit = (object: unknown): void => out(JSON.stringify(object));
	const clock: Clock = options.virtualTime ? new VirtualClock(0) : new RealClock();
	let emulator: Emulator | undefined;
	let caPem: string | undefined;
	let otaUrl = options.otaUrl;
	if (options.caFile !== undefined) {
		try {
			caPem = readFileSync(options.caFile, "utf8");
		} catch (error) {
			throw new UsageError(`cannot read --ca ${options.caFile}: ${(error as Error).message}`, { cause: error });
		}
		if (!caPem.includes("-----BEGIN CERTIFICATE-----")) throw new UsageError(`--ca ${options.caFile} holds no PEM certificate`);
	}
	if (otaUrl === undefined) {
		emulator = await startEmulator({
			profile: options.emulatorProfile,
			...(options.virtualTime ? { clock: clock as VirtualClock } : {}),
			...(options.autoBindSeconds !== undefined ? { autoBindAfterMs: options.autoBindSeconds * 1000 } : {}),
			// Like the official server's long-poll: the device hears about the bind within the hold.
			...(options.emulatorProfile === "official" ? { holdActivateMs: 25000 } : {}),
		});
		otaUrl = emulator.otaUrl;
		caPem = emulator.caPem;
		if (options.json) emit({ type: "emulator", profile: options.emulatorProfile, otaUrl, consoleUrl: emulator.consoleUrl });
		else {
			out(`Embedded Xiaozhi emulator (${options.emulatorProfile}) at ${otaUrl}`);
			out(`Console: ${emulator.consoleUrl}${options.autoBindSeconds !== undefined ? ` (binds by itself after ${options.autoBindSeconds} s)` : ""}`);
		}
	}

	const controller = new AbortController();
	const onSignal = (): void => {
		if (controller.signal.aborted) process.exit(130);
		controller.abort();
	};
	process.on("SIGINT", onSignal);
	process.on("SIGTERM", onSignal);

	const device = `${profile.boardName}/${profile.system.application.version} ${formatMac(profile.system.mac)}`;
	const via =
		network === "ml307"
			? "4G through the simulated ML307R"
			: options.network === "wifi"
				? "Wi-Fi (direct HTTPS)"
				: `direct HTTPS with the profile's ${profile.board.network} facts${profile.board.network === "ml307" ? "; --network ml307 goes through the simulated modem" : ""}`;
	if (!options.json) out(`Device ${device} on the XS engine, ${via}${options.virtualTime ? " (virtual time)" : ""}`);
	let lastModemStatus: ModemStatusChange["status"] | undefined;
	const drawInTerminal = !options.json && (options.screen ?? process.stdout.isTTY === true);
	const oled =
		drawInTerminal || options.framesDir
			? new FrameSink({
					language: screenLanguage(options.language ?? profile.language),
					...(options.framesDir ? { framesDir: options.framesDir } : {}),
					write: drawInTerminal ? (text: string) => void process.stdout.write(text) : null,
				})
			: undefined;
	const onModemStatus = (change: ModemStatusChange): void => {
		const phase = MODEM_SCREEN_PHASES[change.status];
		if (phase) oled?.showView({ kind: "network", phase, detail: change.detail });
		if (options.json) return emit({ type: "modem", ...change });
		// Each retry round starts with "registering": show it once, the alerts every round.
		const repeatedWait = change.status === "registering" && lastModemStatus !== undefined && lastModemStatus !== "detecting";
		lastModemStatus = change.status;
		if (repeatedWait) return;
		const detail = change.detail ? ` (${change.detail})` : "";
		if (change.status === "ready") out(`Modem: ready${change.detail ? `, IP ${change.detail}` : ""}`);
		else if (change.status === "no-sim" || change.status === "registration-denied") out(`Modem: ${change.message}${detail}; retry in 10 s`);
		else out(`Modem: ${change.message}${detail}`);
	};
	let shownCode: string | undefined;
	const onEvent = (event: ActivationEvent): void => {
		oled?.onEvent(event);
		if (options.json) return emit(event);
		// The stop itself ends the pending request; that is no failure worth showing.
		if (controller.signal.aborted && (event.type === "activate-failed" || event.type === "check-failed")) return;
		switch (event.type) {
			case "checking":
				if (event.attempt > 1) out(`Checking ${event.host} (attempt ${event.attempt}/${event.maxAttempts})`);
				else out(`Checking ${event.host}`);
				break;
			case "check-failed":
				out(`Check failed: ${reasonText(event.reason)}${event.retryInMs ? `; retry in ${event.retryInMs / 1000} s` : ""}`);
				break;
			case "code":
				if (event.code !== shownCode) {
					shownCode = event.code;
					out(`Activation code: ${event.code}${event.replaced ? " (new code)" : ""}`);
					if (emulator) out(`Enter it at ${emulator.consoleUrl}`);
					else if (event.message) out(`Server says: ${event.message.replace(/\n/g, " ")}`);
				}
				break;
			case "activate-failed":
				out(`Activation attempt ${event.attempt} failed: ${reasonText(event.reason)}`);
				break;
			case "warning":
				out(`Warning: ${event.message}`);
				break;
			case "firmware":
				if (event.newer) out(`Server offers firmware ${event.version}`);
				break;
			case "activated":
				out(event.viaCode ? "Activated: the code was entered." : "Activated: the server already knows this device.");
				break;
			default:
				break;
		}
	};
	const onLog = (line: LogLine): void => {
		if (options.verbose) process.stderr.write(`[${line.level}] ${line.message}\n`);
	};

	try {
		const store = new NvsStore({ initial: profile.nvs, ...(options.nvsFile ? { file: options.nvsFile } : {}) });
		const result = await runDeviceOnXs({
			profile,
			otaUrl,
			...(caPem !== undefined ? { caPem } : {}),
			clock,
			store,
			...(options.language ? { config: { language: options.language } } : {}),
			onEvent,
			onLog,
			...(options.json ? { onSound: emit, onLed: (pattern: LedPattern) => emit({ type: "led", ...pattern }) } : {}),
			...(options.sayAgainSeconds !== undefined ? { repeatCodeEveryMs: options.sayAgainSeconds * 1000 } : {}),
			signal: controller.signal,
			meteringLimit: 0,
			...(network === "ml307"
				? {
						network,
						onModemStatus,
						...(options.modemScript ? { modemScript: options.modemScript } : {}),
						...(options.modemRecoversAfterSeconds !== undefined ? { modemRecoversAfterMs: options.modemRecoversAfterSeconds * 1000 } : {}),
					}
				: {}),
		});
		const { outcome } = result;
		if (options.soundFile !== undefined) {
			const soundLine = deliverSound(result.speaker, options.soundFile);
			if (options.json) process.stderr.write(`${soundLine}\n`);
			else out(soundLine);
		}
		const uart = result.meter.uartBytes;
		if (options.json)
			emit({
				type: "outcome",
				outcome: redactedOutcome(outcome),
				meter: { computrons: result.meter.computrons, wallMs: Math.round(result.meter.wallMs), ...(uart ? { uartBytes: uart } : {}) },
			});
		else if (uart && result.modem)
			out(`UART: ESP32→modem ${uart.toModem} bytes, modem→ESP32 ${uart.fromModem} bytes (${result.modem.traffic.atCommands} AT commands)`);
		if (outcome.status === "activated") {
			if (!options.json) {
				out(`Protocol: ${outcome.settings.protocol}`);
				out(settingsLine("mqtt", outcome.settings.mqtt));
				out(settingsLine("websocket", outcome.settings.websocket));
			}
			return 0;
		}
		if (outcome.status === "stopped") {
			process.stderr.write("stopped before activation\n");
			return 130;
		}
		process.stderr.write(`not activated: ${reasonText(outcome.reason)}\n`);
		return 1;
	} catch (error) {
		if (!(error instanceof ModemNotRespondingError)) throw error;
		if (options.json) emit({ type: "outcome", outcome: { status: "modem-not-responding", detail: error.message } });
		process.stderr.write(`not activated: ${error.message}\n`);
		return 1;
	} finally {
		process.off("SIGINT", onSignal);
		process.off("SIGTERM", onSignal);
		await emulator?.close();
	}
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
		process.stderr.write(`xiaozhi-activate: ${(error as Error).message}\n${error instanceof UsageError ? USAGE + "\n" : ""}`);
		return 2;
	}
	if (options.command === "report") {
		process.stdout.write(reportForProfile(profile, options.language) + "\n");
		return 0;
	}
	try {
		return await activate(options, profile);
	} catch (error) {
		const usage = error instanceof UsageError;
		process.stderr.write(`xiaozhi-activate: ${(error as Error).message}\n`);
		return usage ? 2 : 3;
	}
}
