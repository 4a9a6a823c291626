/*
 * The simulator's device profile (profiles/*.json, copied into the app as the resource
 * "device-profile.json" by tools/moddable-sim/run.ts): what a real board would read from its
 * chip, modem and eFuse. Parsed once; shapes are checked where the simulator uses them.
 */
import Resource from "Resource";
import type { BoardFacts, SystemFacts } from "activation/interfaces";

export interface SimProfile {
	readonly description: string;
	readonly language: string;
	readonly boardName: string;
	/** NVS contents the device starts with: namespace → key → value. */
	readonly nvs: Readonly<Record<string, Readonly<Record<string, string | number>>>>;
	readonly system: SystemFacts;
	readonly board: BoardFacts;
	readonly serialNumber?: string;
	/** TEST key standing in for eFuse KEY0 (a real chip never reveals its key). */
	readonly hmacKeyHex?: string;
}

const PROFILE_RESOURCE = "device-profile.json";

function object(value: unknown, where: string): Record<string, unknown> {
	if (typeof value !== "object" || value === null || Array.isArray(value)) throw new TypeError(`device profile: ${where} must be an object`);
	return value as Record<string, unknown>;
}

export function parseProfile(text: string): SimProfile {
	const profile = object(JSON.parse(text), "the profile");
	const system = object(profile.system, "system");
	object(system.chipInfo, "system.chipInfo");
	object(system.application, "system.application");
	if (!Array.isArray(system.partitions)) throw new TypeError("device profile: system.partitions must be an array");
	if (typeof system.mac !== "string") throw new TypeError("device profile: system.mac must be a string like 94:a9:90:2c:84:b8");
	const board = object(profile.board, "board");
	if (board.network !== "ml307" && board.network !== "wifi") throw new TypeError("device profile: board.network must be ml307 or wifi");
	const nvs = object(profile.nvs ?? {}, "nvs");
	for (const name of Object.keys(nvs)) object(nvs[name], `nvs.${name}`);
	if (profile.serialNumber !== undefined && typeof profile.serialNumber !== "string") throw new TypeError("device profile: serialNumber must be a string");
	if (profile.hmacKeyHex !== undefined && typeof profile.hmacKeyHex !== "string") throw new TypeError("device profile: hmacKeyHex must be a string");
	return profile as unknown as SimProfile;
}

// run-time state: the profile, read from its resource on first use (a preloaded module keeps a RAM pointer for it).
let loaded: SimProfile | undefined;

export function simProfile(): SimProfile {
	if (!loaded) {
		if (!Resource.exists(PROFILE_RESOURCE)) throw new Error(`the simulator build has no ${PROFILE_RESOURCE} (build it with tools/moddable-sim.ts)`);
		loaded = parseProfile(String.fromArrayBuffer(new Resource(PROFILE_RESOURCE).slice(0)));
	}
	return loaded;
}
