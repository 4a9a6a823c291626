/*
 * The server's own words in an answer the device refuses (HTTP 401, 404, 500, …): the
 * "message", "msg" or "error" member of a JSON object, the <title> of an HTML page, or a
 * short plain-text body. Read with flat regular expressions, never a JSON parse, so a
 * hostile body (deep nesting, 8 KB of brackets) costs no stack and little heap. The
 * excerpt is bounded; control characters are left for the output layer to show safely.
 */

import type { FailureReason } from "activation/events";

/** Longest excerpt kept, in UTF-16 code units (about one terminal line). */
export const SERVER_MESSAGE_MAX = 120;
/** Only the start of a body is searched: real error answers say it early. */
const SEARCH_LIMIT = 2048;
/** A plain-text body longer than this is no message (a stack trace, a page). */
const PLAIN_TEXT_MAX = 200;

const MEMBER_PATTERNS: readonly RegExp[] = Object.freeze([
	/"message"\s*:\s*"((?:[^"\\]|\\.){1,400})"/i,
	/"msg"\s*:\s*"((?:[^"\\]|\\.){1,400})"/i,
	/"error"\s*:\s*"((?:[^"\\]|\\.){1,400})"/i,
]);
const TITLE_PATTERN = /<title[^>]*>([^<]{1,200})<\/title>/i;

function shorten(text: string): string {
	const oneLine = text.replace(/\s+/g, " ").trim();
	return oneLine.length > SERVER_MESSAGE_MAX ? oneLine.slice(0, SERVER_MESSAGE_MAX - 1) + "…" : oneLine;
}

function jsonStringValue(escaped: string): string {
	try {
		return JSON.parse(`"${escaped}"`) as string;
	} catch {
		return escaped;
	}
}

/** A short excerpt of what the server said, or undefined when the body says nothing readable. */
export function serverMessageOf(body: string): string | undefined {
	const start = body.length > SEARCH_LIMIT ? body.slice(0, SEARCH_LIMIT) : body;
	const trimmed = start.trim();
	if (trimmed.length === 0) return undefined;
	const first = trimmed.charAt(0);
	if (first === "{" || first === "[") {
		for (const pattern of MEMBER_PATTERNS) {
			const match = pattern.exec(trimmed);
			if (match) {
				const text = shorten(jsonStringValue(match[1]!));
				if (text) return text;
			}
		}
		return undefined;
	}
	if (first === "<") {
		const title = TITLE_PATTERN.exec(trimmed);
		return title ? shorten(title[1]!) || undefined : undefined;
	}
	if (body.length > PLAIN_TEXT_MAX) return undefined;
	return shorten(trimmed) || undefined;
}

/** An HTTP-status failure with the server's message attached when the body has one. */
export function withServerMessage(reason: FailureReason, body: string): FailureReason {
	if (reason.kind !== "http-status") return reason;
	const serverMessage = serverMessageOf(body);
	return serverMessage === undefined ? reason : { ...reason, serverMessage };
}
