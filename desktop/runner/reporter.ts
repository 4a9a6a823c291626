/*
 * What the runner prints, in words a person can act on: one line per thing that
 * happened, every failure with the full URL it concerned (never its userinfo) and one
 * reason, the server's own message when it sent one. Every text that came from outside
 * goes through terminal-text.ts; `--json` lines through jsonLine.
 */
import type { ActivationEvent, FailureReason } from "../../modules/activation/events.ts";
import type { StoredValue } from "../../modules/activation/interfaces.ts";
import { activateUrl } from "../../modules/activation/request.ts";
import { urlWithoutUserinfo } from "../../modules/activation/url-text.ts";
import { outsideLine, visibleControls } from "./terminal-text.ts";

/** MQTT/WebSocket members whose values are not secrets; every other value is redacted. */
const PUBLIC_SETTING_KEYS: ReadonlySet<string> = new Set(["endpoint", "url", "client_id", "publish_topic", "subscribe_topic", "keepalive", "version"]);

/** Secrets as `<redacted>`; an empty value stays "" so "no token" reads differently from "a token". */
export function redactSettings(values: Readonly<Record<string, StoredValue>>): Record<string, StoredValue> {
	// No prototype: a member named "constructor" or "__proto__" is a name like any other
	// (Object.prototype is frozen here, so assigning those on a plain object would throw).
	const out = Object.create(null) as Record<string, StoredValue>;
	for (const [key, value] of Object.entries(values)) out[key] = PUBLIC_SETTING_KEYS.has(key) || value === "" ? value : "<redacted>";
	return out;
}

/** `  mqtt: endpoint=… password=<redacted> token=""`, every name and value made terminal-safe. */
export function settingsLine(name: string, values: Readonly<Record<string, StoredValue>>): string {
	const entries = Object.entries(redactSettings(values)).map(([key, value]) => `${outsideLine(key)}=${value === "" ? '""' : outsideLine(String(value))}`);
	return `  ${name}: ${entries.length ? entries.join(" ") : "(none)"}`;
}

/** A URL as printed: no userinfo, no control characters. */
export function shownUrl(url: string): string {
	return visibleControls(urlWithoutUserinfo(url));
}

/** One reason, once: `HTTP 404; the server says "…"`, `connect: ECONNREFUSED …`. */
export function reasonText(reason: FailureReason): string {
	if (reason.kind !== "http-status") {
		const detail = outsideLine(reason.detail);
		// Node's own words often start with the kind ("connect ECONNREFUSED …"): say it once.
		return detail.startsWith(`${reason.kind} `) ? detail : `${reason.kind}: ${detail}`;
	}
	const said = reason.serverMessage ? `; the server says "${outsideLine(reason.serverMessage)}"` : "";
	return `HTTP ${reason.status}${said}`;
}

/** The most common self-hosting mistake (the OTA URL without its trailing slash), named where it shows. */
function hintFor(reason: FailureReason, url: string): string {
	const wrongPlace = (reason.kind === "http-status" && reason.status === 404) || reason.kind === "unexpected-body" || reason.kind === "server-error";
	return wrongPlace && !/\/(?:[?#].*)?$/.test(url) ? ' (hint: an OTA URL usually ends in "/")' : "";
}

export interface TextReporterOptions {
	readonly out: (line: string) => void;
	/** Where the code is entered (the embedded emulator's console); else the server's message is shown. */
	readonly consoleUrl?: string;
	/** True once the user asked to stop: the request that the stop ended is no failure worth a line. */
	readonly stopping: () => boolean;
}

/** Text-mode lines for the flow's events. */
export class TextReporter {
	readonly #options: TextReporterOptions;
	#otaUrl = "";
	#shownCode: string | undefined;

	constructor(options: TextReporterOptions) {
		this.#options = options;
	}

	onEvent(event: ActivationEvent): void {
		const out = this.#options.out;
		if (this.#options.stopping() && (event.type === "activate-failed" || event.type === "check-failed")) return;
		switch (event.type) {
			case "starting":
				this.#otaUrl = event.otaUrl;
				break;
			case "checking":
				out(`Checking ${shownUrl(this.#otaUrl)}${event.attempt > 1 ? ` (attempt ${event.attempt}/${event.maxAttempts})` : ""}`);
				break;
			case "check-failed": {
				const retry = event.retryInMs ? `; retry in ${event.retryInMs / 1000} s` : "";
				out(`Check failed at ${shownUrl(this.#otaUrl)}: ${reasonText(event.reason)}${hintFor(event.reason, this.#otaUrl)}${retry}`);
				break;
			}
			case "code":
				this.#onCode(event);
				break;
			case "activate-failed":
				out(`Activation attempt ${event.attempt} failed at ${shownUrl(activateUrl(this.#otaUrl))}: ${reasonText(event.reason)}`);
				break;
			case "warning":
				out(`Warning: ${outsideLine(event.message)}`);
				break;
			case "firmware":
				if (event.newer) out(`Server offers firmware ${outsideLine(event.version)}`);
				break;
			case "activated":
				out(event.viaCode ? "Activated: the code was entered." : "Activated: the server already knows this device.");
				break;
			default:
				break;
		}
	}

	#onCode(event: ActivationEvent & { type: "code" }): void {
		if (event.code === this.#shownCode) return;
		this.#shownCode = event.code;
		const out = this.#options.out;
		out(`Activation code: ${outsideLine(event.code)}${event.replaced ? " (new code)" : ""}`);
		if (this.#options.consoleUrl) out(`Enter it at ${this.#options.consoleUrl}`);
		else if (event.message) out(`Server says: ${outsideLine(event.message)}`);
	}
}
