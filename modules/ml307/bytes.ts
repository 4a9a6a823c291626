/*
 * Byte helpers for the AT channel: the device's one UTF-8 and hex codec (activation/bytes)
 * under the names the modem code uses, and the ASCII check for AT command text.
 */
import { bytesOfHex, hexFromBytes, joinBytes, utf8Decode, utf8Encode } from "activation/bytes";
import { utf8Length } from "activation/nvs-rules";

export { joinBytes, utf8Decode, utf8Encode, utf8Length };

/** Bytes of an ASCII string (AT command text); throws on anything outside 0x00–0x7F. */
export function asciiBytes(text: string): Uint8Array {
	const out = new Uint8Array(text.length);
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code > 0x7f) throw new RangeError(`AT command text must be ASCII (found U+${code.toString(16)})`);
		out[i] = code;
	}
	return out;
}

/** Uppercase hex, as the library sends the request path. */
export function hexEncode(bytes: Uint8Array): string {
	return hexFromBytes(bytes, true);
}

/** Bytes of a hex string (either case); undefined when it is not whole bytes of hex. */
export const hexDecode = bytesOfHex;
