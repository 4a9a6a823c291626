/*
 * UTF-8 and hex conversions for the Moddable adapters (the codec itself is activation/bytes,
 * shared with the modem). Moddable's HTTP client sends a
 * string body as-is and counts its length in UTF-16 units, so bodies go out as UTF-8
 * bytes; response bytes are decoded once, whole, so a character split across two
 * network fragments is not mangled.
 */
import { bytesOfHex, hexFromBytes, joinBytes, utf8Decode, utf8Encode } from "activation/bytes";

export { hexFromBytes, joinBytes, utf8Decode, utf8Encode };

/** Bytes from an even-length hex string; throws a clear RangeError otherwise. */
export function bytesFromHex(hex: string, what: string): Uint8Array {
	const bytes = bytesOfHex(hex);
	if (bytes === undefined) throw new RangeError(`${what} is not hex`);
	return bytes;
}

/** A standalone ArrayBuffer holding exactly these bytes. */
export function bufferOf(bytes: Uint8Array): ArrayBuffer {
	const buffer = new ArrayBuffer(bytes.length);
	new Uint8Array(buffer).set(bytes);
	return buffer;
}
