/*
 * KeyValueStore on Moddable's Preference (NVS on the ESP32). Every write is checked with
 * the project's NVS rules first, because the simulator's Preference accepts what the
 * board's would refuse. Each Preference.set commits to flash at once, so a value that is
 * already stored is not written again.
 */
import Preference from "preference";
import type { KeyValueStore, StoredValue } from "activation/interfaces";
import { checkNvsName, checkNvsWrite, NVS_MAX_VALUE_BYTES, utf8Length } from "activation/nvs-rules";

export class PreferenceStore implements KeyValueStore {
	get(namespace: string, key: string): StoredValue | undefined {
		checkNvsName("namespace", namespace);
		checkNvsName("key", key);
		const value = Preference.get(namespace, key);
		// Booleans and blobs belong to other parts of the firmware; to the core they are absent.
		return typeof value === "string" || typeof value === "number" ? value : undefined;
	}

	set(namespace: string, key: string, value: StoredValue): void {
		checkNvsWrite(namespace, key, value);
		// The ESP32 Preference erases the key before nvs_set_str, and NVS counts the string's NUL
		// in its 4000 bytes: a 4000-byte string would fail *and* lose the old value.
		if (typeof value === "string" && utf8Length(value) + 1 > NVS_MAX_VALUE_BYTES)
			throw new RangeError(`NVS ${namespace}/${key}: a string of ${NVS_MAX_VALUE_BYTES} bytes or more does not fit with its NUL`);
		if (Preference.get(namespace, key) === value) return;
		Preference.set(namespace, key, value);
	}
}
