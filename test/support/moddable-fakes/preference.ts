/*
 * Fake of Moddable's "preference" with the ESP32 (NVS) rules of modPreference.c, not the
 * permissive lin ones: names of 1-15 characters, integers only ("float unsupported"),
 * values of at most 4000 bytes (a string's NUL included), only boolean/integer/string/
 * ArrayBuffer, and every set is a flash commit (counted). Like modPreference.c, the key is
 * erased before the typed set, so a set that fails on size loses the old value.
 */
const MAX_NAME = 15;
const MAX_VALUE_BYTES = 4000;

export type FakeValue = boolean | number | string | ArrayBuffer;
export const nvs = new Map<string, FakeValue>();
export const commits: string[] = [];

function checkName(what: string, name: unknown): string {
	if (typeof name !== "string") throw new TypeError(`${what} must be a string`);
	if (name.length === 0 || name.length > MAX_NAME) throw new RangeError(`${what} "${name}": NVS names are 1-15 characters`);
	return name;
}

function slot(domain: unknown, key: unknown): string {
	return `${checkName("domain", domain)}/${checkName("key", key)}`;
}

const Preference = {
	set(...args: unknown[]): void {
		if (args.length !== 3) throw new TypeError("Preference.set takes domain, key, value");
		const [domain, key, value] = args;
		const where = slot(domain, key);
		if (typeof value === "number" && !Number.isInteger(value)) throw new Error("float unsupported");
		if (typeof value !== "number" && typeof value !== "string" && typeof value !== "boolean" && !(value instanceof ArrayBuffer))
			throw new Error("unsupported type");
		nvs.delete(where); // ERASE_KEY
		if (typeof value === "string" && Buffer.byteLength(value, "utf8") + 1 > MAX_VALUE_BYTES) throw new Error("nvs set fail");
		if (value instanceof ArrayBuffer && value.byteLength > MAX_VALUE_BYTES) throw new Error("nvs set fail");
		nvs.set(where, value instanceof ArrayBuffer ? value.slice(0) : (value as FakeValue));
		commits.push(where);
	},
	get(...args: unknown[]): FakeValue | undefined {
		if (args.length !== 2) throw new TypeError("Preference.get takes domain, key");
		return nvs.get(slot(args[0], args[1]));
	},
	delete(domain: string, key: string): void {
		nvs.delete(slot(domain, key));
		commits.push(slot(domain, key));
	},
	keys(domain: string): string[] {
		checkName("domain", domain);
		return [...nvs.keys()].filter((name) => name.startsWith(`${domain}/`)).map((name) => name.slice(domain.length + 1));
	},
};

export function resetPreferences(): void {
	nvs.clear();
	commits.length = 0;
}

export default Preference;
