/*
 * The one UTF-8 and hex codec of the device. XS has no TextEncoder/TextDecoder in the core
 * language, so the request body (Moddable HTTP client), the AT channel (ML307R) and the
 * board facts all convert here.
 *
 * Malformed UTF-8 decodes as the WHATWG decoder (and Node) do: each maximal malformed
 * subpart becomes one U+FFFD, so a character cut at the end of a buffer is one U+FFFD,
 * never thrown and never one U+FFFD per byte.
 */
import { utf8Length } from "activation/nvs-rules";

/** UTF-8 bytes of a string (lone surrogates become U+FFFD, as TextEncoder does). */
export function utf8Encode(text: string): Uint8Array {
	// A lone surrogate counts 3 bytes there, the size of the U+FFFD written for it below.
	const bytes = new Uint8Array(utf8Length(text));
	let at = 0;
	for (let i = 0; i < text.length; i++) {
		let code = text.charCodeAt(i);
		if (code >= 0xd800 && code <= 0xdbff && isLowSurrogate(text, i + 1)) {
			code = 0x10000 + ((code - 0xd800) << 10) + (text.charCodeAt(++i) - 0xdc00);
		} else if (code >= 0xd800 && code <= 0xdfff) {
			code = 0xfffd; // a lone surrogate has no UTF-8 form
		}
		if (code < 0x80) bytes[at++] = code;
		else if (code < 0x800) {
			bytes[at++] = 0xc0 | (code >> 6);
			bytes[at++] = 0x80 | (code & 63);
		} else if (code < 0x10000) {
			bytes[at++] = 0xe0 | (code >> 12);
			bytes[at++] = 0x80 | ((code >> 6) & 63);
			bytes[at++] = 0x80 | (code & 63);
		} else {
			bytes[at++] = 0xf0 | (code >> 18);
			bytes[at++] = 0x80 | ((code >> 12) & 63);
			bytes[at++] = 0x80 | ((code >> 6) & 63);
			bytes[at++] = 0x80 | (code & 63);
		}
	}
	return bytes;
}

function isLowSurrogate(text: string, index: number): boolean {
	if (index >= text.length) return false;
	const unit = text.charCodeAt(index);
	return unit >= 0xdc00 && unit <= 0xdfff;
}

/** Text of the UTF-8 bytes in [start, end); each malformed sequence becomes one U+FFFD. */
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
		let need: number;
		let code: number;
		// The first continuation byte's range excludes overlong forms, surrogates and > U+10FFFF.
		let lower = 0x80;
		let upper = 0xbf;
		if (lead >= 0xc2 && lead <= 0xdf) {
			need = 1;
			code = lead & 0x1f;
		} else if (lead >= 0xe0 && lead <= 0xef) {
			need = 2;
			code = lead & 0x0f;
			if (lead === 0xe0) lower = 0xa0;
			if (lead === 0xed) upper = 0x9f;
		} else if (lead >= 0xf0 && lead <= 0xf4) {
			need = 3;
			code = lead & 0x07;
			if (lead === 0xf0) lower = 0x90;
			if (lead === 0xf4) upper = 0x8f;
		} else {
			text += "\ufffd";
			i++;
			continue;
		}
		let seen = 0;
		while (seen < need && i + 1 + seen < end) {
			const next = bytes[i + 1 + seen]!;
			if (next < lower || next > upper) break;
			code = (code << 6) | (next & 0x3f);
			lower = 0x80;
			upper = 0xbf;
			seen++;
		}
		if (seen < need) {
			// The lead and the continuation bytes that fitted are one malformed sequence.
			text += "\ufffd";
			i += 1 + seen;
			continue;
		}
		text += String.fromCodePoint(code);
		i += need + 1;
	}
	return text;
}

const LOWER_HEX = "0123456789abcdef";
const UPPER_HEX = "0123456789ABCDEF";

/** Hex of the bytes, two digits a byte; lower case unless `upper` (the ML307R's AT hex is upper case). */
export function hexFromBytes(bytes: Uint8Array, upper = false): string {
	const digits = upper ? UPPER_HEX : LOWER_HEX;
	let hex = "";
	for (let i = 0; i < bytes.length; i++) hex += digits[bytes[i]! >> 4]! + digits[bytes[i]! & 15]!;
	return hex;
}

function nibble(code: number): number {
	if (code >= 0x30 && code <= 0x39) return code - 0x30;
	if (code >= 0x41 && code <= 0x46) return code - 0x37;
	if (code >= 0x61 && code <= 0x66) return code - 0x57;
	return -1;
}

/** Bytes of a hex string (either case); undefined when it is not whole bytes of hex. */
export function bytesOfHex(hex: string): Uint8Array | undefined {
	if (hex.length % 2 !== 0) return undefined;
	const out = new Uint8Array(hex.length / 2);
	for (let i = 0; i < out.length; i++) {
		const high = nibble(hex.charCodeAt(2 * i));
		const low = nibble(hex.charCodeAt(2 * i + 1));
		if (high < 0 || low < 0) return undefined;
		out[i] = (high << 4) | low;
	}
	return out;
}
