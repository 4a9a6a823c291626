/*
 * Runs the device side of activation on the real XS engine: the core (bundled) runs in
 * an xsnap worker, and every host call crosses to Node, where the Node adapters (HTTPS,
 * NVS file, clock, profile facts, software HMAC) serve it. Tests, the CLI and the
 * benchmarks all go through runDeviceOnXs.
 */
import type { ActivationEvent, ActivationOutcome } from "../../modules/activation/events.ts";
import type {
	ActivationSigner,
	Clock,
	DeviceFactsProvider,
	HttpResult,
	HttpTransport,
	KeyValueStore,
	RandomSource,
	StoredValue,
} from "../../modules/activation/interfaces.ts";
import type { ActivationConfig } from "../../modules/activation/machine.ts";
import { DEFAULT_OTA_URL } from "../../modules/activation/request.ts";
import { RealClock } from "../node/clock.ts";
import { NodeRandom, ProfileFacts, SoftwareSigner, type DeviceProfile } from "../node/device-profile.ts";
import { NodeHttpTransport } from "../node/https-transport.ts";
import { NvsStore } from "../node/nvs-store.ts";
import type { BridgeOp, BridgeRequest, LogLevel } from "./bridge-protocol.ts";
import { DEVICE_ENTRY, bundleForXs } from "./bundle.ts";
import { startXsWorker, type XsMeter } from "./xs-worker.ts";

export interface LogLine {
	readonly level: LogLevel;
	readonly message: string;
}

export interface RunDeviceOptions {
	readonly profile: DeviceProfile;
	/** CONFIG_OTA_URL of the build (an NVS wifi/ota_url still wins). Default: the official server. */
	readonly otaUrl?: string;
	/** CA to trust (PEM); default Node's public roots. Ignored when `transport` is given. */
	readonly caPem?: string;
	/** Default: a RealClock. A VirtualClock shared with the emulator gives virtual time. */
	readonly clock?: Clock;
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
}

export interface DeviceRunMeter extends XsMeter {
	/** Round trips between XS and Node, per operation. */
	readonly bridgeCalls: Readonly<Partial<Record<BridgeOp, number>>>;
	/** Real milliseconds from worker start to outcome. */
	readonly wallMs: number;
}

export interface DeviceRunResult {
	readonly outcome: ActivationOutcome;
	readonly events: readonly ActivationEvent[];
	readonly logs: readonly LogLine[];
	readonly config: ActivationConfig;
	readonly meter: DeviceRunMeter;
}

/** The config a build for this profile would have. */
export function configForProfile(profile: DeviceProfile, otaUrl: string = DEFAULT_OTA_URL): ActivationConfig {
	return { defaultOtaUrl: otaUrl, language: profile.language, boardName: profile.boardName };
}

export async function runDeviceOnXs(options: RunDeviceOptions): Promise<DeviceRunResult> {
	const started = performance.now();
	const { profile } = options;
	const clock = options.clock ?? new RealClock();
	const store = options.store ?? new NvsStore({ initial: profile.nvs });
	const transport = options.transport ?? new NodeHttpTransport({ ...(options.caPem ? { caPem: options.caPem } : {}), clock });
	const facts = options.facts ?? new ProfileFacts(profile);
	const signer = options.signer ?? SoftwareSigner.forProfile(profile);
	const random = options.random ?? new NodeRandom();
	const config: ActivationConfig = { ...configForProfile(profile, options.otaUrl), ...options.config };

	const events: ActivationEvent[] = [];
	const logs: LogLine[] = [];
	const bridgeCalls: Partial<Record<BridgeOp, number>> = {};
	let outcome: ActivationOutcome | undefined;
	let crash: Error | undefined;

	// XS waits on one call at a time: a stop must end that call (a held request, a sleep) at once.
	const signal = options.signal;
	const untilStopped = <T>(work: Promise<T>, stoppedValue: T): Promise<T> => {
		if (!signal) return work;
		if (signal.aborted) return Promise.resolve(stoppedValue);
		return new Promise<T>((resolve, reject) => {
			const onAbort = (): void => resolve(stoppedValue);
			signal.addEventListener("abort", onAbort, { once: true });
			work.then(
				(value) => (signal.removeEventListener("abort", onAbort), resolve(value)),
				(error: unknown) => (signal.removeEventListener("abort", onAbort), reject(error)),
			);
		});
	};

	const handle = async (message: unknown): Promise<unknown> => {
		const request = message as BridgeRequest;
		bridgeCalls[request.op] = (bridgeCalls[request.op] ?? 0) + 1;
		switch (request.op) {
			case "config":
				return config;
			case "http":
				return untilStopped(transport.request(request.request), {
					ok: false,
					failure: "io",
					detail: "stopped by the host",
				} satisfies HttpResult);
			case "clock.now":
				return clock.now();
			case "clock.sleep":
				return untilStopped(clock.sleep(request.ms), undefined);
			case "clock.setWallClock":
				return clock.setWallClock(request.epochMs);
			case "store.get":
				return store.get(request.namespace, request.key);
			case "store.set":
				return store.set(request.namespace, request.key, request.value as StoredValue);
			case "facts.system":
				return facts.system();
			case "facts.board":
				return facts.board();
			case "signer.serialNumber":
				return signer.serialNumber();
			case "signer.hmac":
				return signer.hmacSha256Hex(request.challenge);
			case "random":
				return Array.from(random.bytes(request.count));
			case "log": {
				const line = { level: request.level, message: request.message };
				logs.push(line);
				options.onLog?.(line);
				return undefined;
			}
			case "event":
				events.push(request.event);
				options.onEvent?.(request.event);
				return undefined;
			case "done":
				outcome = request.outcome;
				return undefined;
			case "crashed": {
				crash = new Error(`activation crashed on XS: ${request.name}: ${request.message}`);
				if (request.stack) crash.stack = `${crash.message}\n${request.stack}`;
				return undefined;
			}
			default:
				throw new TypeError(`unknown bridge operation ${(request as { op: unknown }).op}`);
		}
	};

	const script = await bundleForXs(DEVICE_ENTRY);
	const worker = await startXsWorker({
		handle,
		stopRequested: () => options.signal?.aborted ?? false,
		...(options.meteringLimit !== undefined ? { meteringLimit: options.meteringLimit } : {}),
	});
	let meter: XsMeter;
	try {
		meter = await worker.evaluate(script);
	} finally {
		await worker.close().catch(() => undefined);
	}
	if (crash) throw crash;
	if (!outcome) throw new Error("the XS device finished without an outcome (a promise never settled)");
	return { outcome, events, logs, config, meter: { ...meter, bridgeCalls, wallMs: performance.now() - started } };
}
