/*
 * Splits an http(s) URL into what Moddable's HTTP client takes (host, port, path). Only
 * what a Xiaozhi OTA URL needs: no user info, no IPv6 literals; the fragment is dropped
 * and the query kept, as any HTTP client does (the split itself is activation/url-text's).
 */
import { splitHttpUrl } from "activation/url-text";

export interface HttpTarget {
	readonly secure: boolean;
	readonly host: string;
	readonly port: number;
	/** Path and query, starting with "/". */
	readonly path: string;
}

export type UrlParse = { readonly ok: true; readonly target: HttpTarget } | { readonly ok: false; readonly problem: string };

const MAX_URL_LENGTH = 2048;

export function parseHttpUrl(url: string): UrlParse {
	if (typeof url !== "string" || url.length > MAX_URL_LENGTH) return { ok: false, problem: "URL missing or too long" };
	const parts = splitHttpUrl(url);
	if (!parts) return { ok: false, problem: `not an http(s) URL: ${url}` };
	const secure = parts.scheme === "https";
	const authority = parts.authority;
	if (authority.includes("@")) return { ok: false, problem: "user info in URLs is not supported" };
	const hostPort = /^([A-Za-z0-9.-]+)(?::(\d{1,5}))?$/.exec(authority);
	if (!hostPort) return { ok: false, problem: `bad host in URL: ${authority || "(empty)"}` };
	const port = hostPort[2] === undefined ? (secure ? 443 : 80) : Number(hostPort[2]);
	if (port < 1 || port > 65535) return { ok: false, problem: `bad port in URL: ${hostPort[2]}` };
	return { ok: true, target: Object.freeze({ secure, host: hostPort[1]!, port, path: parts.path }) };
}
