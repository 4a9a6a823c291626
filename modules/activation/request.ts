/*
 * The two requests of the exchange, as the official firmware's Ota::SetupHttp builds
 * them: the same header set on both, in the order its header map sends them
 * (alphabetical by lower-case name), and the activate URL with exactly one slash.
 */

import type { HeaderPair } from "activation/interfaces";
import { jsonString } from "activation/json";
import { DEVICE_DEFAULTS } from "activation/policy";
import { splitHttpUrl } from "activation/url-text";

export const DEFAULT_OTA_URL = DEVICE_DEFAULTS.otaUrl;

export interface DeviceIdentity {
	/** Lower-case, colon-separated Wi-Fi STA MAC. */
	readonly deviceId: string;
	/** UUID from NVS board/uuid. */
	readonly clientId: string;
	/** eFuse serial; its presence makes the device Activation-Version 2. */
	readonly serialNumber?: string;
	/** BOARD_NAME, e.g. "bread-compact-ml307". */
	readonly boardName: string;
	readonly appVersion: string;
	readonly language: string;
}

export function activationVersion(identity: DeviceIdentity): 1 | 2 {
	return identity.serialNumber ? 2 : 1;
}

export function userAgent(identity: DeviceIdentity): string {
	return `${identity.boardName}/${identity.appVersion}`;
}

/** Headers in wire order: Accept-Language, Activation-Version, Client-Id, Content-Type, Device-Id, [Serial-Number], User-Agent. */
export function requestHeaders(identity: DeviceIdentity): HeaderPair[] {
	const headers: HeaderPair[] = [
		["Accept-Language", identity.language],
		["Activation-Version", String(activationVersion(identity))],
		["Client-Id", identity.clientId],
		["Content-Type", "application/json"],
		["Device-Id", identity.deviceId],
	];
	if (identity.serialNumber) headers.push(["Serial-Number", identity.serialNumber]);
	headers.push(["User-Agent", userAgent(identity)]);
	return headers;
}

/** `<ota_url>activate` when the URL ends in "/", else `<ota_url>/activate`. */
export function activateUrl(otaUrl: string): string {
	return otaUrl.endsWith("/") ? otaUrl + "activate" : otaUrl + "/activate";
}

export type UrlProblem = "too-short" | "scheme" | "host";

/** The firmware only refuses URLs shorter than 10 characters; we also say what else is wrong. */
export function checkOtaUrl(url: string): UrlProblem | undefined {
	if (url.length < 10) return "too-short";
	const parts = splitHttpUrl(url);
	// The scheme in lower case only, as the firmware's client compares it.
	if (!parts || parts.authority === "" || !url.startsWith(parts.scheme)) return "scheme";
	if (parts.authority.startsWith(":")) return "host";
	return undefined;
}

/** Host (and port) of a URL, for the "checking <host>" screen; never the userinfo. */
export function urlHost(url: string): string {
	const match = /^[a-z]+:\/\/([^/?#]+)/i.exec(url);
	const authority = match?.[1];
	return authority === undefined ? url : authority.slice(authority.lastIndexOf("@") + 1);
}

/**
 * The activate body: `{}` for version 1; for version 2 the signed object, in the
 * firmware's member order. `hmacHex` undefined means signing failed: the firmware then
 * falls back to `{}` and so do we.
 */
export function activationBody(serialNumber: string | undefined, challenge: string, hmacHex: string | undefined): string {
	if (!serialNumber || hmacHex === undefined) return "{}";
	return (
		`{"algorithm":"hmac-sha256","serial_number":${jsonString(serialNumber)}` +
		`,"challenge":${jsonString(challenge)},"hmac":${jsonString(hmacHex)}}`
	);
}

function sameIdentity(a: DeviceIdentity, b: DeviceIdentity): boolean {
	return (
		a === b ||
		(a.deviceId === b.deviceId &&
			a.clientId === b.clientId &&
			a.serialNumber === b.serialNumber &&
			a.boardName === b.boardName &&
			a.appVersion === b.appVersion &&
			a.language === b.language)
	);
}

/**
 * The parts of the requests that stay the same from one 3-s poll to the next (the header
 * list, the activate URL), made once and handed out again while the identity and the OTA URL
 * are unchanged: a poll then allocates no headers. One per flow.
 */
export class RequestParts {
	#identity: DeviceIdentity | undefined;
	#headers: readonly HeaderPair[] = [];
	#otaUrl: string | undefined;
	#activateUrl = "";

	headers(identity: DeviceIdentity): readonly HeaderPair[] {
		if (this.#identity === undefined || !sameIdentity(this.#identity, identity)) {
			this.#headers = Object.freeze(requestHeaders(identity).map((pair) => Object.freeze(pair)));
			this.#identity = identity;
		}
		return this.#headers;
	}

	activateUrl(otaUrl: string): string {
		if (otaUrl !== this.#otaUrl) {
			this.#activateUrl = activateUrl(otaUrl);
			this.#otaUrl = otaUrl;
		}
		return this.#activateUrl;
	}
}
Object.freeze(RequestParts.prototype);
