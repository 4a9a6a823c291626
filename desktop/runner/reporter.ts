/*
 * What a run prints (the plain runner and `--board` alike), in words a person can act on:
 * one line per thing that happened, every failure with the full URL it concerned (never its
 * userinfo) and one reason, the server's own message when it sent one; the final line names
 * them too. Every text that came from outside goes through terminal-text.ts, every `--json`
 * line through jsonLine.
 */
import type { ActivationEvent, FailureReason, ServerSettings } from "../../modules/activation/events.ts";
import type { StoredValue } from "../../modules/activation/interfaces.ts";
import { activateUrl } from "../../modules/activation/request.ts";
import { shownSettingValues } from "../../modules/activation/shown-settings.ts";
import { urlWithoutUserinfo } from "../../modules/activation/url-text.ts";
import { jsonLine, outsideLine, visibleControls } from "./terminal-text.ts";

/** Secrets as `<redacted>`; an empty value stays "" so "no token" reads differently from "a token". */
export function redactSettings(values: Readonly<Record<string, StoredValue>>): Record<string, StoredValue> {
	return shownSettingValues(values);
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

export const SLASH_HINT = 'an OTA URL usually ends in "/"';

/** The most common self-hosting mistake (the OTA URL without its trailing slash), named where it shows. */
export function hintFor(reason: FailureReason, url: string): string | undefined {
	const wrongPlace = (reason.kind === "http-status" && reason.status === 404) || reason.kind === "unexpected-body" || reason.kind === "server-error";
	return wrongPlace && !/\/(?:[?#].*)?$/.test(url) ? SLASH_HINT : undefined;
}

/** What a failure line says: where, why, and the hint when there is one (no retry: that is the line's own). */
function failureText(what: "check" | "activate", url: string, reason: FailureReason): string {
	const hint = what === "check" ? hintFor(reason, url) : undefined;
	if (reason.kind === "unconfirmed") return `Not confirmed at ${shownUrl(url)}: ${outsideLine(reason.detail)}`;
	const subject = what === "check" ? "Check failed" : "Activation attempt failed";
	return `${subject} at ${shownUrl(what === "check" ? url : activateUrl(url))}: ${reasonText(reason)}${hint ? ` (hint: ${hint})` : ""}`;
}

/** The line for an activation: how it came about, in the server's terms. */
function activatedText(event: ActivationEvent & { type: "activated" }): string {
	if (event.viaCode) return "Activated: the code was entered.";
	if (event.serverSaid === "empty-activation") return "Activated: the server's answer has an activation section with no code and no challenge (read as activated, as the firmware does).";
	return "Activated: the server asks for no activation (its answer has no activation section).";
}

export interface RunReporterOptions {
	readonly json: boolean;
	/** Where the code is entered (the embedded emulator's console); else the server's message is shown. */
	readonly consoleUrl?: string;
	/** True once the user asked to stop: the request that the stop ended is no failure worth a line. */
	readonly stopping: () => boolean;
	/** stdout and stderr (tests may collect them). */
	readonly out?: (text: string) => void;
	readonly err?: (text: string) => void;
}

/** The end of a run, as both runs know it. */
export interface RunEnd {
	/** The device's outcome (settings already shown-safe, or made so here), or a status without one ("restart", "modem-not-responding", …). */
	readonly outcome: { readonly status: string; readonly settings?: ServerSettings; readonly reason?: FailureReason; readonly detail?: string };
	/** `--json` only: more members of the outcome line (meter, UART figures). */
	readonly extra?: Readonly<Record<string, unknown>>;
	/** Text only: lines printed before the hand-over (UART figures). */
	readonly lines?: readonly string[];
	/** The exit status of the signal that stopped the run, if one did. */
	readonly signalExit?: number;
	/** Set when --stop-after ended the run. */
	readonly stopAfterSeconds?: number;
	/** After the outcome, last: an event of its own (`--json`) or its line (text), e.g. the modem port's figures. */
	readonly last?: { readonly event: Readonly<Record<string, unknown>>; readonly line: string };
}

/**
 * The one reporter of both runs: text lines or `--json` events for the flow's events, lines or
 * events the run adds itself, and the end (the hand-over, or one line on stderr saying why
 * not, with the last failure's URL and hint). Keeps the last failure only, never a log.
 */
export class RunReporter {
	readonly #options: RunReporterOptions;
	readonly #out: (text: string) => void;
	readonly #err: (text: string) => void;
	#otaUrl = "";
	#consoleUrl: string | undefined;
	#shownCode: string | undefined;
	#lastFailure: string | undefined;

	constructor(options: RunReporterOptions) {
		this.#options = options;
		this.#consoleUrl = options.consoleUrl;
		this.#out = options.out ?? ((text) => void process.stdout.write(text));
		this.#err = options.err ?? ((text) => void process.stderr.write(text));
	}

	get json(): boolean {
		return this.#options.json;
	}

	/** Where the code is entered, once the embedded emulator runs. */
	set consoleUrl(url: string | undefined) {
		this.#consoleUrl = url;
	}

	/** A line the run made itself (outside text in it already made safe). */
	line(text: string): void {
		this.#out(text + "\n");
	}

	/** A line on stderr. */
	error(text: string): void {
		this.#err(text + "\n");
	}

	/** A line about the run that is no event (the `--sound` summary): stdout in text mode, stderr beside `--json`'s events. */
	aside(text: string): void {
		if (this.json) this.error(text);
		else this.line(text);
	}

	/** One `--json` line. */
	emit(object: unknown): void {
		this.#out(jsonLine(object) + "\n");
	}

	/** An event of the flow: its line (text) or itself (`--json`, a failure with its `url` and `hint`). */
	event(event: ActivationEvent): void {
		if (event.type === "starting") this.#otaUrl = event.otaUrl;
		if (event.type === "check-failed" || event.type === "activate-failed") {
			const what = event.type === "check-failed" ? "check" : "activate";
			if (!this.#options.stopping()) this.#lastFailure = failureText(what, this.#otaUrl, event.reason);
			if (this.json) {
				const hint = what === "check" ? hintFor(event.reason, this.#otaUrl) : undefined;
				const url = urlWithoutUserinfo(what === "check" ? this.#otaUrl : activateUrl(this.#otaUrl));
				return this.emit({ ...event, url, ...(hint ? { hint } : {}) });
			}
		}
		if (this.json) return this.emit(event);
		this.#text(event);
	}

	#text(event: ActivationEvent): void {
		if (this.#options.stopping() && (event.type === "activate-failed" || event.type === "check-failed")) return;
		switch (event.type) {
			case "checking":
				return this.line(`Checking ${shownUrl(this.#otaUrl)}${event.attempt > 1 ? ` (attempt ${event.attempt}/${event.maxAttempts})` : ""}`);
			case "check-failed":
				return this.line(`${this.#lastFailure!}${event.retryInMs ? `; ${event.reason.kind === "unconfirmed" ? "checking again" : "retry"} in ${event.retryInMs / 1000} s` : ""}`);
			case "code":
				return this.#onCode(event);
			case "activate-failed":
				return this.line(this.#lastFailure!.replace("Activation attempt failed", `Activation attempt ${event.attempt} failed`));
			case "warning":
				return this.line(`Warning: ${outsideLine(event.message)}`);
			case "firmware":
				if (event.newer) this.line(`Server offers firmware ${outsideLine(event.version)}`);
				return;
			case "activated":
				return this.line(activatedText(event));
			default:
				return;
		}
	}

	#onCode(event: ActivationEvent & { type: "code" }): void {
		if (event.code === this.#shownCode) return;
		this.#shownCode = event.code;
		this.line(`Activation code: ${outsideLine(event.code)}${event.replaced ? " (new code)" : ""}`);
		if (this.#consoleUrl) this.line(`Enter it at ${this.#consoleUrl}`);
		else if (event.message) this.line(`Server says: ${outsideLine(event.message)}`);
	}

	/** The end of the run: the outcome event or the hand-over's lines, one stderr line when not activated; the exit status. */
	end(end: RunEnd): number {
		const outcome = end.outcome;
		const shown = outcome.settings ? { ...outcome, settings: { ...outcome.settings, mqtt: redactSettings(outcome.settings.mqtt), websocket: redactSettings(outcome.settings.websocket) } } : outcome;
		if (this.json) this.emit({ type: "outcome", outcome: shown, ...end.extra });
		else for (const line of end.lines ?? []) this.line(line);
		if (end.last) {
			if (this.json) this.emit(end.last.event);
			else this.line(end.last.line);
		}
		if (outcome.status === "activated") {
			if (!this.json && outcome.settings) {
				this.line(`Protocol: ${outcome.settings.protocol}`);
				this.line(settingsLine("mqtt", outcome.settings.mqtt));
				this.line(settingsLine("websocket", outcome.settings.websocket));
			}
			return 0;
		}
		if (end.signalExit !== undefined) {
			this.error("stopped before activation");
			return end.signalExit;
		}
		// "Check failed at …" as the rest of a sentence: "not activated: check failed at …".
		const failure = this.#lastFailure === undefined ? undefined : this.#lastFailure[0]!.toLowerCase() + this.#lastFailure.slice(1);
		if (end.stopAfterSeconds !== undefined) this.error(`not activated: stopped after ${end.stopAfterSeconds} s of device time (--stop-after)${failure ? `; the last ${failure}` : ""}`);
		else if (outcome.status === "offline") this.error(`not activated: ${failure ?? (outcome.reason ? reasonText(outcome.reason) : "offline")}`);
		else this.error(`not activated: ${outcome.detail !== undefined ? outsideLine(outcome.detail) : `the device ended with "${outsideLine(outcome.status)}"`}`);
		return 1;
	}
}
