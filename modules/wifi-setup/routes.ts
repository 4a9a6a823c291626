/*
 * The setup hotspot's HTTP API, as one pure handler (the official firmware's routes and
 * JSON, so its clients work unchanged):
 *
 *   GET  /                              the page
 *   GET  /scan                          {"support_5g":false,"aps":[{"ssid","rssi","authmode"}…]}
 *   POST /submit {"ssid","password"}    joins first, then stores: {"success":true} or
 *                                       {"success":false,"error":"…","reason":"wrong-password"…}
 *   GET  /saved/list                    ["ssid",…] (never a password)
 *   GET  /saved/set_default?index=N     {}
 *   GET  /saved/delete?index=N          {}
 *   GET  /advanced/config               {"ota_url":"…","show_ota_config":true}
 *   POST /advanced/submit {"ota_url"}   {"success":true}
 *   POST /exit                          {"success":true}; setup ends once it was sent
 *
 * Beyond the official one: every other path, whatever the method, is a 302 to the page (no
 * list of phones' probe URLs to fall behind: Windows' /connecttest.txt is covered), failures
 * carry a `reason` the page words itself, and a bad index or body says so (400).
 * Answers are ASCII: the SDK's server writes strings as C strings, so every non-ASCII
 * character of a JSON answer is \u-escaped.
 */
import type { KeyValueStore } from "activation/interfaces";
import { NVS_KEYS } from "activation/settings";
import { splitHttpUrl } from "activation/url-text";
import { readCredentials, strictUtf8 } from "wifi-setup/credentials";
import type { ByteSource, ScanEntry, SetupHandler, SetupRequest, SetupResponse } from "wifi-setup/interfaces";
import { JOIN_FAILURE_MESSAGES, type JoinResult } from "wifi-setup/join";
import { deleteSavedNetwork, makeDefaultNetwork, savedSsids } from "wifi-setup/networks";
import { parseJsonFirstWins } from "activation/json-parse";

/** What the routes ask of the setup session. */
export interface SetupActions {
	/** The last scan, as GET /scan lists it. */
	scanned(): readonly ScanEntry[];
	/** Joins and, on success, stores the network; "busy" while another join runs. */
	submit(ssid: string, password: string): Promise<JoinResult | "busy">;
	/** POST /exit was answered: leave setup mode. */
	exit(): void;
}

export interface SetupRoutesOptions {
	readonly store: KeyValueStore;
	readonly page: ByteSource;
	/** Where every unknown path is sent (`http://192.168.4.1/` on the board). */
	readonly pageUrl: string;
	readonly actions: SetupActions;
}

/** Longest OTA URL taken from the page (the firmware's own is 37 bytes). */
export const MAX_OTA_URL_BYTES = 256;

const JSON_HEADERS: readonly string[] = Object.freeze(["content-type", "application/json", "cache-control", "no-store"]);
const PAGE_HEADERS: readonly string[] = Object.freeze(["content-type", "text/html; charset=utf-8", "cache-control", "no-store"]);

const { indexOf, slice, charCodeAt } = String.prototype;

/** JSON text with every character above U+007F written as \uXXXX: the same value, ASCII only. */
export function asciiJson(value: unknown): string {
	const text = JSON.stringify(value);
	let ascii = true;
	for (let i = 0, unit = charCodeAt.call(text, 0); unit >= 0; unit = charCodeAt.call(text, ++i))
		if (unit > 0x7e) {
			ascii = false;
			break;
		}
	if (ascii) return text;
	const pieces: string[] = [];
	let from = 0;
	for (let i = 0, unit = charCodeAt.call(text, 0); unit >= 0; unit = charCodeAt.call(text, ++i)) {
		if (unit <= 0x7e) continue;
		pieces.push(slice.call(text, from, i), "\\u" + (0x10000 + unit).toString(16).slice(1));
		from = i + 1;
	}
	pieces.push(slice.call(text, from));
	return pieces.join("");
}

function json(status: number, value: unknown): SetupResponse {
	return { status, headers: JSON_HEADERS, body: asciiJson(value) };
}

function failure(status: number, error: string, reason: string): SetupResponse {
	return json(status, { success: false, error, reason });
}

/** `index` of a query (`index=2`), or -1 when it is missing or not a plain number. */
export function queryIndex(target: string): number {
	const query = indexOf.call(target, "?");
	if (query < 0) return -1;
	const pairs = (slice.call(target, query + 1) as string).split("&");
	for (let i = 0; i < pairs.length; i++) {
		const pair = pairs[i]!;
		if (slice.call(pair, 0, 6) !== "index=") continue;
		const digits: string = slice.call(pair, 6);
		if (digits.length === 0 || digits.length > 2) return -1;
		for (let j = 0; j < digits.length; j++) if (charCodeAt.call(digits, j) < 0x30 || charCodeAt.call(digits, j) > 0x39) return -1;
		return Number(digits);
	}
	return -1;
}

function pathOf(target: string): string {
	const query = indexOf.call(target, "?");
	return query < 0 ? target : slice.call(target, 0, query);
}

/** The method each known path takes. */
const ROUTE_METHODS: Readonly<Record<string, string>> = Object.freeze({
	"/": "GET",
	"/scan": "GET",
	"/submit": "POST",
	"/saved/list": "GET",
	"/saved/set_default": "GET",
	"/saved/delete": "GET",
	"/advanced/config": "GET",
	"/advanced/submit": "POST",
	"/exit": "POST",
});

export class SetupRoutes implements SetupHandler {
	readonly #options: SetupRoutesOptions;

	constructor(options: SetupRoutesOptions) {
		this.#options = options;
	}

	waitsForRadio(method: string, target: string): boolean {
		return method === "POST" && pathOf(target) === "/submit";
	}

	handle(request: SetupRequest): SetupResponse | Promise<SetupResponse> {
		const path = pathOf(request.target);
		const method = Object.prototype.hasOwnProperty.call(ROUTE_METHODS, path) ? ROUTE_METHODS[path] : undefined;
		if (method === undefined) return { status: 302, headers: Object.freeze(["location", this.#options.pageUrl, "cache-control", "no-store"]), body: "" };
		if (request.method !== method && !(method === "GET" && request.method === "HEAD"))
			return { status: 405, headers: Object.freeze(["allow", method, ...JSON_HEADERS]), body: asciiJson({ success: false, error: `${path} takes ${method}`, reason: "method" }) };
		switch (path) {
			case "/":
				return { status: 200, headers: PAGE_HEADERS, body: this.#options.page };
			case "/scan":
				return json(200, { support_5g: false, aps: this.#options.actions.scanned().map((entry) => ({ ssid: entry.ssid, rssi: entry.rssi, authmode: entry.authmode })) });
			case "/submit":
				return this.#submit(request);
			case "/saved/list":
				return json(200, savedSsids(this.#options.store));
			case "/saved/set_default":
			case "/saved/delete":
				return this.#changeSaved(path, queryIndex(request.target));
			case "/advanced/config":
				return json(200, this.#advancedConfig());
			case "/advanced/submit":
				return this.#advancedSubmit(request);
			default:
				return json(200, { success: true });
		}
	}

	sent(request: SetupRequest): void {
		if (request.method === "POST" && pathOf(request.target) === "/exit") this.#options.actions.exit();
	}

	async #submit(request: SetupRequest): Promise<SetupResponse> {
		const credentials = readCredentials(request.body, request.contentType);
		if (!credentials.ok) return failure(credentials.problem === "too-large" || credentials.problem === "bad-body" ? 400 : 200, credentials.message, credentials.problem);
		const result = await this.#options.actions.submit(credentials.ssid, credentials.password);
		if (result === "busy") return failure(409, "Another network is being joined: try again in a moment", "busy");
		if (result.ok) return json(200, { success: true });
		return failure(200, JOIN_FAILURE_MESSAGES[result.reason], result.reason);
	}

	#changeSaved(path: string, index: number): SetupResponse {
		const store = this.#options.store;
		try {
			const done = path === "/saved/delete" ? deleteSavedNetwork(store, index) : makeDefaultNetwork(store, index);
			return done ? json(200, {}) : failure(400, `No saved network at index ${index < 0 ? "(none given)" : index}`, "bad-index");
		} catch (error) {
			return failure(500, `Could not store the change: ${(error as Error).message}`, "storage");
		}
	}

	#advancedConfig(): Record<string, unknown> {
		const stored = this.#options.store.get(NVS_KEYS.otaUrl[0], NVS_KEYS.otaUrl[1]);
		return typeof stored === "string" && stored !== "" ? { ota_url: stored, show_ota_config: true } : { show_ota_config: true };
	}

	#advancedSubmit(request: SetupRequest): SetupResponse {
		const url = otaUrlOf(request.body);
		if (url === undefined) return failure(400, `Invalid OTA URL: an http:// or https:// URL of at most ${MAX_OTA_URL_BYTES} bytes, or empty for the built-in one`, "bad-ota-url");
		const store = this.#options.store;
		const [namespace, key] = NVS_KEYS.otaUrl;
		try {
			if (url !== "") store.set(namespace, key, url);
			else if (store.remove) store.remove(namespace, key);
			else store.set(namespace, key, "");
		} catch (error) {
			return failure(500, `Could not store the OTA URL: ${(error as Error).message}`, "storage");
		}
		return json(200, { success: true });
	}
}

/** The body's `ota_url`: "" to go back to the built-in URL, an http(s) URL, else undefined. */
function otaUrlOf(body: Uint8Array): string | undefined {
	if (body.length > MAX_OTA_URL_BYTES * 2) return undefined;
	const text = strictUtf8(body);
	if (text === undefined) return undefined;
	const read = parseJsonFirstWins(text, 1);
	if (!read.ok) return undefined;
	const parsed = read.value;
	const url = typeof parsed === "object" && parsed !== null ? (parsed as { ota_url?: unknown }).ota_url : undefined;
	if (typeof url !== "string") return undefined;
	const trimmed = url.trim();
	if (trimmed === "") return "";
	if (trimmed.length > MAX_OTA_URL_BYTES || !splitHttpUrl(trimmed)) return undefined;
	for (let i = 0; i < trimmed.length; i++) if (charCodeAt.call(trimmed, i) <= 0x20 || charCodeAt.call(trimmed, i) >= 0x7f) return undefined;
	return trimmed;
}

Object.freeze(SetupRoutes.prototype);
