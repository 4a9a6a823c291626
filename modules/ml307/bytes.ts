/*
 * Byte helpers for the AT channel. XS on the board has no TextEncoder/TextDecoder in the
 * core language, so the modem code carries its own small UTF-8 and hex codecs.
 */

/** UTF-8 bytes of a string (lone surrogates become U+FFFD, as TextEncoder does). */
export function utf8Encode(text: string): Uint8Array {
	const out: number[] = [];
	for (let i = 0; i < text.length; i++) {
		let code = text.charCodeAt(i);
		if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
			const next = text.charCodeAt(i + 1);
			if (next >= 0xdc00 && next <= 0xdfff) {
				code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
				i++;
			} else code = 0xfffd;
		} else if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd;
		if (code < 0x80) out.push(code);
		else if (code < 0x800) out.push(0xc0 | (code >> 6), 0x80 | (code & 0x3f));
		else if (code < 0x10000) out.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
		else
			out.push(
				0xf0 | (code >> 18),
				0x80 | ((code >> 12) & 0x3f),
				0x80 | ((code >> 6) & 0x3f),
				0x80 | (code & 0x3f),
			);
	}
	return Uint8Array.from(out);
}

/** Text of UTF-8 bytes; malformed sequences become U+FFFD instead of throwing. */
export function utf8Decode(bytes: Uint8Array, start = 0, end = bytes.length): string {
	let text = "";
	let i = start;
	while (i < end) {
		const lead = bytes[i]!;
		if (lead < 0x80) {
			text += String.fromCharCode(lead);
			i++;
			continue;
		}
		const extra = lead >= 0xf0 && lead < 0xf8 ? 3 : lead >= 0xe0 ? 2 : lead >= 0xc2 && lead < 0xe0 ? 1 : -1;
		if (extra < 0 || i + extra >= end) {
			text += "\ufffd";
			i++;
			continue;
		}
		let code = lead & (0x3f >> extra);
		let valid = true;
		for (let k = 1; k <= extra; k++) {
			const cont = bytes[i + k]!;
			if ((cont & 0xc0) !== 0x80) {
				valid = false;
				break;
			}
			code = (code << 6) | (cont & 0x3f);
		}
		const minimum = extra === 1 ? 0x80 : extra === 2 ? 0x800 : 0x10000;
		if (!valid || code < minimum || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
			text += "\ufffd";
			i++;
			continue;
		}
		text += String.fromCodePoint(code);
		i += extra + 1;
	}
	return text;
}

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

const HEX_DIGITS = "0123456789ABCDEF";

/** Uppercase hex, as the library sends the request path. */
export function hexEncode(bytes: Uint8Array): string {
	let text = "";
	for (let i = 0; i < bytes.length; i++) {
		const value = bytes[i]!;
		text += HEX_DIGITS[value >> 4]! + HEX_DIGITS[value & 15]!;
	}
	return text;
}

function nibble(code: number): number {
	if (code >= 0x30 && code <= 0x39) return code - 0x30;
	if (code >= 0x41 && code <= 0x46) return code - 0x37;
	if (code >= 0x61 && code <= 0x66) return code - 0x57;
	return -1;
}

/** Bytes of a hex string (either case); undefined when it is not whole bytes of hex. */
export function hexDecode(text: string): Uint8Array | undefined {
	if (text.length % 2 !== 0) return undefined;
	const out = new Uint8Array(text.length / 2);
	for (let i = 0; i < out.length; i++) {
		const high = nibble(text.charCodeAt(2 * i));
		const low = nibble(text.charCodeAt(2 * i + 1));
		if (high < 0 || low < 0) return undefined;
		out[i] = (high << 4) | low;
	}
	return out;
}

/** A Uint8Array view of serial data (no copy). */
export function toBytes(data: ArrayBuffer | Uint8Array): Uint8Array {
	return data instanceof Uint8Array ? data : new Uint8Array(data);
}
