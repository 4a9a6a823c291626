/*
 * KeyValueStore on Moddable's Preference (NVS on the ESP32). Every write is checked with
 * the project's NVS rules first, because the simulator's Preference accepts what the
 * board's would refuse. Each Preference.set commits to flash at once, so a value that is
 * already stored is not written again.
 */
import Preference from "preference";
import type { KeyValueStore, StoredValue } from "activation/interfaces";
import { checkNvsName, checkNvsWrite } from "activation/nvs-rules";

export class PreferenceStore implements KeyValueStore {
	get(namespace: string, key: string): StoredValue | undefined {
		checkNvsName("namespace", namespace);
		checkNvsName("key", key);
		const value = Preference.get(namespace, key);
		// Booleans and blobs belong to other parts of the firmware; to the core they are absent.
		return typeof value === "string" || typeof value === "number" ? value : undefined;
	}

	set(namespace: string, key: string, value: StoredValue): void {
		// Checked before Preference.set: on the ESP32 it erases the key before nvs_set_str, so a
		// value NVS refuses (a 4000-byte string: NVS counts its NUL) would also lose the old one.
		checkNvsWrite(namespace, key, value);
		if (Preference.get(namespace, key) === value) return;
		Preference.set(namespace, key, value);
	}

	/** nvs_erase_key; a missing key is no error (the ESP32's Preference.delete ignores NOT_FOUND). */
	remove(namespace: string, key: string): void {
		checkNvsName("namespace", namespace);
		checkNvsName("key", key);
		if (Preference.get(namespace, key) !== undefined) Preference.delete(namespace, key);
	}
}
