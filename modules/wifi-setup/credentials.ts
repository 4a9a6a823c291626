/*
 * What a person typed on the setup page, read from a request body and checked before any
 * radio sees it: JSON (`{"ssid":"…","password":"…"}`, the official API) or a form
 * (`ssid=…&password=…`, a browser without script). Limits: a body of at most 1024 bytes (the
 * official one's), an SSID of 1–32 UTF-8 bytes, a password empty (open network) or 8–63
 * bytes (WPA2's passphrase), neither with a NUL (NVS keeps C strings). The password never
 * appears in a problem's words.
 */
import { utf8Decode, utf8Encode } from "activation/bytes";
import { parseJsonFirstWins } from "activation/json-parse";
import { utf8Length } from "activation/nvs-rules";

export const MAX_BODY_BYTES = 1024;
export const MAX_SSID_BYTES = 32;
export const MIN_PASSWORD_BYTES = 8;
export const MAX_PASSWORD_BYTES = 63;

export type CredentialsProblem = "too-large" | "bad-body" | "bad-ssid" | "bad-password";

export type Credentials =
	| { readonly ok: true; readonly ssid: string; readonly password: string }
	| { readonly ok: false; readonly problem: CredentialsProblem; readonly message: string };

/** The official firmware's words where it has them ("Invalid SSID"), with the rule added. */
export const CREDENTIALS_MESSAGES: Readonly<Record<CredentialsProblem, string>> = Object.freeze({
	"too-large": `Payload too large (more than ${MAX_BODY_BYTES} bytes)`,
	"bad-body": "Invalid body: JSON {\"ssid\",\"password\"} or a form ssid=…&password=…",
	"bad-ssid": `Invalid SSID: 1 to ${MAX_SSID_BYTES} bytes, no NUL`,
	"bad-password": `Invalid password: empty for an open network, else ${MIN_PASSWORD_BYTES} to ${MAX_PASSWORD_BYTES} bytes`,
});

const { indexOf, toLowerCase } = String.prototype;

function refused(problem: CredentialsProblem): Credentials {
	return { ok: false, problem, message: CREDENTIALS_MESSAGES[problem] };
}

/** Whether the body is a JSON object (its first byte other than white space is `{`), whatever its label says. */
function looksLikeJson(body: Uint8Array): boolean {
	for (let i = 0; i < body.length; i++) {
		const byte = body[i]!;
		if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return byte === 0x7b;
	}
	return false;
}

/**
 * The body's fields, or a problem. A JSON object is read as JSON whatever the Content-Type
 * (the official server ignores it, and curl labels `-d '{…}'` as a form); else a form when
 * labelled so.
 */
export function readCredentials(body: Uint8Array, contentType: string): Credentials {
	if (body.length > MAX_BODY_BYTES) return refused("too-large");
	const form = !looksLikeJson(body) && indexOf.call(toLowerCase.call(contentType), "application/x-www-form-urlencoded") >= 0;
	const fields = form ? formFields(body) : jsonFields(body);
	if (!fields) return refused("bad-body");
	const { ssid, password } = fields;
	if (!validSsid(ssid)) return refused("bad-ssid");
	if (!validPassword(password)) return refused("bad-password");
	return { ok: true, ssid, password };
}

export function validSsid(ssid: string): boolean {
	const bytes = utf8Length(ssid);
	return bytes >= 1 && bytes <= MAX_SSID_BYTES && indexOf.call(ssid, "\u0000") < 0;
}

export function validPassword(password: string): boolean {
	if (password === "") return true;
	const bytes = utf8Length(password);
	return bytes >= MIN_PASSWORD_BYTES && bytes <= MAX_PASSWORD_BYTES && indexOf.call(password, "\u0000") < 0;
}

interface Fields {
	readonly ssid: string;
	readonly password: string;
}

/** The text of well-formed UTF-8, else undefined (a malformed byte would be stored as U+FFFD). */
export function strictUtf8(bytes: Uint8Array): string | undefined {
	const text = utf8Decode(bytes);
	const again = utf8Encode(text);
	if (again.length !== bytes.length) return undefined;
	for (let i = 0; i < again.length; i++) if (again[i] !== bytes[i]) return undefined;
	return text;
}

function jsonFields(body: Uint8Array): Fields | undefined {
	const text = strictUtf8(body);
	// One object of strings: the project's parse (no recursion, the first of repeated names kept) refuses anything nested.
	if (text === undefined) return undefined;
	const read = parseJsonFirstWins(text, 1);
	if (!read.ok) return undefined;
	const parsed = read.value;
	if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return undefined;
	const { ssid, password } = parsed as { ssid?: unknown; password?: unknown };
	if (typeof ssid !== "string" || (password !== undefined && password !== null && typeof password !== "string")) return undefined;
	return { ssid, password: typeof password === "string" ? password : "" };
}

const PLUS = 0x2b;
const PERCENT = 0x25;
const AMPERSAND = 0x26;
const EQUALS = 0x3d;

function hexValue(byte: number): number {
	if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
	const lower = byte | 0x20;
	return lower >= 0x61 && lower <= 0x66 ? lower - 0x57 : -1;
}

/** `application/x-www-form-urlencoded`: `+` is a space, `%XX` a byte, the bytes UTF-8. */
function formFields(body: Uint8Array): Fields | undefined {
	let ssid: string | undefined;
	let password = "";
	for (let start = 0; start < body.length; ) {
		let end = start;
		while (end < body.length && body[end] !== AMPERSAND) end++;
		let equals = start;
		while (equals < end && body[equals] !== EQUALS) equals++;
		const name = formDecode(body, start, equals);
		const value = equals < end ? formDecode(body, equals + 1, end) : "";
		if (name === undefined || value === undefined) return undefined;
		if (name === "ssid") ssid = value;
		else if (name === "password") password = value;
		start = end + 1;
	}
	return ssid === undefined ? undefined : { ssid, password };
}

function formDecode(body: Uint8Array, start: number, end: number): string | undefined {
	const bytes = new Uint8Array(end - start);
	let length = 0;
	for (let i = start; i < end; i++) {
		const byte = body[i]!;
		if (byte === PLUS) bytes[length++] = 0x20;
		else if (byte !== PERCENT) bytes[length++] = byte;
		else {
			const high = i + 2 < end ? hexValue(body[i + 1]!) : -1;
			const low = i + 2 < end ? hexValue(body[i + 2]!) : -1;
			if (high < 0 || low < 0) return undefined;
			bytes[length++] = (high << 4) | low;
			i += 2;
		}
	}
	return strictUtf8(bytes.subarray(0, length));
}
