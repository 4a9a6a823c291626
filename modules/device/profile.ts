/*
 * A device profile (profiles/*.json): the facts a real board would read from its chip,
 * modem and eFuse, so the desktop runners, the tests and the Moddable simulator can play a
 * given device. This is the one checked parse of it, shared by desktop/node (files) and
 * hosts/lin (the simulator's resource); a bad field throws a ProfileError naming it.
 */
import type { BoardFacts, StoredValue, SystemFacts } from "activation/interfaces";

/** NVS contents the device starts with: namespace → key → value. */
export type NvsContents = Record<string, Record<string, StoredValue>>;

export interface DeviceProfile {
	readonly description: string;
	/** Lang::CODE of the build, "zh-CN" or "en-US". */
	readonly language: string;
	/** BOARD_NAME of the build (User-Agent prefix). */
	readonly boardName: string;
	/** NVS contents the device starts with (e.g. board/uuid from an earlier boot). */
	readonly nvs: NvsContents;
	readonly system: SystemFacts;
	readonly board: BoardFacts;
	/** eFuse serial (Activation-Version 2); absent on a v1 device. */
	readonly serialNumber?: string;
	/** TEST key for the software HMAC; only meaningful with serialNumber. */
	readonly hmacKeyHex?: string;
}

export class ProfileError extends Error {
	override name = "ProfileError";
}

type Json = Record<string, unknown>;

function object(value: unknown, where: string): Json {
	if (typeof value !== "object" || value === null || Array.isArray(value))
		throw new ProfileError(`${where}: expected an object`);
	return value as Json;
}
function string(from: Json, key: string, where: string): string {
	const value = from[key];
	if (typeof value !== "string") throw new ProfileError(`${where}.${key}: expected a string`);
	return value;
}
function integer(from: Json, key: string, where: string): number {
	const value = from[key];
	if (typeof value !== "number" || !Number.isInteger(value)) throw new ProfileError(`${where}.${key}: expected an integer`);
	return value;
}
function optional<T>(from: Json, key: string, read: (from: Json, key: string, where: string) => T, where: string): T | undefined {
	return from[key] === undefined ? undefined : read(from, key, where);
}

/** "94:a9:90:2c:84:b8" → [0x94, ...]. */
export function parseMac(text: string): number[] {
	if (!/^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/.test(text)) throw new ProfileError(`bad MAC address "${text}" (want aa:bb:cc:dd:ee:ff)`);
	return text.split(":").map((part) => parseInt(part, 16));
}

function parseSystem(value: unknown): SystemFacts {
	const where = "system";
	const s = object(value, where);
	const chip = object(s.chipInfo, `${where}.chipInfo`);
	const app = object(s.application, `${where}.application`);
	const display = object(s.display, `${where}.display`);
	if (typeof display.monochrome !== "boolean") throw new ProfileError(`${where}.display.monochrome: expected a boolean`);
	const elfSha256 = string(app, "elfSha256", `${where}.application`);
	if (!/^[0-9a-fA-F]{64}$/.test(elfSha256)) throw new ProfileError(`${where}.application.elfSha256: expected 64 hex characters`);
	if (!Array.isArray(s.partitions)) throw new ProfileError(`${where}.partitions: expected an array`);
	return {
		flashSize: integer(s, "flashSize", where),
		minimumFreeHeapSize: integer(s, "minimumFreeHeapSize", where),
		mac: parseMac(string(s, "mac", where)),
		chipModelName: string(s, "chipModelName", where),
		chipInfo: {
			model: integer(chip, "model", `${where}.chipInfo`),
			cores: integer(chip, "cores", `${where}.chipInfo`),
			revision: integer(chip, "revision", `${where}.chipInfo`),
			features: integer(chip, "features", `${where}.chipInfo`),
		},
		application: {
			name: string(app, "name", `${where}.application`),
			version: string(app, "version", `${where}.application`),
			compileDate: string(app, "compileDate", `${where}.application`),
			compileTime: string(app, "compileTime", `${where}.application`),
			idfVersion: string(app, "idfVersion", `${where}.application`),
			elfSha256,
		},
		partitions: s.partitions.map((entry, index) => {
			const w = `${where}.partitions[${index}]`;
			const p = object(entry, w);
			return {
				label: string(p, "label", w),
				type: integer(p, "type", w),
				subtype: integer(p, "subtype", w),
				address: integer(p, "address", w),
				size: integer(p, "size", w),
			};
		}),
		runningPartition: string(s, "runningPartition", where),
		display: {
			monochrome: display.monochrome,
			width: integer(display, "width", `${where}.display`),
			height: integer(display, "height", `${where}.display`),
		},
	};
}

function parseBoard(value: unknown): BoardFacts {
	const where = "board";
	const b = object(value, where);
	if (b.network === "ml307") {
		const c = object(b.cereg, `${where}.cereg`);
		const cereg: { stat: number; tac?: string; ci?: string; AcT?: number } = { stat: integer(c, "stat", `${where}.cereg`) };
		const tac = optional(c, "tac", string, `${where}.cereg`);
		const ci = optional(c, "ci", string, `${where}.cereg`);
		const act = optional(c, "AcT", integer, `${where}.cereg`);
		if (tac !== undefined) cereg.tac = tac;
		if (ci !== undefined) cereg.ci = ci;
		if (act !== undefined) cereg.AcT = act;
		return {
			network: "ml307",
			type: string(b, "type", where),
			name: string(b, "name", where),
			revision: string(b, "revision", where),
			carrier: string(b, "carrier", where),
			csq: integer(b, "csq", where),
			imei: string(b, "imei", where),
			iccid: string(b, "iccid", where),
			cereg,
		};
	}
	if (b.network === "wifi") {
		if (typeof b.provisioning !== "boolean") throw new ProfileError(`${where}.provisioning: expected a boolean`);
		const facts: {
			network: "wifi";
			type: string;
			name: string;
			provisioning: boolean;
			ssid?: string;
			rssi?: number;
			channel?: number;
			ip?: string;
		} = { network: "wifi", type: string(b, "type", where), name: string(b, "name", where), provisioning: b.provisioning };
		const ssid = optional(b, "ssid", string, where);
		const rssi = optional(b, "rssi", integer, where);
		const channel = optional(b, "channel", integer, where);
		const ip = optional(b, "ip", string, where);
		if (ssid !== undefined) facts.ssid = ssid;
		if (rssi !== undefined) facts.rssi = rssi;
		if (channel !== undefined) facts.channel = channel;
		if (ip !== undefined) facts.ip = ip;
		return facts;
	}
	throw new ProfileError(`${where}.network: expected "ml307" or "wifi"`);
}

/** Checks a parsed profile document; throws a ProfileError naming the bad field. */
export function parseDeviceProfile(document: unknown): DeviceProfile {
	const p = object(document, "profile");
	const serialNumber = optional(p, "serialNumber", string, "profile");
	const hmacKeyHex = optional(p, "hmacKeyHex", string, "profile");
	if (hmacKeyHex !== undefined && !/^([0-9a-fA-F]{2})+$/.test(hmacKeyHex))
		throw new ProfileError("profile.hmacKeyHex: expected an even number of hex digits");
	if (serialNumber !== undefined && (serialNumber.length === 0 || serialNumber.length > 31 || serialNumber.includes("\0")))
		throw new ProfileError("profile.serialNumber: expected 1 to 31 characters without NUL (eFuse USER_DATA is 32 bytes)");
	if (serialNumber !== undefined && hmacKeyHex === undefined)
		throw new ProfileError("profile.hmacKeyHex: required when serialNumber is set");
	const nvs = p.nvs === undefined ? {} : object(p.nvs, "profile.nvs");
	const profile: DeviceProfile = {
		description: typeof p.description === "string" ? p.description : "",
		language: string(p, "language", "profile"),
		boardName: string(p, "boardName", "profile"),
		nvs: nvs as NvsContents,
		system: parseSystem(p.system),
		board: parseBoard(p.board),
		...(serialNumber !== undefined ? { serialNumber } : {}),
		...(hmacKeyHex !== undefined ? { hmacKeyHex } : {}),
	};
	return profile;
}

