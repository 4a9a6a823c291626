/*
 * The contract of the SDK's "preference": what every platform does (values of each type read
 * back as set, a blob as a copy, missing names undefined, delete and keys), then the ESP32's
 * rules from $(MODULES)/files/preference/esp32/modPreference.c over NVS, in the C's order:
 * the domain is opened, the key buffered (64 bytes with its NUL), the value's type checked
 * (before the flash is touched), the key erased, then the typed write, which may fail with
 * the old value gone (a key over 15 bytes, a string of 4000 bytes with its NUL).
 */
import type SdkPreference from "preference";
import { expectEqual, expectNoThrow, expectThrows, type ContractCheck } from "sdk-contracts/contract";

const DOMAIN = "contract";

function bytes(...values: number[]): ArrayBuffer {
	return new Uint8Array(values).buffer;
}

function sorted(names: readonly string[]): string[] {
	return names.slice().sort();
}

export function preferenceContract(Preference: typeof SdkPreference): ContractCheck[] {
	const reset = (): void => {
		for (const key of Preference.keys(DOMAIN)) Preference.delete(DOMAIN, key);
	};
	return [...everyPlatform(Preference, reset), ...esp32Rules(Preference, reset)];
}

function everyPlatform(Preference: typeof SdkPreference, reset: () => void): ContractCheck[] {
	return [
		{
			name: "a string, a boolean, an integer and a blob read back as set",
			run() {
				reset();
				Preference.set(DOMAIN, "text", "中文 ok");
				Preference.set(DOMAIN, "flag", true);
				Preference.set(DOMAIN, "count", -123);
				Preference.set(DOMAIN, "blob", bytes(1, 2, 255));
				expectEqual(Preference.get(DOMAIN, "text"), "中文 ok", "the string");
				expectEqual(Preference.get(DOMAIN, "flag"), true, "the boolean");
				expectEqual(Preference.get(DOMAIN, "count"), -123, "the integer");
				expectEqual(Preference.get(DOMAIN, "blob"), bytes(1, 2, 255), "the blob");
			},
		},
		{
			name: "a blob is stored and read back as a copy",
			run() {
				reset();
				const source = new Uint8Array([7, 8, 9]);
				Preference.set(DOMAIN, "blob", source.buffer);
				source[0] = 0;
				const first = Preference.get(DOMAIN, "blob") as ArrayBuffer;
				new Uint8Array(first)[1] = 0;
				expectEqual(Preference.get(DOMAIN, "blob"), bytes(7, 8, 9), "what is stored after both copies changed");
			},
		},
		{
			name: "a missing key or domain reads undefined, and deleting one is no error",
			run() {
				reset();
				expectEqual(Preference.get(DOMAIN, "missing"), undefined, "a missing key");
				expectEqual(Preference.get("nodomain", "missing"), undefined, "a missing domain");
				expectNoThrow(() => Preference.delete(DOMAIN, "missing"), "deleting a missing key");
				expectNoThrow(() => Preference.delete("nodomain", "missing"), "deleting in a missing domain");
				expectEqual(Preference.keys("nodomain"), [], "the keys of a missing domain");
			},
		},
		{
			name: "set replaces the value and its type; keys lists the domain's keys; delete removes one",
			run() {
				reset();
				Preference.set(DOMAIN, "a", "text");
				Preference.set(DOMAIN, "a", 5);
				Preference.set(DOMAIN, "b", false);
				expectEqual(Preference.get(DOMAIN, "a"), 5, "the replaced value");
				expectEqual(sorted(Preference.keys(DOMAIN)), ["a", "b"], "the keys");
				Preference.delete(DOMAIN, "a");
				expectEqual(Preference.get(DOMAIN, "a"), undefined, "a deleted key");
				expectEqual(Preference.keys(DOMAIN), ["b"], "the keys after a delete");
			},
		},
	];
}

function esp32Rules(Preference: typeof SdkPreference, reset: () => void): ContractCheck[] {
	return [
		{
			name: "a float is Error \"float unsupported\" and an object \"unsupported type\", before the flash: the old value stays",
			only: "esp32",
			run() {
				reset();
				Preference.set(DOMAIN, "n", 1);
				expectThrows(() => Preference.set(DOMAIN, "n", 1.5), Error, "float unsupported", "1.5");
				expectThrows(() => Preference.set(DOMAIN, "n", 2 ** 31), Error, "float unsupported", "2 ** 31");
				expectThrows(() => Preference.set(DOMAIN, "n", {} as unknown as string), Error, "unsupported type", "an object");
				expectEqual(Preference.get(DOMAIN, "n"), 1, "the value before");
			},
		},
		{
			name: "a key of 16 bytes is \"nvs set fail\" after its first 15 bytes' value was erased",
			only: "esp32",
			run() {
				reset();
				Preference.set(DOMAIN, "abcdefghijklmno", "old");
				expectEqual(Preference.get(DOMAIN, "abcdefghijklmno"), "old", "a 15-byte key");
				expectThrows(() => Preference.set(DOMAIN, "abcdefghijklmnop", "new"), Error, "nvs set fail", "a 16-byte key");
				expectEqual(Preference.get(DOMAIN, "abcdefghijklmno"), undefined, "the value under its first 15 bytes");
			},
		},
		{
			name: "a string of 3999 bytes is stored; one of 4000 is \"nvs set fail\" with the old value gone",
			only: "esp32",
			run() {
				reset();
				Preference.set(DOMAIN, "long", "x".repeat(3999));
				expectEqual((Preference.get(DOMAIN, "long") as string).length, 3999, "3999 bytes");
				expectThrows(() => Preference.set(DOMAIN, "long", "y".repeat(4000)), Error, "nvs set fail", "4000 bytes");
				expectEqual(Preference.get(DOMAIN, "long"), undefined, "the old value");
			},
		},
		{
			name: "a name of 64 bytes is RangeError \"cannot buffer string\"; 63 bytes is buffered",
			only: "esp32",
			run() {
				reset();
				const name63 = "k".repeat(63);
				expectEqual(Preference.get(DOMAIN, name63), undefined, "a 63-byte key read");
				expectThrows(() => Preference.get(DOMAIN, name63 + "k"), RangeError, "cannot buffer string", "a 64-byte key read");
				expectThrows(() => Preference.set(DOMAIN, name63 + "k", 1), RangeError, "cannot buffer string", "a 64-byte key written");
				expectThrows(() => Preference.delete(name63 + "k", "a"), RangeError, "cannot buffer string", "a 64-byte domain deleted from");
			},
		},
		{
			name: "a domain over 15 bytes that names no namespace cannot be opened: \"nvs_open fail\"",
			only: "esp32",
			run() {
				expectThrows(() => Preference.set("abcdefghijklmnop", "k", 1), Error, "nvs_open fail", "a 16-byte domain");
			},
		},
	];
}
