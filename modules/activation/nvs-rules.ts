/*
 * ESP32 NVS rules, as Moddable's Preference enforces them on the board. Every store
 * adapter (the board's Preference, the Node file store, the test stores) checks writes
 * with this one function, so a rule that holds in a test holds on the device.
 */

import type { StoredValue } from "activation/interfaces";

/** NVS keys and namespaces are C strings of at most 15 bytes (NVS_KEY_NAME_MAX_SIZE 16 with the NUL). */
export const NVS_MAX_NAME_BYTES = 15;
/** @deprecated the limit is in UTF-8 bytes; use NVS_MAX_NAME_BYTES. */
export const NVS_MAX_NAME_LENGTH = NVS_MAX_NAME_BYTES;
/** Moddable's documented limit for one Preference value on ESP32; NVS counts a string's NUL in it. */
export const NVS_MAX_VALUE_BYTES = 4000;

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** Called as charCodeAt.call(text, i): no String wrapper per character on XS (see json-depth.ts). */
const charCodeAt = String.prototype.charCodeAt;
const indexOf = String.prototype.indexOf;

/** Bytes of the UTF-8 encoding, without allocating it. */
export function utf8Length(text: string): number {
	let bytes = 0;
	const length = text.length;
	for (let i = 0; i < length; i++) {
		const unit = charCodeAt.call(text, i);
		if (unit < 0x80) bytes += 1;
		else if (unit < 0x800) bytes += 2;
		else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < length) {
			const next = charCodeAt.call(text, i + 1);
			if (next >= 0xdc00 && next <= 0xdfff) {
				bytes += 4;
				i++;
			} else bytes += 3;
		} else bytes += 3;
	}
	return bytes;
}

/** Index of the first NUL (U+0000), or -1: NVS reads names and string values as C strings, so a NUL would cut them. */
export function nulAt(text: string): number {
	return indexOf.call(text, "\u0000");
}

/** Whether a string fits one NVS value together with its terminating NUL (and holds no NUL of its own). */
export function fitsNvsString(text: string): boolean {
	if (nulAt(text) >= 0) return false;
	// A UTF-16 unit is at most 3 UTF-8 bytes: short strings fit without counting.
	return text.length * 3 + 1 <= NVS_MAX_VALUE_BYTES || utf8Length(text) + 1 <= NVS_MAX_VALUE_BYTES;
}

/**
 * What is wrong with an NVS namespace or key name, in words, or undefined when NVS takes it.
 * One rule, one message: not a string, empty, a NUL, more than 15 UTF-8 bytes.
 */
export function nvsNameProblem(what: "namespace" | "key", name: unknown): string | undefined {
	if (typeof name !== "string") return `NVS ${what} must be a string, not ${name === null ? "null" : typeof name}`;
	if (name.length === 0) return `NVS ${what} is empty`;
	if (nulAt(name) >= 0) return `NVS ${what} contains a NUL character`;
	const bytes = utf8Length(name);
	if (bytes > NVS_MAX_NAME_BYTES) return `NVS ${what} of ${bytes} bytes is longer than ${NVS_MAX_NAME_BYTES} bytes`;
	return undefined;
}

/** Throws (TypeError / RangeError) when a namespace or key name is not one NVS takes. */
export function checkNvsName(what: "namespace" | "key", name: string): void {
	const problem = nvsNameProblem(what, name);
	if (problem === undefined) return;
	throw typeof name === "string" && name.length > 0 && nulAt(name) < 0 ? new RangeError(problem) : new TypeError(problem);
}

/** Throws when (namespace, key, value) could not be written to NVS; writes nothing itself. */
export function checkNvsWrite(namespace: string, key: string, value: StoredValue): void {
	checkNvsName("namespace", namespace);
	checkNvsName("key", key);
	if (typeof value === "number") {
		if (!Number.isInteger(value)) throw new TypeError(`NVS ${namespace}/${key}: float unsupported`);
		if (value < INT32_MIN || value > INT32_MAX) throw new RangeError(`NVS ${namespace}/${key}: integer out of 32-bit range`);
	} else if (typeof value === "string") {
		if (nulAt(value) >= 0) throw new TypeError(`NVS ${namespace}/${key}: the value contains a NUL character`);
		const bytes = utf8Length(value);
		if (bytes + 1 > NVS_MAX_VALUE_BYTES)
			throw new RangeError(`NVS ${namespace}/${key}: value of ${bytes} UTF-8 bytes; NVS takes at most ${NVS_MAX_VALUE_BYTES - 1} (4000 bytes or more with the NUL)`);
	} else {
		throw new TypeError(`NVS ${namespace}/${key}: unsupported type ${typeof value}`);
	}
}
