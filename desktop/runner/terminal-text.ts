/*
 * The one place where text from outside (the server, the modem, a device profile, the
 * device log) becomes terminal text. A terminal obeys control characters: ESC and CSI
 * sequences clear the screen, set the window title or write the clipboard (OSC 52), BEL
 * rings. Every such character is shown visibly instead (ESC as `\x1b`), in text mode and
 * in `--json` (where JSON.stringify escapes C0 but leaves DEL and C1 raw). Bidirectional
 * overrides and line separators are shown too, so a line reads as it is.
 */

/** C0, DEL, C1 (U+009B is a one-byte CSI), line/paragraph separators, bidi embeddings and isolates. */
// eslint-disable-next-line no-control-regex -- matching control characters is this module's job
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** The same minus C0, which JSON.stringify already escapes. */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function hex(code: number, digits: number): string {
	return code.toString(16).padStart(digits, "0");
}

function visible(character: string): string {
	const code = character.charCodeAt(0);
	return code <= 0xff ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`;
}

/** Every control character shown as an escape; other text (Chinese included) unchanged. */
export function visibleControls(text: string): string {
	return text.replace(UNSAFE, visible);
}

/**
 * Outside text for one line of output: surrounding white space trimmed (OpenSSL's errors
 * end in a newline), inner line breaks as one space, then every control shown visibly.
 */
export function outsideLine(text: string): string {
	return visibleControls(text.trim().replace(/[ \t]*(?:\r\n|\r|\n)+[ \t]*/g, " "));
}

/** JSON text (C0 already escaped) with DEL, C1 and the other invisible controls as `\u` escapes: the same JSON value. */
export function jsonSafeText(json: string): string {
	return json.replace(UNSAFE_IN_JSON, (character) => `\\u${hex(character.charCodeAt(0), 4)}`);
}

/** One `--json` line. */
export function jsonLine(value: unknown): string {
	return jsonSafeText(JSON.stringify(value));
}

/** Offsets of bytes no output may hold: any C0 but tab and newline (ESC, BEL, …), DEL, C1 as UTF-8. */
export function unsafeTerminalBytes(output: Uint8Array): number[] {
	const found: number[] = [];
	for (let i = 0; i < output.length; i++) {
		const byte = output[i]!;
		if ((byte < 0x20 && byte !== 0x0a && byte !== 0x09) || byte === 0x7f) found.push(i);
		// U+0080..U+009F in UTF-8: C2 80..C2 9F.
		else if (byte === 0xc2 && i + 1 < output.length && output[i + 1]! >= 0x80 && output[i + 1]! <= 0x9f) found.push(i);
	}
	return found;
}
