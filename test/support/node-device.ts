/*
 * A simulated device on the Node engine: the core's ActivationFlow with the Node host
 * adapters (real HTTPS, NVS-rule store, virtual clock) against a running emulator.
 * The XS twin of this is hosts/xsnap; these tests pin the flow's behaviour on Node.
 */
import { ActivationFlow, type ActivationConfig } from "../../modules/activation/machine.ts";
import type { ActivationEvent, ActivationOutcome } from "../../modules/activation/events.ts";
import type { ActivationHost } from "../../modules/activation/interfaces.ts";
import { VirtualClock } from "../../hosts/node/clock.ts";
import { NodeHttpTransport } from "../../hosts/node/https-transport.ts";
import { NvsStore } from "../../hosts/node/nvs-store.ts";
import { loadDeviceProfile, NodeRandom, ProfileFacts, SoftwareSigner, PROFILES_DIR, type DeviceProfile } from "../../hosts/node/device-profile.ts";
import type { Emulator } from "../../emulator/server.ts";

export interface SimulatedRun {
	readonly outcome: ActivationOutcome;
	readonly events: ActivationEvent[];
	readonly log: string[];
	readonly store: NvsStore;
	readonly clock: VirtualClock;
}

export interface DeviceOptions {
	readonly profile?: string;
	readonly store?: NvsStore;
	readonly clock?: VirtualClock;
	readonly config?: Partial<ActivationConfig>;
	readonly otaUrl?: string;
	/** Called for every event, e.g. to act on the emulator at a given point. */
	readonly onEvent?: (event: ActivationEvent, flow: ActivationFlow) => void;
	readonly boardFailure?: string;
}

export function profile(name = "captured-ml307"): DeviceProfile {
	return loadDeviceProfile(`${PROFILES_DIR}${name}.json`);
}

export async function runDevice(emulator: Emulator, options: DeviceOptions = {}): Promise<SimulatedRun> {
	const device = profile(options.profile);
	const clock = options.clock ?? new VirtualClock();
	const store = options.store ?? new NvsStore({ initial: device.nvs });
	const log: string[] = [];
	const host: ActivationHost = {
		http: new NodeHttpTransport({ caPem: emulator.caPem, clock }),
		store,
		clock,
		facts: new ProfileFacts(device, options.boardFailure ? { boardFailure: options.boardFailure } : {}),
		signer: SoftwareSigner.forProfile(device),
		random: new NodeRandom(),
		log: {
			info: (m) => log.push("I " + m),
			warn: (m) => log.push("W " + m),
			error: (m) => log.push("E " + m),
		},
	};
	const events: ActivationEvent[] = [];
	const flow = new ActivationFlow(
		host,
		{ defaultOtaUrl: options.otaUrl ?? emulator.otaUrl, language: device.language, boardName: device.boardName, ...options.config },
		(event) => {
			events.push(event);
			options.onEvent?.(event, flow);
		},
	);
	const outcome = await flow.run();
	return { outcome, events, log, store, clock };
}

export function eventTypes(events: readonly ActivationEvent[]): string[] {
	return events.filter((e) => e.type !== "countdown").map((e) => e.type);
}
