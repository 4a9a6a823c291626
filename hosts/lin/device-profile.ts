/*
 * The simulator's device profile (profiles/*.json, copied into the app as the resource
 * "device-profile.json" by desktop/tools/moddable-sim/run.ts): what a real board would read from its
 * chip, modem and eFuse. Parsed and checked once, by modules/device/profile.ts.
 */
import Resource from "Resource";
import { parseDeviceProfile, type DeviceProfile } from "device/profile";

export type SimProfile = DeviceProfile;

const PROFILE_RESOURCE = "device-profile.json";

/** The profile resource's text, checked by the same parse the desktop runners use. */
export function parseProfile(text: string): SimProfile {
	try {
		return parseDeviceProfile(JSON.parse(text));
	} catch (error) {
		throw new TypeError(`device profile: ${(error as Error).message}`, { cause: error });
	}
}

// run-time state: the profile, read from its resource on first use (a preloaded module keeps a RAM pointer for it).
let loaded: SimProfile | undefined;

export function simProfile(): SimProfile {
	if (!loaded) {
		if (!Resource.exists(PROFILE_RESOURCE)) throw new Error(`the simulator build has no ${PROFILE_RESOURCE} (build it with desktop/tools/moddable-sim/run.ts)`);
		loaded = parseProfile(String.fromArrayBuffer(new Resource(PROFILE_RESOURCE).slice(0)));
	}
	return loaded;
}
