/* Fake of Moddable's "Resource": the resources a test puts in `resources`. */
export const resources = new Map<string, Uint8Array>();

export default class Resource {
	readonly #bytes: Uint8Array;
	constructor(path: string) {
		const bytes = resources.get(path);
		if (!bytes) throw new Error(`Resource: ${path} not found`);
		this.#bytes = bytes;
	}
	get byteLength(): number {
		return this.#bytes.length;
	}
	slice(begin: number, end?: number): ArrayBuffer {
		return this.#bytes.slice(begin, end).buffer;
	}
	static exists(path: string): boolean {
		return resources.has(path);
	}
}
