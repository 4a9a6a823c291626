/*
 * Runs the board's own program (main.ts + hosts/esp32s3/platform.ts, unchanged) on the XS
 * engine: the SDK's leaf modules are stood in (desktop/runner/xs/board), the modem UART goes to
 * the ML307R simulator inside XS, whose HTTP stack forwards over real HTTPS from Node (to
 * the emulator, or any --ota-url). Node serves NVS, the clock, the natives' profile, the
 * HMAC test key, and records what the board shows: console lines, device events, frames.
 */
import type { DeviceEvent } from "../../modules/device/device.ts";
import type { Clock, HttpResult, HttpTransport, KeyValueStore, StoredValue } from "../../modules/activation/interfaces.ts";
import { DEFAULT_OTA_URL } from "../../modules/activation/request.ts";
import { modemFactsOfBoard, type ModemScript } from "../ml307-simulator/simulator.ts";
import { RealClock } from "../node/clock.ts";
import { NodeRandom, SoftwareSigner, type DeviceProfile } from "../node/device-profile.ts";
import { NodeHttpTransport } from "../node/https-transport.ts";
import { NvsStore } from "../node/nvs-store.ts";
import type { BoardModemReport, BoardNativesJson, BoardSetup, BoardWifiNetwork, BridgeRequest, ButtonAction, LogLevel } from "./bridge-protocol.ts";
import { BoardNetwork } from "./board-network.ts";
import { freeSetupPorts } from "../node/free-port.ts";
import { readFileSync } from "node:fs";
import { writeMaudHeader } from "../../modules/announcer/maud.ts";
import { loadInstalledClips } from "../node/speaker.ts";
import { BOARD_ENTRY, bundleForXs } from "./bundle.ts";
import { startXsWorker, type XsMeter } from "./xs-worker.ts";

export type { ButtonAction, BoardModemReport, BoardWifiNetwork };

/** The network the board run's Wi-Fi has around it by default: the one its build names (ssid=xiaozhi-lab). */
export const LAB_NETWORK: BoardWifiNetwork = Object.freeze({ ssid: "xiaozhi-lab", rssi: -52, channel: 6, authmode: 3, password: "board-run-secret" });
const SETUP_PAGE = new URL("../../modules/wifi-setup/wifi-setup.html", import.meta.url);

export interface BoardFrame {
	/** 512 bytes, rows of 16, MSB = leftmost pixel, 1 = lit (modules/screens/frame.ts). */
	readonly frame: Uint8Array;
	/** Board ms since power-on (the first boot). */
	readonly at: number;
}

export interface RunBoardOptions {
	readonly profile: DeviceProfile;
	/** CONFIG_OTA_URL of the build (mc/config otaUrl). */
	readonly otaUrl?: string;
	/** PEM the Node side trusts for the forwarded HTTPS (the emulator's CA). */
	readonly caPem?: string;
	readonly clock?: Clock;
	/** NVS; kept across the board's reboots. Default: the profile's. */
	readonly store?: KeyValueStore;
	readonly transport?: HttpTransport;
	/** mc/config language (default the profile's). */
	readonly language?: string;
	/** More mc/config entries (ssid, password, network, …). */
	readonly config?: Readonly<Record<string, string | number>>;
	/** The simulated ML307R's script; `baud` is the rate it sits at when the board powers on (default 921600). */
	readonly modemScript?: ModemScript;
	/** Board ms after which the scripted SIM, registration, HTTP and hang faults clear. */
	readonly modemRecoversAfterMs?: number;
	/**
	 * The Wi-Fi networks around the board (scans, joins). Given, the build names no network
	 * (no ssid=), so Wi-Fi mode with nothing in NVS opens setup mode; default: the lab network
	 * the build names.
	 */
	readonly wifiNetworks?: readonly BoardWifiNetwork[];
	/** Reboots to follow (a double-click reboots); default 3. */
	readonly maxRestarts?: number;
	/** Every device event the board prints on its console; the answer presses BOOT. */
	readonly onEvent?: (event: DeviceEvent, atMs: number) => ButtonAction | void;
	readonly onFrame?: (frame: BoardFrame) => void;
	readonly onConsole?: (line: string) => void;
	readonly signal?: AbortSignal;
}

export interface BoardRunResult {
	/** The board's last "activation …" console line, without the prefix: activated, offline, restart, stopped, … */
	readonly status: string;
	readonly events: readonly { readonly event: DeviceEvent; readonly at: number }[];
	readonly frames: readonly BoardFrame[];
	readonly console: readonly string[];
	readonly modem: BoardModemReport;
	readonly meter: XsMeter & { readonly wallMs: number };
}

/** The raw shapes the board's C natives return, from a device profile. */
export function nativesForProfile(profile: DeviceProfile): BoardNativesJson {
	const { system } = profile;
	const hex = (text: string): number[] => Array.from({ length: text.length / 2 }, (_, i) => parseInt(text.slice(i * 2, i * 2 + 2), 16));
	const serial = new Uint8Array(32);
	if (profile.serialNumber) serial.set(new TextEncoder().encode(profile.serialNumber).subarray(0, 32));
	return {
		chip: { modelName: system.chipModelName, ...system.chipInfo },
		flashSize: system.flashSize,
		minimumFreeHeap: system.minimumFreeHeapSize,
		staMac: [...system.mac],
		app: {
			name: system.application.name,
			version: system.application.version,
			date: system.application.compileDate,
			time: system.application.compileTime,
			idfVersion: system.application.idfVersion,
			elfSha256: hex(system.application.elfSha256),
		},
		partitions: system.partitions.map((partition) => ({ ...partition })),
		runningPartition: system.runningPartition,
		efuseSerial: [...serial],
	};
}

/** The modem answers with the profile's own facts when it describes a 4G board. */
function modemFacts(profile: DeviceProfile): ModemScript["facts"] {
	return modemFactsOfBoard(profile.board);
}

const EVENT_PREFIX = "[event] ";
const LOG_LINE = /^\[activation\] (info|warn|error): /;

/**
 * Where Wi-Fi setup mode's servers listen in a board run: free ports on 127.0.0.1 (the board's
 * own 80 and 53 need root here), and the page's address that goes with them.
 */
export function setupServerConfig(ports: { readonly http: number; readonly dns: number }): Record<string, string | number> {
	return { setupHttpPort: ports.http, setupDnsPort: ports.dns, setupPageUrl: `http://127.0.0.1:${ports.http}/` };
}

/** What the board entry asks for first: its mc/config, natives, modem script and station. */
function boardSetupFor(options: RunBoardOptions): BoardSetup {
	const { profile } = options;
	const script = options.modemScript ?? {};
	return {
		config: {
			otaUrl: options.otaUrl ?? DEFAULT_OTA_URL,
			language: options.language ?? profile.language,
			boardType: profile.board.type,
			boardName: profile.boardName,
			...(options.wifiNetworks ? {} : { ssid: LAB_NETWORK.ssid, password: LAB_NETWORK.password! }),
			...options.config,
		},
		natives: nativesForProfile(profile),
		modem: {
			script: { ...script, facts: { ...modemFacts(profile), ...script.facts } },
			board: { type: profile.board.type, name: profile.board.name },
			...(options.modemRecoversAfterMs !== undefined ? { recoversAfterMs: options.modemRecoversAfterMs } : {}),
		},
		maxRestarts: options.maxRestarts ?? 3,
		clipHeaders: clipHeaders(),
		wifi: { networks: options.wifiNetworks ?? [LAB_NETWORK], ip: "192.168.1.77" },
		resources: { "wifi-setup.html": readFileSync(SETUP_PAGE).toString("hex") },
	};
}

/** The Node side of one board run: answers the board's bridge calls and keeps what it reports. */
class BoardBridge {
	readonly events: { event: DeviceEvent; at: number }[] = [];
	readonly frames: BoardFrame[] = [];
	readonly consoleLines: string[] = [];
	status = "";
	report: BoardModemReport | undefined;
	crash: Error | undefined;
	readonly #options: RunBoardOptions;
	readonly #setup: BoardSetup;
	readonly #clock: Clock & { sleep(ms: number): Promise<void> };
	readonly #origin: number;
	readonly #store: KeyValueStore;
	readonly #transport: HttpTransport;
	readonly #signer: SoftwareSigner;
	readonly #random = new NodeRandom();
	readonly network = new BoardNetwork();

	constructor(options: RunBoardOptions, clock: Clock & { sleep(ms: number): Promise<void> }) {
		this.#options = options;
		this.#clock = clock;
		this.#origin = clock.now();
		this.#setup = boardSetupFor(options);
		this.#store = options.store ?? new NvsStore({ initial: options.profile.nvs });
		this.#transport = options.transport ?? new NodeHttpTransport({ ...(options.caPem ? { caPem: options.caPem } : {}), clock });
		this.#signer = SoftwareSigner.forProfile(options.profile);
	}

	onLine(line: string): ButtonAction | undefined {
		this.consoleLines.push(line);
		this.#options.onConsole?.(line);
		if (line.startsWith("activation ")) this.status = line.slice("activation ".length);
		if (!line.startsWith(EVENT_PREFIX)) return undefined;
		const event = JSON.parse(line.slice(EVENT_PREFIX.length)) as DeviceEvent;
		const at = this.#clock.now() - this.#origin;
		this.events.push({ event, at });
		return this.#options.onEvent?.(event, at) ?? undefined;
	}

	async #net(request: Extract<BridgeRequest, { op: `net.${string}` }>): Promise<unknown> {
		const network = this.network;
		switch (request.op) {
			case "net.listen":
				return network.listen(request.port);
			case "net.udp":
				return network.udp(request.port);
			case "net.write":
				return network.write(request.id, request.hex);
			case "net.send":
				return network.send(request.id, request.address, request.port, request.hex);
			case "net.close":
				return network.close(request.id);
			case "net.wait": {
				const waited = await network.wait(request.ms);
				// Virtual time keeps step with what a person at the page took.
				const clock = this.#clock as Clock & { advance?: (ms: number) => void };
				clock.advance?.(Math.min(waited.elapsedMs, request.ms));
				return waited;
			}
		}
	}

	async handle(message: unknown): Promise<unknown> {
		const request = message as BridgeRequest;
		switch (request.op) {
			case "board.setup":
				return this.#setup;
			case "board.trace":
				return this.onLine(request.line);
			case "board.frame": {
				const entry = { frame: Uint8Array.from(Buffer.from(request.hex, "hex")), at: request.at };
				this.frames.push(entry);
				this.#options.onFrame?.(entry);
				return undefined;
			}
			case "board.report":
				this.report = request.report;
				return undefined;
			case "http":
				return this.#transport.request(request.request).then((result: HttpResult) => result);
			case "clock.now":
				return this.#clock.now();
			case "clock.sleep":
				return this.#options.signal?.aborted ? undefined : this.#clock.sleep(request.ms);
			case "store.get":
				return this.#store.get(request.namespace, request.key);
			case "store.set":
				return this.#store.set(request.namespace, request.key, request.value as StoredValue);
			case "store.remove":
				if (!this.#store.remove) throw new Error("this run's store cannot erase keys");
				return void this.#store.remove(request.namespace, request.key);
			case "signer.hmac":
				return this.#signer.hmacSha256Hex(request.challenge);
			case "random":
				return Array.from(this.#random.bytes(request.count));
			case "log": {
				const level: LogLevel = request.level;
				this.onLine(`[activation] ${level}: ${request.message}`);
				return undefined;
			}
			case "net.listen":
			case "net.udp":
			case "net.write":
			case "net.send":
			case "net.close":
			case "net.wait":
				return this.#net(request);
			case "crashed":
				this.crash = new Error(`the board crashed on XS: ${request.name}: ${request.message}`);
				if (request.stack) this.crash.stack = `${this.crash.message}\n${request.stack}`;
				return undefined;
			default:
				throw new TypeError(`the board run has no bridge operation ${request.op}`);
		}
	}
}

export async function runBoardOnXs(options: RunBoardOptions): Promise<BoardRunResult> {
	const started = performance.now();
	const signal = options.signal;
	const setupPorts = options.config?.setupHttpPort === undefined ? setupServerConfig(await freeSetupPorts()) : {};
	const bridge = new BoardBridge({ ...options, config: { ...setupPorts, ...options.config } }, options.clock ?? new RealClock());
	const script = await bundleForXs(BOARD_ENTRY);
	const worker = await startXsWorker({ handle: (message) => bridge.handle(message), stopRequested: () => signal?.aborted ?? false, meteringLimit: 0, name: "xs-board" });
	let meter: XsMeter;
	try {
		meter = await worker.evaluate(script);
	} finally {
		bridge.network.closeAll();
		await worker.close().catch(() => undefined);
	}
	if (bridge.crash) throw bridge.crash;
	if (!bridge.report) throw new Error("the board run ended without its modem report (a promise never settled)");
	const status = bridge.status || (signal?.aborted ? "stopped" : "no outcome");
	return { status, events: bridge.events, frames: bridge.frames, console: bridge.consoleLines, modem: bridge.report, meter: { ...meter, wallMs: performance.now() - started } };
}

/** Console lines of the board's log (TraceLog), with their level. */
export function logLines(lines: readonly string[]): { level: LogLevel; message: string }[] {
	const out: { level: LogLevel; message: string }[] = [];
	for (const line of lines) {
		const match = LOG_LINE.exec(line);
		if (match) out.push({ level: match[1] as LogLevel, message: line.slice(match[0].length) });
	}
	return out;
}

/** The MAUD headers of the install-time clips (what the board's speaker reads to time them). */
function clipHeaders(): Record<string, number[]> {
	const { sampleRate, clips } = loadInstalledClips();
	const headers: Record<string, number[]> = {};
	for (const [id, samples] of clips) headers[`${id}.maud`] = [...writeMaudHeader({ sampleRate, bitsPerSample: 16, channels: 1, format: "pcm", sampleCount: samples.length })];
	return headers;
}
