/*
 * What the activation flow keeps in NVS, under the official firmware's names: the OTA URL
 * override (wifi/ota_url), the client UUID (board/uuid), and the server's mqtt and
 * websocket members (namespaces mqtt and websocket). Writes happen only after an answer
 * was fully validated, only for values that changed, and never erase anything.
 */

import type { KeyValueStore, Log, RandomSource, StoredValue } from "activation/interfaces";
import type { ServerSettings } from "activation/events";
import type { CheckAnswer } from "activation/response";

export const NVS_KEYS = Object.freeze({
	otaUrl: Object.freeze(["wifi", "ota_url"] as const),
	uuid: Object.freeze(["board", "uuid"] as const),
	networkType: Object.freeze(["network", "type"] as const),
});

/** Members the firmware's protocols read; used to hand stored settings on when an answer had none. */
const KNOWN_MEMBERS = Object.freeze({
	mqtt: Object.freeze(["endpoint", "client_id", "username", "password", "keepalive", "publish_topic", "subscribe_topic"]),
	websocket: Object.freeze(["url", "token", "version"]),
});

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

/** Write the members that differ from what is stored; a member NVS refuses is skipped with a warning. */
function writeChanged(store: KeyValueStore, namespace: string, members: Readonly<Record<string, StoredValue>>, log: Log): number {
	let written = 0;
	for (const key in members) {
		const value = members[key]!;
		if (safeGet(store, namespace, key, log) === value) continue;
		try {
			store.set(namespace, key, value);
			written++;
		} catch (error) {
			log.warn(`not stored ${namespace}/${key}: ${(error as Error).message}`);
		}
	}
	return written;
}

function readKnown(store: KeyValueStore, namespace: "mqtt" | "websocket", log: Log): Record<string, StoredValue> {
	const values: Record<string, StoredValue> = {};
	for (const key of KNOWN_MEMBERS[namespace]) {
		const value = safeGet(store, namespace, key, log);
		if (value !== undefined) values[key] = value;
	}
	return values;
}

/** Store the answer's mqtt and websocket members (validated already). Returns how many values were written. */
export function storeAnswer(store: KeyValueStore, answer: CheckAnswer, log: Log): number {
	let written = 0;
	if (answer.mqtt) written += writeChanged(store, "mqtt", answer.mqtt, log);
	if (answer.websocket) written += writeChanged(store, "websocket", answer.websocket, log);
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
