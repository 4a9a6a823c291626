/*
 * A simulated device on the Node engine: the device composition (modules/device, the same
 * as the board's) with the Node host adapters (real HTTPS, NVS-rule store, virtual clock)
 * against a running emulator.
 * The XS twin of this is desktop/runner; these tests pin the flow's behaviour on Node.
 */
import type { ActivationConfig } from "../../modules/activation/machine.ts";
import type { ActivationEvent, ActivationOutcome } from "../../modules/activation/events.ts";
import { isFlowEvent, startDevice, type Device } from "../../modules/device/device.ts";
import { VirtualClock } from "../../desktop/node/clock.ts";
import { nodeDeviceParts } from "../../desktop/node/device-parts.ts";
import { NodeHttpTransport } from "../../desktop/node/https-transport.ts";
import { NvsStore } from "../../desktop/node/nvs-store.ts";
import { loadDeviceProfile, ProfileFacts, PROFILES_DIR, type DeviceProfile } from "../../desktop/node/device-profile.ts";
import type { Emulator } from "../../desktop/emulator/server.ts";

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
	/** Called for every event, e.g. to act on the emulator at a given point (or stop the device, like a BOOT press). */
	readonly onEvent?: (event: ActivationEvent, device: Device) => void;
	readonly boardFailure?: string;
}

export function profile(name = "captured-ml307"): DeviceProfile {
	return loadDeviceProfile(`${PROFILES_DIR}${name}.json`);
}

/** The device composition (modules/device) on Node: HTTPS to the emulator, the profile's facts, a virtual clock. */
export async function runDevice(emulator: Emulator, options: DeviceOptions = {}): Promise<SimulatedRun> {
	const device = profile(options.profile);
	const clock = options.clock ?? new VirtualClock();
	const store = options.store ?? new NvsStore({ initial: device.nvs });
	const log: string[] = [];
	const facts = new ProfileFacts(device, options.boardFailure ? { boardFailure: options.boardFailure } : {});
	const events: ActivationEvent[] = [];
	const composed: Device = startDevice(
		nodeDeviceParts({
			profile: device,
			otaUrl: options.otaUrl ?? emulator.otaUrl,
			clock,
			store,
			network: { kind: "stack", stack: { http: new NodeHttpTransport({ caPem: emulator.caPem, clock }), board: () => facts.board() } },
			...(options.config ? { config: options.config } : {}),
			log: {
				info: (m) => log.push("I " + m),
				warn: (m) => log.push("W " + m),
				error: (m) => log.push("E " + m),
			},
			onEvent(event) {
				if (!isFlowEvent(event)) return;
				events.push(event);
				options.onEvent?.(event, composed);
			},
		}),
	);
	const outcome = await composed.run();
	if (outcome.status === "restart" || outcome.status === "no-network") throw new Error(`unexpected device outcome ${outcome.status}`);
	return { outcome, events, log, store, clock };
}

export function eventTypes(events: readonly ActivationEvent[]): string[] {
	return events.filter((e) => e.type !== "countdown").map((e) => e.type);
}
