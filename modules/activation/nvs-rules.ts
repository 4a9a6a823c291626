/*
 * ESP32 NVS rules, as Moddable's Preference enforces them on the board. Every store
 * adapter (the board's Preference, the Node file store, the test stores) checks writes
 * with this one function, so a rule that holds in a test holds on the device.
 */

import type { StoredValue } from "activation/interfaces";

export const NVS_MAX_NAME_LENGTH = 15;
/** Moddable's documented limit for one Preference value on ESP32; NVS counts a string's NUL in it. */
export const NVS_MAX_VALUE_BYTES = 4000;

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** Bytes of the UTF-8 encoding, without allocating it. */
export function utf8Length(text: string): number {
	let bytes = 0;
	for (let i = 0; i < text.length; i++) {
		const unit = text.charCodeAt(i);
		if (unit < 0x80) bytes += 1;
		else if (unit < 0x800) bytes += 2;
		else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
			const next = text.charCodeAt(i + 1);
			if (next >= 0xdc00 && next <= 0xdfff) {
				bytes += 4;
				i++;
			} else bytes += 3;
		} else bytes += 3;
	}
	return bytes;
}

/** Whether a string fits one NVS value together with its terminating NUL. */
export function fitsNvsString(text: string): boolean {
	return utf8Length(text) + 1 <= NVS_MAX_VALUE_BYTES;
}

/** Throws (TypeError / RangeError) when a namespace or key name is not one NVS takes. */
export function checkNvsName(what: "namespace" | "key", name: string): void {
	if (typeof name !== "string" || name.length === 0) throw new TypeError(`NVS ${what} must be a non-empty string`);
	if (name.length > NVS_MAX_NAME_LENGTH)
		throw new RangeError(`NVS ${what} "${name}" is longer than ${NVS_MAX_NAME_LENGTH} characters`);
}

/** Throws when (namespace, key, value) could not be written to NVS; writes nothing itself. */
export function checkNvsWrite(namespace: string, key: string, value: StoredValue): void {
	checkNvsName("namespace", namespace);
	checkNvsName("key", key);
	if (typeof value === "number") {
		if (!Number.isInteger(value)) throw new TypeError(`NVS ${namespace}/${key}: float unsupported`);
		if (value < INT32_MIN || value > INT32_MAX) throw new RangeError(`NVS ${namespace}/${key}: integer out of 32-bit range`);
	} else if (typeof value === "string") {
		if (!fitsNvsString(value))
			throw new RangeError(`NVS ${namespace}/${key}: value of ${NVS_MAX_VALUE_BYTES} bytes or more (NVS counts the NUL)`);
	} else {
		throw new TypeError(`NVS ${namespace}/${key}: unsupported type ${typeof value}`);
	}
}
