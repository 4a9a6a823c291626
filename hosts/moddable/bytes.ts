/*
 * UTF-8 and hex conversions for the Moddable adapters. Moddable's HTTP client sends a
 * string body as-is and counts its length in UTF-16 units, so bodies go out as UTF-8
 * bytes; response bytes are decoded once, whole, so a character split across two
 * network fragments is not mangled.
 */
import { utf8Length } from "activation/nvs-rules";

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

/** Decodes UTF-8; each malformed sequence becomes U+FFFD, as the WHATWG decoder (and Node) do. */
export function utf8Decode(bytes: Uint8Array): string {
	let text = "";
	let i = 0;
	while (i < bytes.length) {
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
		while (seen < need) {
			const next = bytes[i + 1 + seen];
			if (next === undefined || next < lower || next > upper) break;
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

const HEX_DIGITS = "0123456789abcdef";

/** Lower-case hex, two digits a byte. */
export function hexFromBytes(bytes: Uint8Array): string {
	let hex = "";
	for (let i = 0; i < bytes.length; i++) hex += HEX_DIGITS[bytes[i]! >> 4]! + HEX_DIGITS[bytes[i]! & 15]!;
	return hex;
}

/** Bytes from an even-length hex string; throws a clear RangeError otherwise. */
export function bytesFromHex(hex: string, what: string): Uint8Array {
	if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) throw new RangeError(`${what} is not hex`);
	const bytes = new Uint8Array(hex.length / 2);
	for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
	return bytes;
}

/** A standalone ArrayBuffer holding exactly these bytes. */
export function bufferOf(bytes: Uint8Array): ArrayBuffer {
	const buffer = new ArrayBuffer(bytes.length);
	new Uint8Array(buffer).set(bytes);
	return buffer;
}
