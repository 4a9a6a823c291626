/*
 * URLs as people may see them. An OTA URL can carry credentials (`https://user:pass@host/…`,
 * from a flag or from NVS); they are for the connection only, never for a screen, an event
 * or a log line. Pure: used by the core, the screens and the host runner alike.
 */

/** The parts of an http(s) URL every HTTP client needs; the one URL splitter of the device. */
export interface HttpUrlParts {
	/** Lower case. */
	readonly scheme: "http" | "https";
	/** `host[:port]`, possibly with userinfo or empty: each client says what it accepts. */
	readonly authority: string;
	/** Path and query, starting with "/" ("/" when the URL has none); the fragment is dropped. */
	readonly path: string;
}

/** Splits `http(s)://authority/path?query#fragment` (scheme in any case); undefined for anything else. */
export function splitHttpUrl(url: string): HttpUrlParts | undefined {
	const match = /^(https?):\/\/([^/?#]*)([^#]*)/i.exec(url);
	if (!match) return undefined;
	let path = match[3]!;
	if (path === "") path = "/";
	else if (path.startsWith("?")) path = "/" + path;
	return { scheme: match[1]!.toLowerCase() as "http" | "https", authority: match[2]!, path };
}

/** The URL without its userinfo (`user:pass@`); anything that is not `scheme://…` is returned as is. */
export function urlWithoutUserinfo(url: string): string {
	const match = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)/i.exec(url);
	if (!match) return url;
	const authority = match[2]!;
	const at = authority.lastIndexOf("@");
	if (at < 0) return url;
	return match[1]! + authority.slice(at + 1) + url.slice(match[0].length);
}

/** Whether the URL carries userinfo (the runner says it was left out). */
export function urlHasUserinfo(url: string): boolean {
	return urlWithoutUserinfo(url) !== url;
}
