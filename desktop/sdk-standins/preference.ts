/*
 * Stand-in for the SDK's "preference" on the board run: the device's NVS lives on the Node
 * side (an NvsStore with the ESP32 rules, kept across reboots), reached over the bridge.
 * Like the ESP32's modPreference.c: names of 1-15 characters, integers only.
 */
import type { StoredValue } from "activation/interfaces";
import { call } from "../xs-bridge.ts";

function checkName(what: string, name: unknown): string {
	if (typeof name !== "string" || name.length === 0 || name.length > 15) throw new RangeError(`Preference: ${what} must be 1-15 characters`);
	return name;
}

const Preference = Object.freeze({
	get(domain: string, key: string): StoredValue | undefined {
		return call({ op: "store.get", namespace: checkName("domain", domain), key: checkName("key", key) }) as StoredValue | undefined;
	},
	set(domain: string, key: string, value: StoredValue): void {
		if (typeof value === "number" && !Number.isInteger(value)) throw new Error("float unsupported");
		if (typeof value !== "number" && typeof value !== "string") throw new Error("unsupported type");
		call({ op: "store.set", namespace: checkName("domain", domain), key: checkName("key", key), value });
	},
	/** Like modPreference.c's: erasing a key that is not there is no error. */
	delete(domain: string, key: string): void {
		call({ op: "store.remove", namespace: checkName("domain", domain), key: checkName("key", key) });
	},
});

export default Preference;
