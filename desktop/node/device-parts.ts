/*
 * The device composition's parts on Node, from a device profile: the profile's chip facts,
 * its software HMAC, Node's randomness, the given store and clock, and one network (a
 * ready stack such as Node's HTTPS with the profile's board facts, or a simulated ML307R
 * that the composition brings up). Used by the Node tests and the benches, so they run
 * the same composition as the board.
 */
import type { ActivationConfig } from "../../modules/activation/machine.ts";
import type { KeyValueStore, Log, Timers, WallClock } from "../../modules/activation/interfaces.ts";
import type { DeviceEvent, DeviceParts, NetworkOption } from "../../modules/device/device.ts";
import type { ButtonInput } from "../../modules/device/boot-button.ts";
import { NodeRandom, ProfileFacts, SoftwareSigner, type DeviceProfile } from "./device-profile.ts";

export interface NodeDeviceOptions {
	readonly profile: DeviceProfile;
	readonly otaUrl: string;
	/** The device's time and its wall clock (a VirtualClock or a RealClock). */
	readonly clock: Timers & WallClock;
	readonly store: KeyValueStore;
	/** The one network, whichever NVS network/type says. */
	readonly network: NetworkOption;
	readonly config?: Partial<ActivationConfig>;
	readonly log?: Log;
	readonly button?: ButtonInput;
	readonly onEvent?: (event: DeviceEvent) => void;
	readonly bringUp?: DeviceParts["bringUp"];
}

const silentLog: Log = { info() {}, warn() {}, error() {} };

export function nodeDeviceParts(options: NodeDeviceOptions): DeviceParts {
	const { profile } = options;
	const facts = new ProfileFacts(profile);
	return {
		config: {
			defaultOtaUrl: options.otaUrl,
			language: profile.language,
			boardName: profile.boardName,
			boardType: profile.board.type,
			...options.config,
		},
		store: options.store,
		timers: options.clock,
		wallClock: options.clock,
		log: options.log ?? silentLog,
		signer: SoftwareSigner.forProfile(profile),
		random: new NodeRandom(),
		system: () => facts.system(),
		networks: { ml307: () => options.network, wifi: () => options.network },
		...(options.button ? { button: options.button } : {}),
		...(options.onEvent ? { onEvent: options.onEvent } : {}),
		...(options.bringUp ? { bringUp: options.bringUp } : {}),
	};
}
