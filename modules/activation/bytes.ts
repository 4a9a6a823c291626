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

/**
 * Called through `.call`: `text.charCodeAt(i)` or `text.length` on a string primitive makes XS
 * build a String wrapper on the heap each time.
 */
const charCodeAt = String.prototype.charCodeAt;
const fromCharCode = String.fromCharCode;
/**
 * Text is made in pieces of this many UTF-16 units, joined once at the end: XS copies the
 * whole string on every `+=`, so a character at a time costs the square of the length (a
 * 1.3 KB modem line was ~0.8 MB of garbage). `fromCharCode.apply` puts each unit of a
 * piece on the XS stack, hence a small piece.
 */
const PIECE_UNITS = 32;

/** Moves the units gathered so far into `pieces` as one string. */
function flushUnits(pieces: string[], units: number[]): void {
	// Not a spread: XS would walk the array with an iterator object.
	// eslint-disable-next-line prefer-spread
	pieces.push(fromCharCode.apply(undefined, units));
	units.length = 0;
}

function joinPieces(pieces: string[], units: number[]): string {
	if (units.length > 0) flushUnits(pieces, units);
	return pieces.length === 1 ? pieces[0]! : pieces.join("");
}

/** UTF-8 bytes of a string (lone surrogates become U+FFFD, as TextEncoder does). */
export function utf8Encode(text: string): Uint8Array {
	// A lone surrogate counts 3 bytes there, the size of the U+FFFD written for it below.
	const bytes = new Uint8Array(utf8Length(text));
	let at = 0;
	// charCodeAt is NaN past the end: the loop needs no `text.length`.
	for (let i = 0, code = charCodeAt.call(text, 0); code >= 0; code = charCodeAt.call(text, ++i)) {
		if (code >= 0xd800 && code <= 0xdbff && isLowSurrogate(text, i + 1)) {
			code = 0x10000 + ((code - 0xd800) << 10) + (charCodeAt.call(text, ++i) - 0xdc00);
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
	const unit = charCodeAt.call(text, index);
	return unit >= 0xdc00 && unit <= 0xdfff;
}

/** The pieces one after the other, in one array of `length` bytes (their total). */
export function joinBytes(pieces: readonly Uint8Array[], length: number): Uint8Array {
	const whole = new Uint8Array(length);
	let at = 0;
	for (let i = 0; i < pieces.length; i++) {
		whole.set(pieces[i]!, at);
		at += pieces[i]!.length;
	}
	return whole;
}

/** Text of the UTF-8 bytes in [start, end); each malformed sequence becomes one U+FFFD. */
export function utf8Decode(bytes: Uint8Array, start = 0, end = bytes.length): string {
	const pieces: string[] = [];
	const units: number[] = [];
	let i = start;
	while (i < end) {
		const lead = bytes[i]!;
		let code = 0xfffd;
		let need = 0;
		// The first continuation byte's range excludes overlong forms, surrogates and > U+10FFFF.
		let lower = 0x80;
		let upper = 0xbf;
		if (lead < 0x80) code = lead;
		else if (lead >= 0xc2 && lead <= 0xdf) {
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
		// The lead and the continuation bytes that fitted are one malformed sequence.
		if (seen < need) code = 0xfffd;
		i += 1 + seen;
		if (code < 0x10000) units.push(code);
		else units.push(0xd800 + ((code - 0x10000) >> 10), 0xdc00 + ((code - 0x10000) & 0x3ff));
		if (units.length >= PIECE_UNITS) flushUnits(pieces, units);
	}
	return joinPieces(pieces, units);
}

/** Hex of the bytes, two digits a byte; lower case unless `upper` (the ML307R's AT hex is upper case). */
export function hexFromBytes(bytes: Uint8Array, upper = false): string {
	// A digit's code is 0x30 + n below 10, else this + n ("a" - 10, or "A" - 10).
	const letters = upper ? 0x37 : 0x57;
	const pieces: string[] = [];
	const units: number[] = [];
	for (let i = 0; i < bytes.length; i++) {
		const high = bytes[i]! >> 4;
		const low = bytes[i]! & 15;
		units.push(high < 10 ? 0x30 + high : letters + high, low < 10 ? 0x30 + low : letters + low);
		if (units.length >= PIECE_UNITS) flushUnits(pieces, units);
	}
	return joinPieces(pieces, units);
}

function nibble(code: number): number {
	if (code >= 0x30 && code <= 0x39) return code - 0x30;
	if (code >= 0x41 && code <= 0x46) return code - 0x37;
	if (code >= 0x61 && code <= 0x66) return code - 0x57;
	return -1;
}

/** Bytes of a hex string (either case); undefined when it is not whole bytes of hex. */
export function bytesOfHex(hex: string): Uint8Array | undefined {
	const length = hex.length;
	if (length % 2 !== 0) return undefined;
	const out = new Uint8Array(length / 2);
	for (let i = 0; i < out.length; i++) {
		const high = nibble(charCodeAt.call(hex, 2 * i));
		const low = nibble(charCodeAt.call(hex, 2 * i + 1));
		if (high < 0 || low < 0) return undefined;
		out[i] = (high << 4) | low;
	}
	return out;
}
