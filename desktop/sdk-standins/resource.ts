/*
 * Stand-in for the SDK's "Resource" ($(MODULES)/files/resource/Resource.c): a read-only host
 * buffer over the bytes the host holds for the build's resources. As the C: a missing one is
 * URIError "Resource not found: <path>"; byteLength is its size; slice(begin, end) copies
 * [begin, end) into a new ArrayBuffer (begin below 0 is 0, end is clamped to the size and is
 * never before begin; without an end, to the end: what the simulator's real module does). It is a host buffer, not an ArrayBuffer: AudioOut takes it as samples,
 * an ArrayBuffer it refuses ("non-relocatable block required").
 */
import type SdkResource from "Resource";
import { hostPart } from "./host.ts";

const bytesOf = new WeakMap<object, Uint8Array>();
const names = new WeakMap<object, string>();

/** xsToInteger. */
function toInteger(value: unknown): number {
	return Number(value) | 0;
}

class Resource {
	constructor(path: string) {
		const name = String(path);
		const bytes = hostPart("resource", "Resource")(name);
		if (!bytes) throw new URIError(`Resource not found: ${name}`);
		bytesOf.set(this, bytes);
		names.set(this, name);
		Object.freeze(this);
	}

	get byteLength(): number {
		return bytesOf.get(this)!.length;
	}

	slice(begin: number, end?: number): ArrayBuffer {
		const bytes = bytesOf.get(this)!;
		const start = Math.max(0, toInteger(begin));
		let stop = end === undefined ? bytes.length : toInteger(end);
		if (stop < start) stop = start;
		else if (stop > bytes.length) stop = bytes.length;
		return bytes.slice(start, stop).buffer;
	}

	static exists(path: string): boolean {
		return hostPart("resource", "Resource")(String(path)) !== undefined;
	}
}
Object.freeze(Resource.prototype);

/** A host buffer the Resource stand-in made, with its bytes and the name it was opened with (for AudioOut). */
export function hostBufferOf(value: unknown): { readonly bytes: Uint8Array; readonly name: string } | undefined {
	if (typeof value !== "object" || value === null) return undefined;
	const bytes = bytesOf.get(value);
	return bytes ? { bytes, name: names.get(value)! } : undefined;
}

// Typed as the SDK's API as the project declares it (typings/Resource.d.ts).
export default Resource as unknown as typeof SdkResource;
