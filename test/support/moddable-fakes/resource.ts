/* Fake of Moddable's "Resource": the resources a test puts in `resources`. */
export const resources = new Map<string, Uint8Array>();

export default class Resource {
	readonly #bytes: Uint8Array;
	/** The name it was opened with (for fakes that take a resource, such as AudioOut's). */
	readonly path: string;
	constructor(path: string) {
		const bytes = resources.get(path);
		if (!bytes) throw new Error(`Resource: ${path} not found`);
		this.#bytes = bytes;
		this.path = path;
	}
	get byteLength(): number {
		return this.#bytes.length;
	}
	slice(begin: number, end?: number): ArrayBuffer {
		// A copy even when a test stored a Node Buffer (whose own slice is a view on a shared pool).
		return Uint8Array.prototype.slice.call(this.#bytes, begin, end).buffer;
	}
	static exists(path: string): boolean {
		return resources.has(path);
	}
}
