/*
 * Device profiles: the facts a real board would read from its chip, modem and eFuse,
 * kept in a JSON file (profiles/*.json) so the XS runner, the CLI and the tests can play
 * a given device. This module reads a profile file (the check is modules/device/profile.ts)
 * and turns it into the host interfaces the core takes (facts, signer, random).
 */
import { createHmac, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type {
	ActivationSigner,
	BoardFacts,
	DeviceFactsProvider,
	RandomSource,
	SystemFacts,
} from "../../modules/activation/interfaces.ts";
import { parseDeviceProfile, ProfileError, type DeviceProfile } from "../../modules/device/profile.ts";

export { parseDeviceProfile, parseMac, type DeviceProfile } from "../../modules/device/profile.ts";

export const PROFILES_DIR = fileURLToPath(new URL("../../profiles/", import.meta.url));
/** The captured device (test/fixtures/ota-request-1.json). */
export const DEFAULT_PROFILE_PATH = `${PROFILES_DIR}captured-ml307.json`;

export function loadDeviceProfile(path: string = DEFAULT_PROFILE_PATH): DeviceProfile {
	let text: string;
	try {
		text = readFileSync(path, "utf8");
	} catch (error) {
		throw new ProfileError(`cannot read device profile ${path}: ${(error as Error).message}`, { cause: error });
	}
	let document: unknown;
	try {
		document = JSON.parse(text);
	} catch (error) {
		throw new ProfileError(`device profile ${path} is not JSON: ${(error as Error).message}`, { cause: error });
	}
	try {
		return parseDeviceProfile(document);
	} catch (error) {
		throw new ProfileError(`device profile ${path}: ${(error as Error).message}`, { cause: error });
	}
}

/** Facts straight from the profile; `boardFailure` makes board() reject like a silent modem. */
export class ProfileFacts implements DeviceFactsProvider {
	constructor(
		private readonly profile: DeviceProfile,
		private readonly options: { boardFailure?: string } = {},
	) {}

	system(): SystemFacts {
		return this.profile.system;
	}

	board(): Promise<BoardFacts> {
		if (this.options.boardFailure) return Promise.reject(new Error(this.options.boardFailure));
		return Promise.resolve(this.profile.board);
	}
}

/** The eFuse HMAC done in software with the profile's TEST key. */
export class SoftwareSigner implements ActivationSigner {
	readonly #serialNumber: string | undefined;
	readonly #key: Buffer | undefined;

	constructor(serialNumber?: string, hmacKeyHex?: string) {
		if (serialNumber !== undefined && hmacKeyHex === undefined) throw new TypeError("SoftwareSigner: a serial number needs a key");
		this.#serialNumber = serialNumber;
		this.#key = hmacKeyHex === undefined ? undefined : Buffer.from(hmacKeyHex, "hex");
	}

	static forProfile(profile: DeviceProfile): SoftwareSigner {
		return new SoftwareSigner(profile.serialNumber, profile.hmacKeyHex);
	}

	serialNumber(): string | undefined {
		return this.#serialNumber;
	}

	hmacSha256Hex(challenge: string): string {
		if (!this.#key) throw new Error("no HMAC key (Activation-Version 1 device)");
		return createHmac("sha256", this.#key).update(challenge, "utf8").digest("hex");
	}
}

export class NodeRandom implements RandomSource {
	bytes(count: number): Uint8Array {
		if (!Number.isInteger(count) || count < 0 || count > 65536) throw new RangeError(`random bytes: bad count ${count}`);
		return new Uint8Array(randomBytes(count));
	}
}
