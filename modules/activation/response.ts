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
import { fitsNvsString, nulAt, NVS_MAX_NAME_BYTES, NVS_MAX_VALUE_BYTES } from "activation/nvs-rules";
import { parseJsonFirstWins } from "activation/json-parse";
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
	/** True when `activation` was there but held neither code nor challenge (`{}`: activated, as in the firmware). */
	readonly emptyActivation: boolean;
	/** String and integer members of `mqtt` with plain names, ready for NVS, in a null-prototype record; undefined when the section is absent. */
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
/**
 * Nesting the parser accepts. A Xiaozhi answer is 3 levels deep at most (the root, a
 * section, a value); 8 leaves room for a server that adds structure. The parse is iterative
 * (json-parse.ts), so depth costs it no stack; a bare JSON.parse of 600 `[` aborts the VM
 * on the board's 768 stack slots (test/activation/board-stack.test.ts).
 */
export const MAX_JSON_DEPTH = 8;
/** |offset| beyond 18 h is no time zone on Earth. */
const MAX_TIMEZONE_MINUTES = 18 * 60;
/** server_time.timestamp must fall in [2020-01-01, 2100-01-01) UTC, or the clock is left alone. */
export const MIN_PLAUSIBLE_TIME_MS = 1577836800000;
export const MAX_PLAUSIBLE_TIME_MS = 4102444800000;
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
	return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** What a JSON value is, in words, for a failure or a warning. */
function kindOf(value: unknown): string {
	if (value === null) return "null";
	if (Array.isArray(value)) return "an array";
	if (typeof value === "object") return "an object";
	if (typeof value === "number") return "a number";
	if (typeof value === "boolean") return "a boolean";
	return "a string";
}

/** Called as charCodeAt.call(text, i): no String wrapper per call on XS (see json-depth.ts). */
const charCodeAt = String.prototype.charCodeAt;

/**
 * Whether `key` equals `wanted` (lower-case ASCII) ignoring ASCII case, without a
 * lower-case copy, and without reading `.length` (a wrapper on XS): past the end,
 * charCodeAt gives NaN.
 */
function sameName(key: string, wanted: string): boolean {
	if (key === wanted) return true;
	for (let i = 0; ; i++) {
		let unit = charCodeAt.call(key, i);
		const expected = charCodeAt.call(wanted, i);
		if (Number.isNaN(unit)) return Number.isNaN(expected);
		if (unit >= 0x41 && unit <= 0x5a) unit += 0x20;
		if (unit !== expected) return false;
	}
}

/** cJSON_GetObjectItem: the first member whose name matches, ignoring ASCII case. */
export function member(object: JsonObject, name: string): unknown {
	const keys = Object.keys(object);
	for (let i = 0; i < keys.length; i++) if (sameName(keys[i]!, name)) return object[keys[i]!];
	return undefined;
}

/**
 * Every wanted member of `object` in one pass over its names (first match wins, as in
 * member()). `into[i]` receives the value of `names[i]`. One key list per object instead of
 * one per lookup: the answer's parse stays within what its own values need.
 */
function members(object: JsonObject, names: readonly string[], into: unknown[]): void {
	for (let n = 0; n < names.length; n++) into[n] = undefined;
	const keys = Object.keys(object);
	for (let i = 0; i < keys.length; i++) {
		const key = keys[i]!;
		for (let n = 0; n < names.length; n++) {
			if (into[n] === undefined && sameName(key, names[n]!)) {
				into[n] = object[key];
				break;
			}
		}
	}
}

function shorten(text: string, max = 80): string {
	return text.length > max ? text.slice(0, max - 1) + "…" : text;
}

/** A name from the server, quoted for a log line: bounded, control characters escaped. */
function quoted(name: string): string {
	let text = "";
	const length = Math.min(name.length, 24);
	for (let i = 0; i < length; i++) {
		const unit = name.charCodeAt(i);
		text += unit < 0x20 || (unit >= 0x7f && unit <= 0x9f) || unit === 0x22 || unit === 0x5c ? "\\u" + (0x10000 + unit).toString(16).slice(1) : name[i];
	}
	return '"' + text + (name.length > length ? "…" : "") + '"';
}

/** The names the root is read for, in this order (ROOT_* below index them). */
const ROOT_NAMES = Object.freeze(["activation", "mqtt", "websocket", "server_time", "firmware", "error", "success", "code", "message", "msg"]);
const ROOT_SECTIONS = 5;
const R_ACTIVATION = 0;
const R_MQTT = 1;
const R_WEBSOCKET = 2;
const R_SERVER_TIME = 3;
const R_FIRMWARE = 4;
const R_ERROR = 5;
const R_SUCCESS = 6;
const R_CODE = 7;
const R_MESSAGE = 8;
const R_MSG = 9;
const ACTIVATION_NAMES = Object.freeze(["code", "challenge", "message", "timeout_ms"]);
const SERVER_TIME_NAMES = Object.freeze(["timestamp", "timezone_offset"]);
const FIRMWARE_NAMES = Object.freeze(["version", "url", "force"]);
/*
 * run-time state: scratch arrays for members(), made on the first parse (made at load, they
 * would sit in the preloaded, read-only image); the parse is synchronous, so one of each
 * serves every call.
 */
let scratch: { readonly root: unknown[]; readonly section: unknown[] } | undefined;
const scratchArrays = (): { readonly root: unknown[]; readonly section: unknown[] } => (scratch ??= { root: [], section: [] });

/** A short description of an error object, or undefined when the object is not one. */
function serverErrorOf(root: readonly unknown[]): string | undefined {
	const error = root[R_ERROR];
	if (error !== undefined) return typeof error === "string" ? error : "error " + shorten(JSON.stringify(error));
	if (root[R_SUCCESS] === false) {
		const text = root[R_MESSAGE] ?? root[R_MSG];
		return typeof text === "string" && text ? text : "success: false";
	}
	const code = root[R_CODE];
	if (typeof code === "number" && code !== 0 && code !== 200) {
		const msg = root[R_MSG] ?? root[R_MESSAGE];
		return `code ${code}` + (typeof msg === "string" && msg ? `: ${msg}` : "");
	}
	return undefined;
}

/**
 * Why a member name from the server is not stored, or undefined when it may be: a plain
 * identifier of ASCII letters, digits and `_` (not starting with a digit), 1 to 15 bytes,
 * the alphabet of every name the firmware uses. A name that only NVS would take (spaces,
 * punctuation, UTF-8, a NUL) is more likely junk than a setting.
 */
export function memberNameProblem(name: string): string | undefined {
	const first = charCodeAt.call(name, 0);
	if (Number.isNaN(first)) return "an empty name";
	if (first >= 0x30 && first <= 0x39) return "a name starting with a digit";
	let length = 0;
	for (let unit = first; unit === unit; unit = charCodeAt.call(name, ++length)) {
		// unit === unit: not NaN, i.e. not past the end. Letters, digits, "_".
		if (!((unit >= 0x61 && unit <= 0x7a) || (unit >= 0x41 && unit <= 0x5a) || (unit >= 0x30 && unit <= 0x39) || unit === 0x5f))
			return "a name with characters other than ASCII letters, digits and _";
	}
	if (length > NVS_MAX_NAME_BYTES) return `a name of ${length} bytes, longer than ${NVS_MAX_NAME_BYTES}`;
	return undefined;
}

/** Whether every unit of `text` from `from` on is printable ASCII other than space (what a host or URL holds). */
function printableAscii(text: string, from: number): boolean {
	for (let i = from, unit = charCodeAt.call(text, i); unit === unit; unit = charCodeAt.call(text, ++i)) if (unit <= 0x20 || unit >= 0x7f) return false;
	return true;
}

/** The length of `scheme` (lower-case, with "://") at the start of `text`, ignoring ASCII case; 0 when absent. */
function schemeLength(text: string, scheme: string): number {
	const length = scheme.length;
	for (let i = 0; i < length; i++) {
		let unit = charCodeAt.call(text, i);
		if (unit >= 0x41 && unit <= 0x5a) unit += 0x20;
		if (unit !== charCodeAt.call(scheme, i)) return 0;
	}
	return length;
}

/** Why a websocket.url is not one the firmware's WebSocket client can open, or undefined: ws:// or wss://, a host, printable ASCII. */
export function websocketUrlProblem(value: StoredValue): string | undefined {
	if (typeof value !== "string") return "is a number, not a ws:// or wss:// URL";
	const start = schemeLength(value, "ws://") || schemeLength(value, "wss://");
	if (start === 0) return `is not a ws:// or wss:// URL (it starts ${quoted(value.slice(0, 12))})`;
	const first = charCodeAt.call(value, start);
	if (Number.isNaN(first) || first === 0x2f || first === 0x3f || first === 0x23) return "names no host";
	if (!printableAscii(value, start)) return "holds a space, a control character or non-ASCII text";
	return undefined;
}

/** Why an mqtt.endpoint is not `host[:port]` (the firmware's MQTT client splits it at the colon), or undefined. */
export function mqttEndpointProblem(value: StoredValue): string | undefined {
	if (typeof value !== "string") return "is a number, not a host with an optional port (host[:port])";
	const problem = endpointShapeProblem(value);
	return problem === undefined ? undefined : `is not a host with an optional port (host[:port]): ${problem} (it starts ${quoted(value.slice(0, 12))})`;
}

function endpointShapeProblem(value: string): string | undefined {
	let i = 0;
	for (let unit = charCodeAt.call(value, 0); unit === unit && unit !== 0x3a; unit = charCodeAt.call(value, ++i)) {
		// Host names and IPv4 addresses: letters, digits, "-", ".", "_".
		if (!((unit >= 0x61 && unit <= 0x7a) || (unit >= 0x41 && unit <= 0x5a) || (unit >= 0x30 && unit <= 0x39) || unit === 0x2d || unit === 0x2e || unit === 0x5f))
			return `${unitName(unit)} in the host`;
	}
	if (i === 0 || i > 253) return "no host name";
	if (i === value.length) return undefined;
	let port = 0;
	let digits = 0;
	for (let unit = charCodeAt.call(value, ++i); unit === unit; unit = charCodeAt.call(value, ++i)) {
		if (unit < 0x30 || unit > 0x39 || ++digits > 5) return "the port is not a number";
		port = port * 10 + unit - 0x30;
	}
	return digits === 0 || port === 0 || port > 65535 ? "the port is not 1 to 65535" : undefined;
}

/** Members the firmware hands to a client as an address: checked, since a hostile one must not be stored. */
function addressProblem(section: string, key: string, value: StoredValue): string | undefined {
	if (section === "websocket" && key === "url") return websocketUrlProblem(value);
	if (section === "mqtt" && key === "endpoint") return mqttEndpointProblem(value);
	return undefined;
}

/** The members the firmware's protocols read, exactly as spelled (NVS keys are case-sensitive: `Endpoint` is another name). */
export const FIRMWARE_MEMBERS = Object.freeze({
	mqtt: Object.freeze(["endpoint", "client_id", "username", "password", "keepalive", "publish_topic", "subscribe_topic"]),
	websocket: Object.freeze(["url", "token", "version"]),
});

function readSettings(section: "mqtt" | "websocket", value: unknown, warnings: string[]): Record<string, StoredValue> | undefined {
	if (value === undefined) return undefined;
	if (!isObject(value)) {
		warnings.push(`"${section}" is ${kindOf(value)}, not an object; ignored`);
		return undefined;
	}
	// No prototype: "constructor", "__proto__" or "toString" are names like any other, and
	// assigning them never meets Object.prototype (frozen on Moddable and in the runner).
	const settings = Object.create(null) as Record<string, StoredValue>;
	const keys = Object.keys(value);
	const firmwareReads = FIRMWARE_MEMBERS[section];
	let others = 0;
	for (let i = 0; i < keys.length; i++) {
		const key = keys[i]!;
		const item = value[key];
		if (typeof item !== "string" && typeof item !== "number") continue; // the firmware ignores other types too
		// Past the limit only the names the firmware reads are still taken: junk first never hides them.
		if (!firmwareReads.includes(key) && ++others > MAX_SETTINGS_MEMBERS) {
			if (others === MAX_SETTINGS_MEMBERS + 1) warnings.push(`"${section}" has more than ${MAX_SETTINGS_MEMBERS} other members; the rest of those are skipped`);
			continue;
		}
		const problem = memberNameProblem(key);
		if (problem !== undefined) {
			warnings.push(`${section} member ${quoted(key)} has ${problem}; skipped`);
			continue;
		}
		if (typeof item === "number" && (!Number.isInteger(item) || item < INT32_MIN || item > INT32_MAX)) {
			warnings.push(`${section}/${key} is not a 32-bit integer; skipped`);
			continue;
		}
		if (typeof item === "string" && !fitsNvsString(item)) {
			warnings.push(
				nulAt(item) >= 0
					? `${section}/${key} contains a NUL character; skipped`
					: `${section}/${key} is ${NVS_MAX_VALUE_BYTES} bytes or longer; skipped`,
			);
			continue;
		}
		const address = addressProblem(section, key, item);
		if (address !== undefined) {
			warnings.push(`${section}/${key} ${address}; not stored`);
			continue;
		}
		settings[key] = item; // names are unique: the parse kept the first of repeated ones, as cJSON does
	}
	return settings;
}

type ActivationRead = ActivationChallenge | FailureReason | undefined;

/** `U+0661`: one UTF-16 unit named for a reason line (never the raw character: it may be a control). */
function unitName(unit: number): string {
	return "U+" + (0x10000 + unit).toString(16).toUpperCase().slice(1);
}

/**
 * Why a code cannot be shown and read out, or undefined: 1 to 16 ASCII letters and digits.
 * The screen's code face and the speaker's clips have nothing else (full-width or
 * Arabic-Indic digits would show as empty boxes and read as silence).
 */
export function codeProblem(code: string): string | undefined {
	const length = code.length;
	if (length === 0 || length > MAX_CODE_LENGTH) return `activation code of ${length} characters`;
	for (let i = 0; i < length; i++) {
		const unit = charCodeAt.call(code, i);
		if (!((unit >= 0x30 && unit <= 0x39) || (unit >= 0x41 && unit <= 0x5a) || (unit >= 0x61 && unit <= 0x7a)))
			return `activation code has ${unitName(unit)} at position ${i + 1}; a code is ASCII letters and digits`;
	}
	return undefined;
}

function malformed(detail: string): FailureReason {
	return { kind: "unexpected-body", detail };
}

/**
 * The `activation` section. Absent, or present with neither a code nor a challenge
 * (`{}`): the device is activated, as in the firmware. Present but not an object, or with a
 * code or challenge that is not a string: a failure with what was wrong, never "activated"
 * (the firmware would take those for activated, a silent failure).
 */
function readActivation(value: unknown, warnings: string[]): ActivationRead {
	if (value === undefined) return undefined;
	if (!isObject(value)) return malformed(`"activation" is ${kindOf(value)}, not an object`);
	const sectionValues = scratchArrays().section;
	members(value, ACTIVATION_NAMES, sectionValues);
	const [code, challenge, message, timeout] = sectionValues as [unknown, unknown, unknown, unknown];
	if (code !== undefined && typeof code !== "string") return malformed(`activation code is ${kindOf(code)}, not a string`);
	if (challenge !== undefined && typeof challenge !== "string")
		return malformed(`activation challenge is ${kindOf(challenge)}, not a string`);
	if (code === undefined && challenge === undefined) return undefined; // `activation: {}` means activated, as in the firmware
	if (code !== undefined) {
		const problem = codeProblem(code);
		if (problem !== undefined) return malformed(problem);
	}
	if (challenge !== undefined && challenge.length > MAX_CHALLENGE_LENGTH)
		return malformed(`activation challenge of ${challenge.length} characters`);
	let text = "";
	if (typeof message === "string") text = message;
	else if (message !== undefined) warnings.push(`activation message is ${kindOf(message)}, not a string; ignored`);
	if (text.length > MAX_MESSAGE_LENGTH) {
		warnings.push(`activation message of ${text.length} characters shortened`);
		text = text.slice(0, MAX_MESSAGE_LENGTH);
	}
	const result: { code?: string; message: string; challenge?: string; timeoutMs?: number } = { message: text };
	if (code !== undefined) result.code = code;
	if (challenge !== undefined) result.challenge = challenge;
	if (typeof timeout === "number" && Number.isFinite(timeout)) result.timeoutMs = Math.trunc(timeout);
	return result;
}

function readServerTime(value: unknown, warnings: string[]): CheckAnswer["serverTime"] {
	if (!isObject(value)) return undefined;
	const sectionValues = scratchArrays().section;
	members(value, SERVER_TIME_NAMES, sectionValues);
	const timestamp = sectionValues[0];
	const offset = sectionValues[1];
	if (typeof timestamp !== "number" || !Number.isFinite(timestamp) || timestamp <= 0) {
		warnings.push("server_time.timestamp is not a positive number; clock not set");
		return undefined;
	}
	if (timestamp < MIN_PLAUSIBLE_TIME_MS || timestamp >= MAX_PLAUSIBLE_TIME_MS) {
		warnings.push(`server_time.timestamp ${timestamp} is not a time between 2020 and 2100; clock not set`);
		return undefined;
	}
	let minutes = 0;
	if (typeof offset === "number" && Number.isFinite(offset) && Math.abs(offset) <= MAX_TIMEZONE_MINUTES) minutes = Math.trunc(offset);
	else if (offset !== undefined) warnings.push("server_time.timezone_offset is not a time zone offset in minutes; using 0");
	return { timestampMs: Math.trunc(timestamp), timezoneOffsetMinutes: minutes };
}

function readFirmware(value: unknown, currentVersion: string, warnings: string[]): CheckAnswer["firmware"] {
	if (!isObject(value)) return undefined;
	const sectionValues = scratchArrays().section;
	members(value, FIRMWARE_NAMES, sectionValues);
	const version = sectionValues[0];
	const url = sectionValues[1];
	const force = sectionValues[2];
	if (typeof version !== "string" || typeof url !== "string") return undefined;
	const comparison = isNewerVersion(currentVersion, version);
	let newer = false;
	if (comparison.ok) newer = comparison.newer;
	else warnings.push(`firmware version not comparable: ${comparison.problem}`);
	if (force === 1) newer = true; // only the number 1 forces, as in the firmware
	return { version: shorten(version, 32), url, newer };
}

/** The root object, or what is wrong with the body, in words. Repeated names keep their first value, as in cJSON. */
function parseRoot(body: string): JsonObject | string {
	const parsed = parseJsonFirstWins(body, MAX_JSON_DEPTH);
	if (!parsed.ok) {
		if (parsed.tooDeep) return `the answer is nested more than ${MAX_JSON_DEPTH} levels deep (at offset ${parsed.offset}); a Xiaozhi answer has 3`;
		return body.length === 0 ? "the server sent an empty body" : `the server sent ${body.length} bytes that are not JSON (from offset ${parsed.offset})`;
	}
	const root = parsed.value;
	return isObject(root) ? root : `the answer is JSON but ${kindOf(root)}, not an object`;
}

function readAnswer(root: JsonObject, currentVersion: string): CheckParse {
	const rootValues = scratchArrays().root;
	members(root, ROOT_NAMES, rootValues);
	let sections = 0;
	for (let i = 0; i < ROOT_SECTIONS; i++) if (rootValues[i] !== undefined) sections++;
	const serverError = serverErrorOf(rootValues);
	if (sections === 0) {
		if (serverError !== undefined) return { ok: false, reason: { kind: "server-error", detail: shorten(serverError) } };
		return {
			ok: false,
			reason: { kind: "unexpected-body", detail: "no activation, mqtt, websocket, server_time or firmware section: is this the OTA URL?" },
		};
	}
	const warnings: string[] = [];
	if (serverError !== undefined) warnings.push(`the answer also carries an error: ${shorten(serverError)}`);
	// Read every section before members() reuses its scratch for the next object.
	const mqttValue = rootValues[R_MQTT];
	const websocketValue = rootValues[R_WEBSOCKET];
	const serverTimeValue = rootValues[R_SERVER_TIME];
	const firmwareValue = rootValues[R_FIRMWARE];
	const activation = readActivation(rootValues[R_ACTIVATION], warnings);
	if (activation && "kind" in activation) return { ok: false, reason: activation };
	const answer: CheckAnswer = {
		activation,
		emptyActivation: activation === undefined && rootValues[R_ACTIVATION] !== undefined,
		mqtt: readSettings("mqtt", mqttValue, warnings),
		websocket: readSettings("websocket", websocketValue, warnings),
		serverTime: readServerTime(serverTimeValue, warnings),
		firmware: readFirmware(firmwareValue, currentVersion, warnings),
		warnings,
	};
	return { ok: true, answer };
}

/** Decide what an answer to the status query means. Never throws, whatever the body. */
export function parseCheckResponse(status: number, body: string, currentVersion: string): CheckParse {
	if (status !== 200) return { ok: false, reason: { kind: "http-status", status, detail: `HTTP ${status}` } };
	const root = parseRoot(body);
	if (typeof root === "string") return { ok: false, reason: { kind: "bad-json", detail: root } };
	return readAnswer(root, currentVersion);
}
