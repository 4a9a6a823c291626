/*
 * Runs the board's own program (main.ts + hosts/esp32s3/platform.ts, unchanged) on the XS
 * engine: the SDK's leaf modules are stood in (desktop/sdk-standins), the modem UART goes to
 * the ML307R simulator inside XS, whose HTTP stack forwards over real HTTPS from Node (to
 * the emulator, or any --ota-url). Node serves NVS, the clock, the natives' profile, the
 * HMAC test key, and records what the board shows: console lines, device events, frames,
 * the hand-over it printed, what its speaker played and what its LED showed. A stop (a
 * signal, or `stopAfterMs` of board time) ends the host call XS is waiting on at once.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { DeviceEvent } from "../../modules/device/device.ts";
import type { ActivationOutcome } from "../../modules/activation/events.ts";
import { ALL_CLIPS, type ClipId } from "../../modules/announcer/clips.ts";
import type { PlayedClip } from "../../modules/announcer/timeline.ts";
import { LED_PATTERNS, type LedPattern } from "../../modules/led/led.ts";
import { sleep, type HttpResult, type HttpTransport, type KeyValueStore, type StoredValue } from "../../modules/activation/interfaces.ts";
import { DEFAULT_OTA_URL } from "../../modules/activation/request.ts";
import { modemFactsOfBoard, type ModemScript } from "../ml307-simulator/simulator.ts";
import { RealClock, type NodeClock } from "../node/clock.ts";
import { NodeRandom, SoftwareSigner, type DeviceProfile } from "../node/device-profile.ts";
import { NodeHttpTransport } from "../node/https-transport.ts";
import { NvsStore } from "../node/nvs-store.ts";
import type { BoardModemReport, BoardNativesJson, BoardSetup, BoardWifiNetwork, BridgeRequest, ButtonAction, LogLevel } from "./bridge-protocol.ts";
import { BoardNetwork } from "./board-network.ts";
import { freeSetupPorts } from "../node/free-port.ts";
import { SOUNDS_DIR } from "../tools/sounds/build.ts";
import { NodeSpeaker, loadInstalledClips } from "../node/speaker.ts";
import type { SoundEvent } from "./run-device.ts";
import { untilStopped } from "./stopper.ts";
import { BOARD_ENTRY, bundleForXs } from "./bundle.ts";
import { startXsWorker, type XsMeter } from "./xs-worker.ts";

export type { ButtonAction, BoardModemReport, BoardWifiNetwork };

/** The network the board run's Wi-Fi has around it by default: the one its build names (ssid=xiaozhi-lab). */
export const LAB_NETWORK: BoardWifiNetwork = Object.freeze({ ssid: "xiaozhi-lab", rssi: -52, channel: 6, authmode: 3, password: "board-run-secret" });
const SETUP_PAGE = new URL("../../modules/wifi-setup/wifi-setup.html", import.meta.url);
const BOARD_MANIFEST = new URL("../../hosts/esp32s3/manifest.json", import.meta.url);

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
	readonly clock?: NodeClock;
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
	/** Told each clip the board's speaker is given and each stop (`atMs`: board ms since power-on). */
	readonly onSound?: (event: SoundEvent) => void;
	/** Told each pattern the board's status LED starts showing. */
	readonly onLed?: (pattern: LedPattern) => void;
	readonly signal?: AbortSignal;
	/** The run stops (as after a signal) once this much board time has passed. */
	readonly stopAfterMs?: number;
}

/** The hand-over the board printed (`[outcome]`, secrets already redacted on the board). */
export type BoardOutcome = ActivationOutcome;

export interface BoardRunResult {
	/** The board's last "activation …" console line, without the prefix: activated, offline, restart, stopped, … */
	readonly status: string;
	readonly events: readonly { readonly event: DeviceEvent; readonly at: number }[];
	readonly frames: readonly BoardFrame[];
	readonly console: readonly string[];
	readonly modem: BoardModemReport;
	readonly meter: XsMeter & { readonly wallMs: number };
	/** What the board handed over, as its console showed it; absent when it never got that far. */
	readonly outcome?: BoardOutcome;
	/** Everything the board's speaker played (`pcm()` for `--sound`). */
	readonly speaker: NodeSpeaker;
	/** True when `stopAfterMs` ended the run. */
	readonly stoppedAfterTime: boolean;
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
const OUTCOME_PREFIX = "[outcome] ";
const SPEAKER_PLAY = "speaker: play ";
const SPEAKER_SILENCE = "speaker: silence ";
const LED_PREFIX = "led: ";
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
		audio: boardAudioDefines(),
		wifi: { networks: options.wifiNetworks ?? [LAB_NETWORK], ip: "192.168.1.77" },
	};
}

/** The board's defines.audioOut, as its manifest builds them. */
function boardAudioDefines(): BoardSetup["audio"] {
	const manifest = JSON.parse(readFileSync(BOARD_MANIFEST, "utf8")) as { defines: { audioOut: BoardSetup["audio"] } };
	const { sampleRate, numChannels, bitsPerSample, streams, queueLength } = manifest.defines.audioOut;
	return { sampleRate, numChannels, bitsPerSample, streams, queueLength };
}

/** A file of the board's resources: the speaker's clips (as installed), the Wi-Fi setup page. */
function boardResource(path: string): Buffer | undefined {
	if (path === "wifi-setup.html") return readFileSync(SETUP_PAGE);
	if (ALL_CLIPS.some((clip) => `${clip}.maud` === path)) return readFileSync(join(SOUNDS_DIR, path));
	return undefined;
}

/** The Node side of one board run: answers the board's bridge calls and keeps what it reports. */
class BoardBridge {
	readonly events: { event: DeviceEvent; at: number }[] = [];
	readonly frames: BoardFrame[] = [];
	readonly consoleLines: string[] = [];
	status = "";
	outcome: BoardOutcome | undefined;
	report: BoardModemReport | undefined;
	crash: Error | undefined;
	stoppedAfterTime = false;
	readonly speaker: NodeSpeaker;
	/** Clips queued on the speaker that have not started yet: told as sound events when they start. */
	#upcoming: PlayedClip[] = [];
	readonly #options: RunBoardOptions;
	readonly #setup: BoardSetup;
	readonly #clock: NodeClock;
	readonly #origin: number;
	readonly #store: KeyValueStore;
	readonly #transport: HttpTransport;
	readonly #signer: SoftwareSigner;
	readonly #random = new NodeRandom();
	/** Aborted by the caller's signal or once `stopAfterMs` of board time has passed. */
	readonly #stop = new AbortController();
	readonly network = new BoardNetwork();

	constructor(options: RunBoardOptions, clock: NodeClock) {
		this.#options = options;
		this.#clock = clock;
		this.#origin = clock.now();

		this.#store = options.store ?? new NvsStore({ initial: options.profile.nvs });
		this.#transport = options.transport ?? new NodeHttpTransport({ ...(options.caPem ? { caPem: options.caPem } : {}), clock, signal: this.#stop.signal });
		this.#signer = SoftwareSigner.forProfile(options.profile);
		// The clips first: a checkout that never ran `npm run sounds` gets them made now, before their headers are read.
		this.speaker = new NodeSpeaker(loadInstalledClips(), () => clock.now());
		this.#setup = boardSetupFor(options);
		const signal = options.signal;
		if (signal?.aborted) this.#stop.abort();
		else signal?.addEventListener("abort", () => this.#stop.abort(), { once: true });
	}

	get stopped(): boolean {
		return this.#stop.signal.aborted;
	}

	/** Board ms since power-on. */
	#boardMs(): number {
		return this.#clock.now() - this.#origin;
	}

	onLine(line: string): ButtonAction | undefined {
		this.tellStartedClips(this.#clock.now());
		this.consoleLines.push(line);
		this.#options.onConsole?.(line);
		if (line.startsWith("activation ")) this.status = line.slice("activation ".length);
		else if (line.startsWith(OUTCOME_PREFIX)) this.outcome = JSON.parse(line.slice(OUTCOME_PREFIX.length)) as BoardOutcome;
		else if (line.startsWith("speaker: ") || line.startsWith(LED_PREFIX)) this.#soundAndLight(line);
		if (!line.startsWith(EVENT_PREFIX)) return undefined;
		const event = JSON.parse(line.slice(EVENT_PREFIX.length)) as DeviceEvent;
		const at = this.#boardMs();
		this.events.push({ event, at });
		return this.#options.onEvent?.(event, at) ?? undefined;
	}

	/** The speaker's and the LED's console lines (desktop/runner/xs/board/host.ts) as the runner's events. */
	#soundAndLight(line: string): void {
		if (line.startsWith(SPEAKER_PLAY)) {
			this.#upcoming.push(this.speaker.play(line.slice(SPEAKER_PLAY.length) as ClipId));
			this.tellStartedClips(this.#clock.now());
		} else if (line.startsWith(SPEAKER_SILENCE)) {
			this.speaker.pause((Number(line.slice(SPEAKER_SILENCE.length)) * 1000) / this.speaker.sampleRate);
		} else if (line === "speaker: flush") {
			// What had not started yet is dropped unheard.
			this.#upcoming = [];
			this.speaker.stop();
			this.#options.onSound?.({ type: "sound", action: "stop", atMs: this.#boardMs() });
		} else if (line.startsWith(LED_PREFIX)) {
			const name = line.slice(LED_PREFIX.length);
			const pattern = LED_PATTERNS.find((each) => each.name === name);
			if (pattern) this.#options.onLed?.(pattern);
		}
	}

	/** Tells the queued clips that have started by `nowMs` (board clock), in order, with the board ms they started at. */
	tellStartedClips(nowMs: number): void {
		while (this.#upcoming.length > 0 && this.#upcoming[0]!.startMs <= nowMs) {
			const entry = this.#upcoming.shift()!;
			this.#options.onSound?.({ type: "sound", action: "play", clip: entry.clip!, atMs: entry.startMs - this.#origin });
		}
	}

	/** Sleeps on the board's clock, to `stopAfterMs` at most, then stops the run; a stop ends the sleep at once. */
	async #sleep(ms: number): Promise<void> {
		const limit = this.#options.stopAfterMs;
		const left = limit === undefined ? Infinity : limit - this.#boardMs();
		await untilStopped(this.#stop.signal, sleep(this.#clock, Math.max(0, Math.min(ms, left))), undefined);
		if (left <= ms && !this.stopped) {
			this.stoppedAfterTime = true;
			this.#stop.abort();
		}
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
				const clock = this.#clock as NodeClock & { advance?: (ms: number) => void };
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
			case "board.resource":
				return boardResource(request.path)?.toString("hex");
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
				return untilStopped(this.#stop.signal, this.#transport.request(request.request), { ok: false, failure: "io", detail: "stopped by the host" } satisfies HttpResult);
			case "clock.now":
				return this.#clock.now();
			case "clock.sleep":
				return this.stopped ? undefined : this.#sleep(request.ms);
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
	const setupPorts = options.config?.setupHttpPort === undefined ? setupServerConfig(await freeSetupPorts()) : {};
	const bridge = new BoardBridge({ ...options, config: { ...setupPorts, ...options.config } }, options.clock ?? new RealClock());
	const script = await bundleForXs(BOARD_ENTRY);
	const worker = await startXsWorker({ handle: (message) => bridge.handle(message), stopRequested: () => bridge.stopped, meteringLimit: 0, name: "xs-board" });
	let meter: XsMeter;
	try {
		meter = await worker.evaluate(script);
	} finally {
		bridge.network.closeAll();
		await worker.close().catch(() => undefined);
	}
	if (bridge.crash) throw bridge.crash;
	// The speaker plays what is queued after the run ended: told with the times it starts.
	bridge.tellStartedClips(Number.POSITIVE_INFINITY);
	if (!bridge.report) throw new Error("the board run ended without its modem report (a promise never settled)");
	const status = bridge.status || (bridge.stopped ? "stopped" : "no outcome");
	return {
		status,
		events: bridge.events,
		frames: bridge.frames,
		console: bridge.consoleLines,
		modem: bridge.report,
		meter: { ...meter, wallMs: performance.now() - started },
		...(bridge.outcome ? { outcome: bridge.outcome } : {}),
		speaker: bridge.speaker,
		stoppedAfterTime: bridge.stoppedAfterTime,
	};
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
