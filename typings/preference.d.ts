/* Our declaration of the Moddable "preference" module: only what this project uses.
 * On ESP32 it is NVS: domain and key of at most 15 characters, values of at most 4000 bytes,
 * integers only (a float throws "float unsupported"); lin is more permissive. */

declare module "preference" {
	export type PreferenceValue = boolean | number | string | ArrayBuffer;
	const Preference: {
		set(domain: string, key: string, value: PreferenceValue): void;
		/** undefined when the key is missing. */
		get(domain: string, key: string): PreferenceValue | undefined;
		delete(domain: string, key: string): void;
		keys(domain: string): string[];
	};
	export default Preference;
}
