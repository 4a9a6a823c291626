/*
 * Runs the device side of activation on the real XS engine: the core (bundled) runs in
 * an xsnap worker, and every host call crosses to Node, where the Node adapters (HTTPS,
 * NVS file, clock, profile facts, software HMAC) serve it. Tests, the CLI and the
 * benchmarks all go through runDeviceOnXs.
 *
 * Networks: by default ("direct") XS's HTTP goes straight to Node's HTTPS transport and
 * the board facts are the profile's, whatever network the profile describes. With
 * `network: "ml307"` the simulated ML307R runs inside XS in front of that transport: the
 * device brings the modem up and every request crosses the (counted) UART as AT+MHTTP.
 */
import type { ActivationEvent, ActivationOutcome } from "../../modules/activation/events.ts";
import {
	sleep,
	type ActivationSigner,
	type DeviceFactsProvider,
	type HttpResult,
	type HttpTransport,
	type KeyValueStore,
	type RandomSource,
	type StoredValue,
} from "../../modules/activation/interfaces.ts";
import type { ActivationConfig } from "../../modules/activation/machine.ts";
import { MODEM_MESSAGES, type ModemStatus } from "../../modules/ml307/messages.ts";
import { modemFactsOfBoard, type ModemFacts, type ModemScript } from "../ml307-simulator/simulator.ts";
import { DEFAULT_OTA_URL } from "../../modules/activation/request.ts";
import { ALL_CLIPS } from "../../modules/announcer/clips.ts";
import { RealClock, type NodeClock } from "../node/clock.ts";
import { NodeRandom, ProfileFacts, SoftwareSigner, type DeviceProfile } from "../node/device-profile.ts";
import { NodeHttpTransport } from "../node/https-transport.ts";
import { NvsStore } from "../node/nvs-store.ts";
import type { AudioSetup, BridgeOp, BridgeRequest, LogLevel, ModemSetup, ModemTraffic, UartBytes } from "./bridge-protocol.ts";
import { DEVICE_ENTRY, MODEM_DEVICE_ENTRY, bundleForXs } from "./bundle.ts";
import { startXsWorker, type XsMeter } from "./xs-worker.ts";
import { untilStopped } from "./stopper.ts";
import { NodeSpeaker, loadInstalledClips } from "../node/speaker.ts";
import type { LedPattern } from "../../modules/led/led.ts";
import type { PlayedClip } from "../../modules/announcer/timeline.ts";

/**
 * What the speaker did, for `--json` and `onSound`; `atMs` is device-clock ms since the run
 * started: for a play, when the clip starts playing (after what was queued before it), told
 * once the device's clock has reached it (or at the end of the run); a clip dropped by a stop
 * before it started is not told.
 */
export type SoundEvent =
	| { readonly type: "sound"; readonly action: "play"; readonly clip: string; readonly atMs: number }
	| { readonly type: "sound"; readonly action: "stop"; readonly atMs: number };

export interface LogLine {
	readonly level: LogLevel;
	readonly message: string;
}

export type { ModemScript, ModemTraffic, UartBytes };

/**
 * "direct": Node's HTTPS transport and the profile's board facts (the default).
 * "ml307": through the simulated ML307R inside XS (4G mode).
 */
export type RunNetwork = "direct" | "ml307";

/** One state of the modem bring-up, as the device showed it. */
export interface ModemStatusChange {
	readonly status: ModemStatus;
	readonly detail: string;
	/** The firmware's text in the build's language (请插入 SIM 卡, …); empty for "ready". */
	readonly message: string;
	/** Device-clock ms since the 4G program started. */
	readonly atMs: number;
}

/** The modem never answered (模组初始化失败): the device has no network at all. */
export class ModemNotRespondingError extends Error {
	override name = "ModemNotRespondingError";
}

export interface RunDeviceOptions {
	readonly profile: DeviceProfile;
	/** CONFIG_OTA_URL of the build (an NVS wifi/ota_url still wins). Default: the official server. */
	readonly otaUrl?: string;
	/** CA to trust (PEM); default Node's public roots. Ignored when `transport` is given. */
	readonly caPem?: string;
	/** Default: a RealClock. A VirtualClock shared with the emulator gives virtual time. */
	readonly clock?: NodeClock;
	/** Default: an in-memory NvsStore seeded with the profile's `nvs`. */
	readonly store?: KeyValueStore;
	readonly transport?: HttpTransport;
	readonly facts?: DeviceFactsProvider;
	readonly signer?: ActivationSigner;
	readonly random?: RandomSource;
	/** Overrides of the config built from the profile (language, boardName, timeouts, policy). */
	readonly config?: Partial<ActivationConfig>;
	readonly onEvent?: (event: ActivationEvent) => void;
	readonly onLog?: (line: LogLine) => void;
	/** Aborting it stops the flow like a BOOT press (outcome "stopped"). */
	readonly signal?: AbortSignal;
	/** XS computron limit for the whole run; default 1e9, 0 = none. */
	readonly meteringLimit?: number;
	/** Another xsnap-worker, e.g. one with the board's stack (desktop/runner/board-worker.ts). */
	readonly xsnapBinary?: string;
	/** Default "direct". */
	readonly network?: RunNetwork;
	/**
	 * How many of the newest events, log lines and modem states the result keeps (default
	 * 5000 each), so a run of any length holds bounded memory. 0 keeps none: a caller that
	 * streams them through onEvent/onLog/onModemStatus (the CLI) needs no copy.
	 */
	readonly keepRecords?: number;
	/**
	 * ML307 only: the simulated modem's script (faults such as `{ sim: "absent" }`). Its
	 * facts default to the profile's modem facts when the profile is a 4G one.
	 */
	readonly modemScript?: ModemScript;
	/** ML307 only: device-clock ms after which the scripted SIM, registration and HTTP faults clear. */
	readonly modemRecoversAfterMs?: number;
	/** ML307 only: told each bring-up state (detecting, registering, no-sim, …). */
	readonly onModemStatus?: (change: ModemStatusChange) => void;
	/** Told each clip the speaker plays and each stop. */
	readonly onSound?: (event: SoundEvent) => void;
	/** Told each LED pattern the device shows. */
	readonly onLed?: (pattern: LedPattern) => void;
	/** The announcer says a pending code again this long after its last readout; default 0 (never). */
	readonly repeatCodeEveryMs?: number;
	/** The announcer reads a code's digits a second time after the first (default true, as the board's config.announceCodeTwice). */
	readonly readCodeTwice?: boolean;
}

export interface DeviceRunMeter extends XsMeter {
	/** Round trips between XS and Node, per operation. */
	readonly bridgeCalls: Readonly<Partial<Record<BridgeOp, number>>>;
	/** Real milliseconds from worker start to outcome. */
	readonly wallMs: number;
	/** ML307 only: bytes on the UART for the whole run, bring-up included. */
	readonly uartBytes?: UartBytes;
}

/** ML307 only: what happened on the modem side. */
export interface ModemRunReport {
	readonly statuses: readonly ModemStatusChange[];
	readonly traffic: ModemTraffic;
}

export interface DeviceRunResult {
	readonly outcome: ActivationOutcome;
	/** The newest `keepRecords` events (all of them in any short run). */
	readonly events: readonly ActivationEvent[];
	/** The newest `keepRecords` log lines. */
	readonly logs: readonly LogLine[];
	readonly config: ActivationConfig;
	readonly meter: DeviceRunMeter;
	/** Present with `network: "ml307"`. */
	readonly modem?: ModemRunReport;
	/** Everything the speaker played (`speaker.pcm()`), clip by clip. */
	readonly speaker: NodeSpeaker;
	/** Every LED pattern shown, in order. */
	readonly leds: readonly LedPattern[];
}

/** The config a build for this profile would have. */
export function configForProfile(profile: DeviceProfile, otaUrl: string = DEFAULT_OTA_URL): ActivationConfig {
	return { defaultOtaUrl: otaUrl, language: profile.language, boardName: profile.boardName };
}

/** The simulator answers with the profile's modem facts, so a 4G profile's report is its own. */
function modemFactsOf(profile: DeviceProfile): Partial<ModemFacts> {
	return modemFactsOfBoard(profile.board);
}

function modemSetupFor(options: RunDeviceOptions): ModemSetup {
	const recoversAfterMs = options.modemRecoversAfterMs;
	if (recoversAfterMs !== undefined && !(Number.isFinite(recoversAfterMs) && recoversAfterMs >= 0))
		throw new RangeError(`modemRecoversAfterMs must be a number of ms >= 0, got ${recoversAfterMs}`);
	const script = options.modemScript ?? {};
	const { profile } = options;
	return {
		script: { ...script, facts: { ...modemFactsOf(profile), ...script.facts } },
		board: { type: profile.board.type, name: profile.board.name },
		...(recoversAfterMs !== undefined ? { recoversAfterMs } : {}),
	};
}

const DEFAULT_KEEP_RECORDS = 5000;

/** Appends, dropping the oldest once `limit` are held. */
function keepNewest<T>(records: T[], record: T, limit: number): void {
	if (limit <= 0) return;
	records.push(record);
	if (records.length > limit) records.splice(0, records.length - limit);
}

export async function runDeviceOnXs(options: RunDeviceOptions): Promise<DeviceRunResult> {
	const started = performance.now();
	const run = new DeviceRun(options);
	const script = await bundleForXs(run.modemSetup ? MODEM_DEVICE_ENTRY : DEVICE_ENTRY);
	const worker = await startXsWorker({
		handle: (message) => run.handle(message),
		stopRequested: () => options.signal?.aborted ?? false,
		...(options.meteringLimit !== undefined ? { meteringLimit: options.meteringLimit } : {}),
		...(options.xsnapBinary !== undefined ? { binary: options.xsnapBinary } : {}),
	});
	let meter: XsMeter;
	try {
		meter = await worker.evaluate(script);
	} finally {
		await worker.close().catch(() => undefined);
	}
	return run.result(meter, started);
}

type RequestOf<Op extends BridgeOp> = Extract<BridgeRequest, { readonly op: Op }>;

/** One run's Node side: the adapters XS calls through the bridge and what the device reported. */
class DeviceRun {
	/** Present with `network: "ml307"`. */
	readonly modemSetup: ModemSetup | undefined;
	readonly #options: RunDeviceOptions;
	readonly #clock: NodeClock;
	readonly #store: KeyValueStore;
	readonly #transport: HttpTransport;
	readonly #keep: number;
	readonly #facts: DeviceFactsProvider;
	readonly #signer: ActivationSigner;
	readonly #random: RandomSource;
	readonly #config: ActivationConfig;
	readonly #events: ActivationEvent[] = [];
	readonly #logs: LogLine[] = [];
	readonly #bridgeCalls: Partial<Record<BridgeOp, number>> = {};
	readonly #modemStatuses: ModemStatusChange[] = [];
	readonly #runStartMs: number;
	readonly #speaker: NodeSpeaker;
	/** Clips queued on the speaker that have not started yet on the device clock (told when they do). */
	#upcoming: PlayedClip[] = [];
	readonly #leds: LedPattern[] = [];
	#outcome: ActivationOutcome | undefined;
	#crash: Error | undefined;
	#modemTraffic: ModemTraffic | undefined;
	#modemDown: string | undefined;

	constructor(options: RunDeviceOptions) {
		const { profile } = options;
		this.#options = options;
		const network = options.network ?? "direct";
		if (network !== "direct" && network !== "ml307") throw new TypeError(`network must be "direct" or "ml307", got ${JSON.stringify(network)}`);
		if (network !== "ml307" && (options.modemScript !== undefined || options.modemRecoversAfterMs !== undefined || options.onModemStatus !== undefined))
			throw new TypeError('modemScript, modemRecoversAfterMs and onModemStatus need network: "ml307"');
		this.modemSetup = network === "ml307" ? modemSetupFor(options) : undefined;
		const clock = options.clock ?? new RealClock();
		this.#clock = clock;
		this.#store = options.store ?? new NvsStore({ initial: profile.nvs });
		this.#transport =
			options.transport ?? new NodeHttpTransport({ ...(options.caPem ? { caPem: options.caPem } : {}), clock, ...(options.signal ? { signal: options.signal } : {}) });
		this.#keep = options.keepRecords ?? DEFAULT_KEEP_RECORDS;
		if (!(Number.isInteger(this.#keep) && this.#keep >= 0)) throw new RangeError(`keepRecords must be an integer >= 0, got ${this.#keep}`);
		this.#facts = options.facts ?? new ProfileFacts(profile);
		this.#signer = options.signer ?? SoftwareSigner.forProfile(profile);
		this.#random = options.random ?? new NodeRandom();
		this.#config = { ...configForProfile(profile, options.otaUrl), ...options.config };
		this.#runStartMs = clock.now();
		this.#speaker = new NodeSpeaker(loadInstalledClips(), () => clock.now());
	}

	/** Answers one bridge call from XS. */
	async handle(message: unknown): Promise<unknown> {
		const request = message as BridgeRequest;
		this.#bridgeCalls[request.op] = (this.#bridgeCalls[request.op] ?? 0) + 1;
		this.#tellStartedClips(this.#clock.now());
		switch (request.op) {
			case "config":
				return this.#config;
			case "http":
				return this.#untilStopped(this.#transport.request(request.request), {
					ok: false,
					failure: "io",
					detail: "stopped by the host",
				} satisfies HttpResult);
			case "clock.now":
				return this.#clock.now();
			case "clock.sleep":
				return this.#untilStopped(sleep(this.#clock, request.ms), undefined);
			case "clock.setWallClock":
				return this.#clock.setWallClock(request.epochMs);
			case "store.get":
				return this.#store.get(request.namespace, request.key);
			case "store.set":
				return this.#store.set(request.namespace, request.key, request.value as StoredValue);
			case "facts.system":
				return this.#facts.system();
			case "facts.board":
				return this.#facts.board();
			case "signer.serialNumber":
				return this.#signer.serialNumber();
			case "signer.hmac":
				return this.#signer.hmacSha256Hex(request.challenge);
			case "random":
				return Array.from(this.#random.bytes(request.count));
			case "log":
			case "event":
			case "done":
			case "crashed":
				this.#report(request);
				return undefined;
			case "modem.setup":
			case "modem.status":
			case "modem.down":
			case "modem.traffic":
				return this.#modem(request);
			case "audio.setup":
			case "audio.play":
			case "audio.pause":
			case "audio.stop":
			case "led":
				return this.#soundAndLight(request);
			default:
				throw new TypeError(`unknown bridge operation ${(request as { op: unknown }).op}`);
		}
	}

	#untilStopped<T>(work: Promise<T>, stoppedValue: T): Promise<T> {
		return untilStopped(this.#options.signal, work, stoppedValue);
	}

	#report(request: RequestOf<"log" | "event" | "done" | "crashed">): void {
		switch (request.op) {
			case "log": {
				const line = { level: request.level, message: request.message };
				keepNewest(this.#logs, line, this.#keep);
				this.#options.onLog?.(line);
				return;
			}
			case "event":
				keepNewest(this.#events, request.event, this.#keep);
				this.#options.onEvent?.(request.event);
				return;
			case "done":
				this.#outcome = request.outcome;
				return;
			case "crashed": {
				const crash = new Error(`activation crashed on XS: ${request.name}: ${request.message}`);
				if (request.stack) crash.stack = `${crash.message}\n${request.stack}`;
				this.#crash = crash;
				return;
			}
		}
	}

	#modem(request: RequestOf<"modem.setup" | "modem.status" | "modem.down" | "modem.traffic">): ModemSetup | undefined {
		switch (request.op) {
			case "modem.setup":
				if (!this.modemSetup) throw new TypeError("modem.setup in a run without the modem");
				return this.modemSetup;
			case "modem.status": {
				const message = MODEM_MESSAGES[request.status];
				const change: ModemStatusChange = {
					status: request.status,
					detail: request.detail,
					message: this.#config.language.startsWith("zh") ? message.zh : message.en,
					atMs: request.atMs,
				};
				keepNewest(this.#modemStatuses, change, this.#keep);
				this.#options.onModemStatus?.(change);
				return undefined;
			}
			case "modem.down":
				this.#modemDown = request.detail;
				return undefined;
			case "modem.traffic":
				this.#modemTraffic = request.traffic;
				return undefined;
		}
	}

	/** Tells the queued clips that have started by `nowMs`, in order. */
	#tellStartedClips(nowMs: number): void {
		while (this.#upcoming.length > 0 && this.#upcoming[0]!.startMs <= nowMs) {
			const entry = this.#upcoming.shift()!;
			this.#options.onSound?.({ type: "sound", action: "play", clip: entry.clip!, atMs: entry.startMs - this.#runStartMs });
		}
	}

	#soundAndLight(request: RequestOf<"audio.setup" | "audio.play" | "audio.pause" | "audio.stop" | "led">): unknown {
		const options = this.#options;
		const speaker = this.#speaker;
		switch (request.op) {
			case "audio.setup":
				return {
					clipMs: Object.fromEntries(ALL_CLIPS.map((clip) => [clip, speaker.clipMs(clip)])),
					repeatEveryMs: options.repeatCodeEveryMs ?? 0,
					readCodeTwice: options.readCodeTwice ?? true,
				} satisfies AudioSetup;
			case "audio.play":
				this.#upcoming.push(speaker.play(request.clip));
				this.#tellStartedClips(this.#clock.now());
				return undefined;
			case "audio.pause":
				speaker.pause(request.ms);
				return undefined;
			case "audio.stop":
				// What had not started yet is dropped unheard.
				this.#upcoming = [];
				speaker.stop();
				options.onSound?.({ type: "sound", action: "stop", atMs: this.#clock.now() - this.#runStartMs });
				return undefined;
			case "led":
				this.#leds.push(request.pattern);
				options.onLed?.(request.pattern);
				return undefined;
		}
	}

	/** The run's result once XS has finished, or why it has none. */
	result(meter: XsMeter, started: number): DeviceRunResult {
		if (this.#crash) throw this.#crash;
		// The speaker plays what is queued after the flow ended: told with the times it starts.
		this.#tellStartedClips(Number.POSITIVE_INFINITY);
		if (this.#modemDown !== undefined) throw new ModemNotRespondingError(`${MODEM_MESSAGES["not-responding"].en}: ${this.#modemDown}`);
		const outcome = this.#outcome;
		if (!outcome) throw new Error("the XS device finished without an outcome (a promise never settled)");
		const wallMs = performance.now() - started;
		const [events, logs, config, speaker, leds, bridgeCalls] = [this.#events, this.#logs, this.#config, this.#speaker, this.#leds, this.#bridgeCalls] as const;
		if (!this.modemSetup) return { outcome, events, logs, config, meter: { ...meter, bridgeCalls, wallMs }, speaker, leds };
		const modemTraffic = this.#modemTraffic;
		if (!modemTraffic) throw new Error("the XS device ran in 4G mode but reported no UART traffic");
		return {
			outcome,
			events,
			logs,
			config,
			meter: { ...meter, bridgeCalls, wallMs, uartBytes: modemTraffic.total },
			modem: { statuses: this.#modemStatuses, traffic: modemTraffic },
			speaker,
			leds,
		};
	}
}
