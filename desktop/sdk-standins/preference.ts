/*
 * Stand-in for the SDK's "preference" on the ESP32 ($(MODULES)/files/preference/esp32/modPreference.c
 * over ESP-IDF's NVS), the flash being the host's. Its rules, in the C's order:
 *   - set opens the domain first: a domain over 15 bytes that names no namespace (NVS matches
 *     names on their first 15 bytes) cannot be created, "nvs_open fail";
 *   - domain and key are copied into 64-byte buffers: 64 bytes or more throw RangeError
 *     "cannot buffer string" (set, get, delete);
 *   - the value's type: a boolean (u8), an integer that fits 32 bits (i32), a string, an
 *     ArrayBuffer (blob); another number is "float unsupported", anything else "unsupported
 *     type", both before the flash is touched;
 *   - then the key is erased (the C works around an IDF bug that way), and the typed write
 *     may still fail, "nvs set fail", with the old value gone: a key over 15 bytes, a string
 *     of 4000 bytes or more with its NUL, a blob over the 16 KB partition's limit;
 *   - get: a missing domain or key is undefined; names match on their first 15 bytes, as NVS
 *     looks items up; a blob comes back as a new ArrayBuffer;
 *   - delete of a missing key or domain is no error; keys(domain) lists the domain's keys.
 */
import type SdkPreference from "preference";
import type { PreferenceValue } from "preference";
import { hostPart, type FlashHost } from "./host.ts";

/** NVS_KEY_NAME_MAX_SIZE - 1. */
const MAX_NAME_BYTES = 15;
/** The C's char key[64] / domain[64], NUL included. */
const NAME_BUFFER_BYTES = 64;
/** Page::CHUNK_MAX_SIZE: a string's bytes with its NUL. */
const MAX_STRING_BYTES = 4000;
/** The IDF's blob limit for the board's 16 KB NVS partition: 97.6 % of it less 4000 bytes. */
const MAX_BLOB_BYTES = Math.floor(0.976 * 16384) - 4000;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function byteLength(text: string): number {
	return encoder.encode(text).length;
}

/** xsmcToStringBuffer into the C's 64-byte buffer. */
function buffered(name: unknown): string {
	const text = String(name);
	// XS strings hold U+0000 as two bytes.
	if (byteLength(text) + text.split("\0").length > NAME_BUFFER_BYTES) throw new RangeError("cannot buffer string");
	return text;
}

/** The name NVS finds: its first 15 bytes. */
function stored(name: string): string {
	const bytes = encoder.encode(name);
	return bytes.length <= MAX_NAME_BYTES ? name : decoder.decode(bytes.subarray(0, MAX_NAME_BYTES));
}

function flash(): FlashHost {
	return hostPart("flash", "Preference");
}

/** nvs_open of a domain for writing: an existing namespace, or one that can be created. */
function openForWrite(domain: string): string {
	const name = stored(domain);
	if (byteLength(domain) > MAX_NAME_BYTES && flash().keys(name).length === 0) throw new Error("nvs_open fail");
	return name;
}

/** The value as NVS will hold it, or the C's error for its type. */
function checkType(value: unknown): PreferenceValue {
	switch (typeof value) {
		case "boolean":
		case "string":
			return value;
		case "number":
			if (!Number.isInteger(value) || value < -0x80000000 || value > 0x7fffffff) throw new Error("float unsupported");
			return value === 0 ? 0 : value;
		default:
			if (value instanceof ArrayBuffer) return value;
			throw new Error("unsupported type");
	}
}

/** What the typed write refuses after the key was erased. */
function writeFails(key: string, value: PreferenceValue): boolean {
	if (byteLength(key) > MAX_NAME_BYTES) return true;
	if (typeof value === "string") return byteLength(value) + value.split("\0").length > MAX_STRING_BYTES;
	return value instanceof ArrayBuffer && value.byteLength > MAX_BLOB_BYTES;
}

// Typed as the SDK's API as the project declares it (typings/preference.d.ts).
const Preference: typeof SdkPreference = Object.freeze({
	set(domain: string, key: string, value: PreferenceValue): void {
		const namespace = openForWrite(String(domain));
		const name = buffered(key);
		const checked = checkType(value);
		flash().erase(namespace, stored(name));
		if (writeFails(name, checked)) throw new Error("nvs set fail");
		flash().write(namespace, name, checked instanceof ArrayBuffer ? checked.slice(0) : checked);
	},
	get(domain: string, key: string): PreferenceValue | undefined {
		const name = stored(buffered(key));
		const value = flash().read(stored(String(domain)), name);
		return value instanceof ArrayBuffer ? value.slice(0) : value;
	},
	delete(domain: string, key: string): void {
		const namespace = stored(buffered(domain));
		flash().erase(namespace, stored(buffered(key)));
	},
	keys(domain: string): string[] {
		return flash().keys(stored(String(domain)));
	},
});

export default Preference;
