/*
 * Reading the status-query answer. Only HTTP 200 with a JSON object counts; member names
 * are matched case-insensitively (cJSON's GetObjectItem, first match in order). Unlike
 * the official firmware, a 200 carrying a server's error object, or an object with none
 * of the sections a Xiaozhi server sends, is a failure with a reason: that is how a wrong
 * URL or a misconfigured self-hosted server shows up. Parsing decides everything; it
 * stores nothing (settings.ts applies the result afterwards).
 */

import type { StoredValue } from "activation/interfaces";
import type { FailureReason } from "activation/events";
import { fitsNvsString, NVS_MAX_NAME_LENGTH, NVS_MAX_VALUE_BYTES } from "activation/nvs-rules";
import { isNewerVersion } from "activation/version";

export interface ActivationChallenge {
	/** The code to show, when the server sent one as a string. */
	readonly code?: string;
	/** The server's message ("xiaozhi.me\n209835"), "" when absent. */
	readonly message: string;
	/** The challenge to sign (v2) and the precondition of any activate request. */
	readonly challenge?: string;
	readonly timeoutMs?: number;
}

export interface CheckAnswer {
	/** Present when the device is not activated (a code and/or a challenge). */
	readonly activation?: ActivationChallenge;
	/** String and integer members of `mqtt`, ready for NVS; undefined when the section is absent. */
	readonly mqtt?: Readonly<Record<string, StoredValue>>;
	readonly websocket?: Readonly<Record<string, StoredValue>>;
	readonly serverTime?: { readonly timestampMs: number; readonly timezoneOffsetMinutes: number };
	readonly firmware?: { readonly version: string; readonly url: string; readonly newer: boolean };
	/** Things worth a log line that do not make the answer unusable. */
	readonly warnings: readonly string[];
}

export type CheckParse = { readonly ok: true; readonly answer: CheckAnswer } | { readonly ok: false; readonly reason: FailureReason };

/** Limits on what a sane answer holds; a code is 6 digits, a challenge a UUID or a MAC. */
const MAX_CODE_LENGTH = 16;
const MAX_MESSAGE_LENGTH = 256;
const MAX_CHALLENGE_LENGTH = 256;
const MAX_SETTINGS_MEMBERS = 32;
/** |offset| beyond 18 h is no time zone on Earth. */
const MAX_TIMEZONE_MINUTES = 18 * 60;
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

const SECTIONS = Object.freeze(["activation", "mqtt", "websocket", "server_time", "firmware"]);

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
	return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** cJSON_GetObjectItem: the first member whose name matches, ignoring ASCII case. */
export function member(object: JsonObject, name: string): unknown {
	const wanted = name.toLowerCase();
	for (const key in object) {
		if (key.toLowerCase() === wanted) return object[key];
	}
	return undefined;
}

function shorten(text: string, max = 80): string {
	return text.length > max ? text.slice(0, max - 1) + "…" : text;
}

/** A short description of an error object, or undefined when the object is not one. */
function serverErrorOf(object: JsonObject): string | undefined {
	const error = member(object, "error");
	if (error !== undefined) return typeof error === "string" ? error : "error " + shorten(JSON.stringify(error));
	const success = member(object, "success");
	if (success === false) {
		const text = member(object, "message") ?? member(object, "msg");
		return typeof text === "string" && text ? text : "success: false";
	}
	const code = member(object, "code");
	if (typeof code === "number" && code !== 0 && code !== 200) {
		const msg = member(object, "msg") ?? member(object, "message");
		return `code ${code}` + (typeof msg === "string" && msg ? `: ${msg}` : "");
	}
	return undefined;
}

function readSettings(section: string, value: unknown, warnings: string[]): Record<string, StoredValue> | undefined {
	if (value === undefined) return undefined;
	if (!isObject(value)) {
		warnings.push(`"${section}" is not an object; ignored`);
		return undefined;
	}
	const settings: Record<string, StoredValue> = {};
	let count = 0;
	for (const key in value) {
		const item = value[key];
		if (typeof item !== "string" && typeof item !== "number") continue; // the firmware ignores other types too
		if (++count > MAX_SETTINGS_MEMBERS) {
			warnings.push(`"${section}" has more than ${MAX_SETTINGS_MEMBERS} members; the rest are skipped`);
			break;
		}
		if (key.length === 0 || key.length > NVS_MAX_NAME_LENGTH) {
			warnings.push(`${section} key "${shorten(key, 24)}" is longer than ${NVS_MAX_NAME_LENGTH} characters; skipped`);
			continue;
		}
		if (typeof item === "number" && (!Number.isInteger(item) || item < INT32_MIN || item > INT32_MAX)) {
			warnings.push(`${section}/${key} is not a 32-bit integer; skipped`);
			continue;
		}
		if (typeof item === "string" && !fitsNvsString(item)) {
			warnings.push(`${section}/${key} is ${NVS_MAX_VALUE_BYTES} bytes or longer; skipped`);
			continue;
		}
		settings[key] = item;
	}
	return settings;
}

function readActivation(value: unknown, warnings: string[]): ActivationChallenge | FailureReason | undefined {
	if (value === undefined) return undefined;
	if (!isObject(value)) {
		warnings.push(`"activation" is not an object; ignored`);
		return undefined;
	}
	const code = member(value, "code");
	const challenge = member(value, "challenge");
	const message = member(value, "message");
	const timeout = member(value, "timeout_ms");
	const hasCode = typeof code === "string";
	const hasChallenge = typeof challenge === "string";
	if (!hasCode && !hasChallenge) return undefined; // `activation: {}` means activated, as in the firmware
	if (hasCode && (code.length === 0 || code.length > MAX_CODE_LENGTH))
		return { kind: "unexpected-body", detail: `activation code of ${code.length} characters` };
	if (hasChallenge && challenge.length > MAX_CHALLENGE_LENGTH)
		return { kind: "unexpected-body", detail: `activation challenge of ${challenge.length} characters` };
	let text = typeof message === "string" ? message : "";
	if (text.length > MAX_MESSAGE_LENGTH) {
		warnings.push(`activation message of ${text.length} characters shortened`);
		text = text.slice(0, MAX_MESSAGE_LENGTH);
	}
	const result: { code?: string; message: string; challenge?: string; timeoutMs?: number } = { message: text };
	if (hasCode) result.code = code;
	if (hasChallenge) result.challenge = challenge;
	if (typeof timeout === "number" && Number.isFinite(timeout)) result.timeoutMs = Math.trunc(timeout);
	return result;
}

function readServerTime(value: unknown, warnings: string[]): CheckAnswer["serverTime"] {
	if (!isObject(value)) return undefined;
	const timestamp = member(value, "timestamp");
	if (typeof timestamp !== "number" || !Number.isFinite(timestamp) || timestamp <= 0) {
		warnings.push("server_time.timestamp is not a positive number; clock not set");
		return undefined;
	}
	const offset = member(value, "timezone_offset");
	let minutes = 0;
	if (typeof offset === "number" && Number.isFinite(offset) && Math.abs(offset) <= MAX_TIMEZONE_MINUTES) minutes = Math.trunc(offset);
	else if (offset !== undefined) warnings.push("server_time.timezone_offset is not a time zone offset in minutes; using 0");
	return { timestampMs: Math.trunc(timestamp), timezoneOffsetMinutes: minutes };
}

function readFirmware(value: unknown, currentVersion: string, warnings: string[]): CheckAnswer["firmware"] {
	if (!isObject(value)) return undefined;
	const version = member(value, "version");
	const url = member(value, "url");
	if (typeof version !== "string" || typeof url !== "string") return undefined;
	const comparison = isNewerVersion(currentVersion, version);
	let newer = false;
	if (comparison.ok) newer = comparison.newer;
	else warnings.push(`firmware version not comparable: ${comparison.problem}`);
	if (member(value, "force") === 1) newer = true; // only the number 1 forces, as in the firmware
	return { version: shorten(version, 32), url, newer };
}

/**
 * Decide what an answer to the status query means. `bodyBytes` is the received size
 * (the transport already refused bodies over its cap).
 */
export function parseCheckResponse(status: number, body: string, currentVersion: string): CheckParse {
	if (status !== 200) return { ok: false, reason: { kind: "http-status", status, detail: `HTTP ${status}` } };
	let root: unknown;
	try {
		root = JSON.parse(body);
	} catch {
		const what = body.length === 0 ? "an empty body" : `${body.length} bytes that are not JSON`;
		return { ok: false, reason: { kind: "bad-json", detail: `the server sent ${what}` } };
	}
	if (!isObject(root)) return { ok: false, reason: { kind: "bad-json", detail: "the answer is JSON but not an object" } };

	let sections = 0;
	for (const name of SECTIONS) if (member(root, name) !== undefined) sections++;
	const serverError = serverErrorOf(root);
	if (sections === 0) {
		if (serverError !== undefined) return { ok: false, reason: { kind: "server-error", detail: shorten(serverError) } };
		return {
			ok: false,
			reason: { kind: "unexpected-body", detail: "no activation, mqtt, websocket, server_time or firmware section: is this the OTA URL?" },
		};
	}

	const warnings: string[] = [];
	if (serverError !== undefined) warnings.push(`the answer also carries an error: ${shorten(serverError)}`);
	const activation = readActivation(member(root, "activation"), warnings);
	if (activation && "kind" in activation) return { ok: false, reason: activation };
	const answer: CheckAnswer = {
		activation,
		mqtt: readSettings("mqtt", member(root, "mqtt"), warnings),
		websocket: readSettings("websocket", member(root, "websocket"), warnings),
		serverTime: readServerTime(member(root, "server_time"), warnings),
		firmware: readFirmware(member(root, "firmware"), currentVersion, warnings),
		warnings,
	};
	return { ok: true, answer };
}
