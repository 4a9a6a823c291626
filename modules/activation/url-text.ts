/*
 * URLs as people may see them. An OTA URL can carry credentials (`https://user:pass@host/…`,
 * from a flag or from NVS); they are for the connection only, never for a screen, an event
 * or a log line. Pure: used by the core, the screens and the host runner alike.
 */

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
