/*
 * What the activation flow keeps in NVS, under the official firmware's names: the OTA URL
 * override (wifi/ota_url), the client UUID (board/uuid), and the server's mqtt and
 * websocket members (namespaces mqtt and websocket). Writes happen only after an answer
 * was fully validated, only for values that changed, within a budget per namespace, and
 * never erase anything.
 */

import type { KeyValueStore, Log, RandomSource, StoredValue } from "activation/interfaces";
import type { ServerSettings } from "activation/events";
import { FIRMWARE_MEMBERS, memberNameProblem, type CheckAnswer } from "activation/response";
import { utf8Length } from "activation/nvs-rules";

export const NVS_KEYS = Object.freeze({
	otaUrl: Object.freeze(["wifi", "ota_url"] as const),
	uuid: Object.freeze(["board", "uuid"] as const),
	networkType: Object.freeze(["network", "type"] as const),
});

/** Members the firmware's protocols read: they always have room, and stored ones are handed on when an answer had none. */
const KNOWN_MEMBERS = FIRMWARE_MEMBERS;

function safeGet(store: KeyValueStore, namespace: string, key: string, log: Log): StoredValue | undefined {
	try {
		return store.get(namespace, key);
	} catch (error) {
		log.warn(`cannot read ${namespace}/${key}: ${(error as Error).message}`);
		return undefined;
	}
}

/** The stored override, else the configured default (the firmware's GetCheckVersionUrl). */
export function resolveOtaUrl(store: KeyValueStore, defaultUrl: string, log: Log): string {
	const stored = safeGet(store, NVS_KEYS.otaUrl[0], NVS_KEYS.otaUrl[1], log);
	return typeof stored === "string" && stored.length > 0 ? stored : defaultUrl;
}

const HEX = "0123456789abcdef";

/** RFC 4122 version 4 from 16 random bytes, lower-case 8-4-4-4-12. */
export function formatUuidV4(bytes: Uint8Array): string {
	if (bytes.length < 16) throw new RangeError("a UUID needs 16 random bytes");
	let text = "";
	for (let i = 0; i < 16; i++) {
		let byte = bytes[i]!;
		if (i === 6) byte = (byte & 0x0f) | 0x40;
		if (i === 8) byte = (byte & 0x3f) | 0x80;
		if (i === 4 || i === 6 || i === 8 || i === 10) text += "-";
		text += HEX[byte >> 4]! + HEX[byte & 15]!;
	}
	return text;
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** board/uuid, created once: a UUID v4 from the hardware RNG, stored before it is first sent. */
export function ensureClientId(store: KeyValueStore, random: RandomSource, log: Log): string {
	const [namespace, key] = NVS_KEYS.uuid;
	const stored = safeGet(store, namespace, key, log);
	if (typeof stored === "string" && UUID_PATTERN.test(stored)) return stored;
	if (stored !== undefined) log.warn(`${namespace}/${key} does not hold a UUID; making a new one`);
	const uuid = formatUuidV4(random.bytes(16));
	try {
		store.set(namespace, key, uuid);
	} catch (error) {
		log.error(`cannot store ${namespace}/${key}: ${(error as Error).message}; this boot uses an unsaved UUID`);
	}
	return uuid;
}

/**
 * What one namespace may hold of the server's members. The firmware reads 7 mqtt and 3
 * websocket members; 12 leaves room for new ones. 1,024 bytes (names + values, a string
 * counted with its NUL, an integer as 4) is four times the captured answers' 250. NVS stores
 * a string as one 32-byte entry plus one per 32 bytes of value, so a full namespace costs
 * at most ~56 entries (+8 for its index): both together stay under one of the 16 KB
 * partition's three usable 4 KB pages (the fourth is NVS's own spare), leaving two for Wi-Fi
 * credentials and the firmware's other settings. Nothing stored is ever erased to make room.
 *
 * The budget is split so that junk can never crowd out what the firmware needs: the names
 * it reads (KNOWN_MEMBERS, exactly as spelled: `Endpoint` is another name) always have
 * their slots and `knownBytes` between them; every other name shares what is left: the
 * remaining slots (5 in mqtt, 9 in websocket) and `otherBytes`.
 */
export const SERVER_MEMBER_BUDGET = Object.freeze({ members: 12, bytes: 1024, knownBytes: 768, otherBytes: 256 });
/**
 * Per namespace, the names this module has stored there (comma-separated), so the budget
 * counts members of earlier answers too (NVS cannot list keys portably). `~` is not in the
 * alphabet of server member names (response.ts memberNameProblem), so no member collides.
 */
export const MEMBER_INDEX_KEY = "~members";

type ServerNamespace = "mqtt" | "websocket";

/** Whether the firmware reads `name` in `namespace` (exact spelling, as NVS keys are). */
export function isKnownMember(namespace: ServerNamespace, name: string): boolean {
	return KNOWN_MEMBERS[namespace].includes(name);
}

function memberBytes(key: string, value: StoredValue | undefined): number {
	if (value === undefined) return 0;
	return utf8Length(key) + (typeof value === "string" ? utf8Length(value) + 1 : 4);
}

/** Names stored in the namespace: its index, or (before the first index) the known members present. */
function storedNames(store: KeyValueStore, namespace: ServerNamespace, log: Log): string[] {
	const index = safeGet(store, namespace, MEMBER_INDEX_KEY, log);
	const names: string[] = [];
	if (typeof index === "string") {
		for (const name of index.split(",")) if (memberNameProblem(name) === undefined && !names.includes(name)) names.push(name);
		return names;
	}
	for (const key of KNOWN_MEMBERS[namespace]) if (safeGet(store, namespace, key, log) !== undefined) names.push(key);
	return names;
}

/** What a namespace holds, in the two shares of its budget. */
interface Holding {
	readonly names: string[];
	knownBytes: number;
	otherBytes: number;
	otherCount: number;
}

function holdingOf(store: KeyValueStore, namespace: ServerNamespace, log: Log): Holding {
	const holding: Holding = { names: storedNames(store, namespace, log), knownBytes: 0, otherBytes: 0, otherCount: 0 };
	for (const name of holding.names) {
		const bytes = memberBytes(name, safeGet(store, namespace, name, log));
		if (isKnownMember(namespace, name)) holding.knownBytes += bytes;
		else {
			holding.otherBytes += bytes;
			holding.otherCount++;
		}
	}
	return holding;
}

/** Why `key` may not take `value` now (its share of the budget is full), or undefined; `change` is its change in bytes. */
function overBudget(namespace: ServerNamespace, key: string, holding: Holding, isNew: boolean, change: number): string | undefined {
	const budget = SERVER_MEMBER_BUDGET;
	if (isKnownMember(namespace, key)) {
		const after = holding.knownBytes + change;
		return after > budget.knownBytes ? `the members the firmware reads would take ${after} bytes of ${namespace}, over their ${budget.knownBytes}` : undefined;
	}
	const slots = budget.members - KNOWN_MEMBERS[namespace].length;
	if (isNew && holding.otherCount >= slots) return `${namespace} already holds ${slots} members the firmware does not read, all it keeps of those`;
	const after = holding.otherBytes + change;
	return after > budget.otherBytes ? `members the firmware does not read would take ${after} bytes of ${namespace}, over their ${budget.otherBytes}` : undefined;
}

/**
 * Write the members that differ from what is stored, within SERVER_MEMBER_BUDGET; a member
 * over its share or refused by NVS is skipped with a warning (`warn`). A new name enters the
 * index before its value is written, so an interrupted write can only over-count, never leak.
 */
function writeChanged(store: KeyValueStore, namespace: ServerNamespace, members: Readonly<Record<string, StoredValue>>, log: Log, warn: (message: string) => void): number {
	const holding = holdingOf(store, namespace, log);
	const names = holding.names;
	let written = 0;
	for (const key in members) {
		const value = members[key]!;
		const stored = safeGet(store, namespace, key, log);
		if (stored === value) continue;
		const isNew = !names.includes(key);
		const change = memberBytes(key, value) - memberBytes(key, isNew ? undefined : stored);
		const problem = overBudget(namespace, key, holding, isNew, change);
		if (problem !== undefined) {
			warn(`not stored ${namespace}/${key}: ${problem}`);
			continue;
		}
		try {
			if (isNew) store.set(namespace, MEMBER_INDEX_KEY, [...names, key].join(","));
			if (isNew) names.push(key);
			store.set(namespace, key, value);
			if (isKnownMember(namespace, key)) holding.knownBytes += change;
			else {
				holding.otherBytes += change;
				if (isNew) holding.otherCount++;
			}
			written++;
		} catch (error) {
			warn(`not stored ${namespace}/${key}: ${(error as Error).message}`);
		}
	}
	return written;
}

function readKnown(store: KeyValueStore, namespace: ServerNamespace, log: Log): Record<string, StoredValue> {
	const values: Record<string, StoredValue> = {};
	for (const key of KNOWN_MEMBERS[namespace]) {
		const value = safeGet(store, namespace, key, log);
		if (value !== undefined) values[key] = value;
	}
	return values;
}

/**
 * Store the answer's mqtt and websocket members (validated already). Returns how many values
 * were written. A member not stored is a warning on the log and, through `refused`, wherever
 * the caller shows warnings (the flow makes it an event: the user sees it, not only the log).
 */
export function storeAnswer(store: KeyValueStore, answer: CheckAnswer, log: Log, refused?: (warning: string) => void): number {
	const warn = (message: string): void => {
		log.warn(message);
		refused?.(message);
	};
	let written = 0;
	if (answer.mqtt) written += writeChanged(store, "mqtt", answer.mqtt, log, warn);
	if (answer.websocket) written += writeChanged(store, "websocket", answer.websocket, log, warn);
	return written;
}

/**
 * The settings handed to the rest of the firmware. Protocol choice as the firmware
 * makes it: MQTT if the last answer had mqtt, else WebSocket if it had websocket, else
 * MQTT with whatever is stored.
 */
export function serverSettings(store: KeyValueStore, answer: CheckAnswer | undefined, log: Log): ServerSettings {
	const mqtt = { ...readKnown(store, "mqtt", log), ...answer?.mqtt };
	const websocket = { ...readKnown(store, "websocket", log), ...answer?.websocket };
	const protocol = answer?.mqtt ? "mqtt" : answer?.websocket ? "websocket" : "mqtt";
	return { protocol, mqtt, websocket, serverTime: answer?.serverTime, firmware: answer?.firmware };
}
