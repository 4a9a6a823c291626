/*
 * The activation flow as one state machine. Each state is one case of `step()`; each
 * returns the next state. The numbers are the official firmware's (policy.ts); where we
 * go beyond it, the policy says so.
 *
 *   checking ──ok, no activation──────────────────────────────▶ activated (end)
 *      │ ok, activation ──▶ showing-code ──▶ activating ◀──────┐
 *      │                                       │ 200 ──▶ checking (confirm)
 *      │                                       │ 202 ──▶ activate-wait (3 s, or 0 after a held 202)
 *      │                                       │ error ─▶ activate-wait (10 s)
 *      │                        activate-wait ─┴─ after the 10th attempt ──▶ checking
 *      └ failure ──▶ check-backoff (10 s, doubling) ──▶ checking; 10th failure ──▶ gave-up (end)
 *
 * A confirming check that still shows a code (new or the same) is a failure too
 * ("unconfirmed"): the firmware would activate again at once, and a server that keeps
 * answering 200 without binding would get thousands of requests a minute and a new code
 * on the screen at every round trip. The back-off it starts is not reset by the checks in
 * between (they do show a code, as expected) until an activation attempt is answered
 * otherwise (202, an error): a code changing at every answer cannot make the device ask
 * faster than once per back-off.
 */

import type { ActivationHost, HttpResult, SystemFacts } from "activation/interfaces";
import type { ActivationEvent, ActivationOutcome, ActivationState, FailureReason } from "activation/events";
import { DEFAULT_POLICY, DEVICE_DEFAULTS, type ActivationPolicy } from "activation/policy";
import { buildReport, formatMac } from "activation/report";
import { activationBody, checkOtaUrl, RequestParts, urlHost, userAgent, type DeviceIdentity } from "activation/request";
import { parseCheckResponse, type ActivationChallenge, type CheckAnswer } from "activation/response";
import { ensureClientId, resolveOtaUrl, serverSettings, storeAnswer } from "activation/settings";
import { withServerMessage } from "activation/server-message";
import { urlWithoutUserinfo } from "activation/url-text";

export interface ActivationConfig {
	/** CONFIG_OTA_URL; the NVS override wifi/ota_url wins. */
	readonly defaultOtaUrl: string;
	/** Lang::CODE: "zh-CN" or "en-US". */
	readonly language: string;
	/** BOARD_NAME for the User-Agent, e.g. "bread-compact-ml307". */
	readonly boardName: string;
	/** Per request: headers and body. Default 30 s, the firmware's HTTP client default. */
	readonly requestTimeoutMs?: number;
	/** Larger answers are refused. Default 8192 bytes: real answers are under 1 KB. */
	readonly maxBodyBytes?: number;
	readonly policy?: ActivationPolicy;
}

const DEFAULT_TIMEOUT_MS = DEVICE_DEFAULTS.requestTimeoutMs;
const DEFAULT_MAX_BODY_BYTES = DEVICE_DEFAULTS.maxBodyBytes;
const TICK_MS = 1000;

export class ActivationFlow {
	readonly #host: ActivationHost;
	readonly #config: ActivationConfig;
	readonly #policy: ActivationPolicy;
	readonly #emit: (event: ActivationEvent) => void;
	#state: ActivationState = "starting";
	#stopped = false;

	#otaUrl = "";
	/** Headers and activate URL, made once and reused by every poll. */
	readonly #requestParts = new RequestParts();
	#clientId = "";
	#checkFailures = 0;
	#checkDelayMs = 0;
	#lastFailure: FailureReason | undefined;
	#lastAnswer: CheckAnswer | undefined;
	#challenge: ActivationChallenge | undefined;
	#shownCode: string | undefined;
	#attempt = 0;
	#waitMs = 0;
	/** The check running is the one after an activation answered 200. */
	#confirming = false;
	/** Since a confirming check still showed a code, and until an attempt is answered other than 200. */
	#unconfirmed = false;
	/** Ends the current wait step at once (BOOT press); set only while a wait runs. */
	#wakeWait: (() => void) | undefined;

	constructor(host: ActivationHost, config: ActivationConfig, onEvent: (event: ActivationEvent) => void) {
		this.#host = host;
		this.#config = config;
		this.#policy = config.policy ?? DEFAULT_POLICY;
		this.#emit = onEvent;
	}

	get state(): ActivationState {
		return this.#state;
	}

	/** Like a BOOT press: the current wait ends and run() resolves with "stopped". */
	stop(): void {
		this.#stopped = true;
	}

	/**
	 * A BOOT press: a retry or back-off wait that is running ends now and the next request
	 * goes at once. A request in flight is left alone (never two at a time). True when a
	 * wait was cut short.
	 */
	wake(): boolean {
		const wake = this.#wakeWait;
		if (!wake) return false;
		this.#wakeWait = undefined;
		wake();
		return true;
	}

	async run(): Promise<ActivationOutcome> {
		const { store, log, random } = this.#host;
		this.#otaUrl = resolveOtaUrl(store, this.#config.defaultOtaUrl, log);
		this.#clientId = ensureClientId(store, random, log);
		this.#checkDelayMs = this.#policy.checkFirstDelayMs;
		let system: SystemFacts | undefined;
		try {
			system = this.#host.facts.system();
		} catch (error) {
			log.error(`device facts unavailable: ${(error as Error).message}`);
		}
		this.#event({
			type: "starting",
			userAgent: `${this.#config.boardName}/${system?.application.version ?? "?"}`,
			otaUrl: urlWithoutUserinfo(this.#otaUrl),
		});
		this.#state = "checking";
		for (;;) {
			if (this.#stopped) return { status: "stopped" };
			const next = await this.#step();
			if (this.#state === "activated")
				return { status: "activated", settings: serverSettings(store, this.#lastAnswer, log) };
			if (this.#state === "gave-up")
				return { status: "offline", reason: this.#lastFailure!, settings: serverSettings(store, undefined, log) };
			this.#state = next;
		}
	}

	/** One state's work; the next state. Each case's promise is handed on as is (no extra await tick). */
	#step(): Promise<ActivationState> {
		switch (this.#state) {
			case "checking":
				return this.#checking();
			case "check-backoff":
				return this.#checkBackoff();
			case "showing-code":
				return this.#showingCode();
			case "activating":
				return this.#activating();
			case "activate-wait":
				return this.#activateWait();
			default:
				return this.#unchanged();
		}
	}

	async #unchanged(): Promise<ActivationState> {
		return this.#state;
	}

	async #checking(): Promise<ActivationState> {
		const confirming = this.#confirming;
		this.#confirming = false;
		const result = await this.#check();
		if ("reason" in result) return this.#checkFailed(result.reason);
		if (!this.#unconfirmed) {
			this.#checkFailures = 0;
			this.#checkDelayMs = this.#policy.checkFirstDelayMs;
		}
		const answer = result.answer;
		this.#accept(answer);
		if (!answer.activation) {
			this.#host.log.info(answer.emptyActivation ? "the server's activation section holds no code: activated" : "the server asks for no activation: activated");
			this.#event({ type: "activated", viaCode: this.#shownCode !== undefined, serverSaid: answer.emptyActivation ? "empty-activation" : "no-activation" });
			this.#state = "activated";
			return "activated";
		}
		this.#challenge = answer.activation;
		if (!confirming) return "showing-code";
		this.#unconfirmed = true;
		this.#showCode();
		const code = answer.activation.code;
		return this.#checkFailed({
			kind: "unconfirmed",
			detail: `the server accepted the activation (HTTP 200) but its check still shows ${code === undefined ? "a challenge" : `code ${code}`}`,
		});
	}

	/** A failed check (or an unconfirmed activation): back off, or give up after the last attempt. */
	#checkFailed(reason: FailureReason): ActivationState {
		const policy = this.#policy;
		this.#lastFailure = reason;
		this.#checkFailures++;
		const last = this.#checkFailures >= policy.checkAttempts;
		this.#host.log.warn(
			`check failed (${this.#checkFailures}/${policy.checkAttempts}): ${describe(reason)}` +
				(last ? "; giving up, continuing with stored settings" : `; retry in ${this.#checkDelayMs / 1000} s`),
		);
		this.#event({
			type: "check-failed",
			reason,
			attempt: this.#checkFailures,
			maxAttempts: policy.checkAttempts,
			retryInMs: last ? 0 : this.#checkDelayMs,
		});
		if (last) {
			this.#event({ type: "gave-up", reason });
			this.#state = "gave-up";
			return "gave-up";
		}
		this.#waitMs = this.#checkDelayMs;
		this.#checkDelayMs *= policy.checkDelayFactor;
		return "check-backoff";
	}

	async #checkBackoff(): Promise<ActivationState> {
		await this.#wait(this.#waitMs, "check");
		return "checking";
	}

	async #showingCode(): Promise<ActivationState> {
		this.#showCode();
		this.#attempt = 0;
		return "activating";
	}

	/** The challenge's code, when it has one, goes to the screen (again, or replacing the one shown). */
	#showCode(): void {
		const { code, message } = this.#challenge!;
		if (code === undefined) return;
		const replaced = this.#shownCode !== undefined && this.#shownCode !== code;
		this.#host.log.info(replaced ? `new activation code ${code} (was ${this.#shownCode})` : `activation code ${code}`);
		this.#shownCode = code;
		this.#event({ type: "code", code, message, replaced });
	}

	async #activating(): Promise<ActivationState> {
		const policy = this.#policy;
		this.#attempt++;
		const attempt = this.#attempt;
		this.#event({ type: "activating", attempt, maxAttempts: policy.activateAttempts });
		this.#host.log.info(`Activating... ${attempt}/${policy.activateAttempts}`);
		const started = this.#host.timers.now();
		const result = await this.#activate();
		const heldMs = this.#host.timers.now() - started;
		if (result.ok && result.status === 200) {
			this.#host.log.info("activation accepted; checking again to confirm");
			this.#confirming = true;
			return "checking";
		}
		// The server answers as a server that has not bound the code yet: the storm guard may end.
		this.#unconfirmed = false;
		if (result.ok && result.status === 202) {
			const retryInMs = heldMs >= policy.heldThresholdMs ? 0 : policy.pendingDelayMs;
			this.#event({ type: "pending", attempt, heldMs, retryInMs });
			this.#waitMs = retryInMs;
			return "activate-wait";
		}
		const reason: FailureReason = result.ok
			? withServerMessage({ kind: "http-status", status: result.status, detail: `activation answered HTTP ${result.status}` }, result.body)
			: result.reason;
		this.#host.log.warn(`activation attempt ${attempt} failed: ${describe(reason)}`);
		this.#event({ type: "activate-failed", attempt, reason, retryInMs: policy.failureDelayMs });
		this.#waitMs = policy.failureDelayMs;
		return "activate-wait";
	}

	async #activateWait(): Promise<ActivationState> {
		// As in the firmware, the wait follows every attempt, the last one too.
		const last = this.#attempt >= this.#policy.activateAttempts;
		await this.#wait(this.#waitMs, last ? "check" : "activate");
		return last ? "checking" : "activating";
	}

	#event(event: ActivationEvent): void {
		try {
			this.#emit(event);
		} catch (error) {
			// A broken listener (screen, log sink) must not stop the activation.
			this.#host.log.error(`event listener failed on ${event.type}: ${(error as Error).message}`);
		}
	}

	/** Waits in one-second steps, like the firmware, so a stop or a countdown screen can act. */
	async #wait(ms: number, next: "check" | "activate"): Promise<void> {
		const timers = this.#host.timers;
		let remaining = ms;
		let woken = false;
		while (remaining > 0 && !this.#stopped && !woken) {
			this.#event({ type: "countdown", remainingMs: remaining, next });
			const step = remaining < TICK_MS ? remaining : TICK_MS;
			await new Promise<void>((resolve) => {
				const timer = timers.set(resolve, step);
				this.#wakeWait = () => {
					woken = true;
					timers.clear(timer);
					resolve();
				};
			});
			this.#wakeWait = undefined;
			remaining -= step;
		}
	}

	#identity(system: SystemFacts): DeviceIdentity {
		const serialNumber = this.#serialNumber();
		return {
			deviceId: formatMac(system.mac),
			clientId: this.#clientId,
			serialNumber,
			boardName: this.#config.boardName,
			appVersion: system.application.version,
			language: this.#config.language,
		};
	}

	#serialNumber(): string | undefined {
		try {
			return this.#host.signer.serialNumber() || undefined;
		} catch (error) {
			this.#host.log.warn(`serial number unavailable: ${(error as Error).message}`);
			return undefined;
		}
	}

	async #send(url: string, identity: DeviceIdentity, body: string): Promise<HttpResult> {
		const timeoutMs = this.#config.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS;
		const timers = this.#host.timers;
		const started = timers.now();
		const result = await this.#host.http.request({
			method: "POST",
			url,
			headers: this.#requestParts.headers(identity),
			body,
			timeoutMs,
			maxBodyBytes: this.#config.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
		});
		// The host's own timer ends a slow request on the board; this catches the same case on a virtual clock.
		if (result.ok && timers.now() - started > timeoutMs)
			return { ok: false, failure: "timeout", detail: `no answer within ${timeoutMs / 1000} s` };
		return result;
	}

	async #check(): Promise<{ answer: CheckAnswer } | { reason: FailureReason }> {
		const problem = checkOtaUrl(this.#otaUrl);
		if (problem) return { reason: { kind: "bad-url", detail: `OTA URL "${urlWithoutUserinfo(this.#otaUrl)}" is not usable (${problem})` } };
		this.#event({
			type: "checking",
			host: urlHost(this.#otaUrl),
			attempt: this.#checkFailures + 1,
			maxAttempts: this.#policy.checkAttempts,
		});
		let system: SystemFacts;
		let body: string;
		try {
			system = this.#host.facts.system();
			const board = await this.#host.facts.board();
			body = buildReport(system, board, { uuid: this.#clientId, language: this.#config.language });
		} catch (error) {
			return { reason: { kind: "facts", detail: (error as Error).message } };
		}
		const identity = this.#identity(system);
		this.#host.log.info(`checking ${urlWithoutUserinfo(this.#otaUrl)} as ${userAgent(identity)}`);
		const result = await this.#send(this.#otaUrl, identity, body);
		if (!result.ok) return { reason: transportReason(result) };
		const parsed = parseCheckResponse(result.status, result.body, system.application.version);
		if (!parsed.ok) return { reason: withServerMessage(parsed.reason, result.body) };
		return { answer: parsed.answer };
	}

	/** Everything in the answer was validated: now store it, set the clock, report firmware. */
	#accept(answer: CheckAnswer): void {
		const { store, log, wallClock } = this.#host;
		for (const warning of answer.warnings) {
			log.warn(warning);
			this.#event({ type: "warning", message: warning });
		}
		this.#lastAnswer = answer;
		const written = storeAnswer(store, answer, log, (warning) => this.#event({ type: "warning", message: warning }));
		if (written) log.info(`stored ${written} changed server setting(s)`);
		if (answer.serverTime) {
			const { timestampMs, timezoneOffsetMinutes } = answer.serverTime;
			wallClock.setWallClock(timestampMs + timezoneOffsetMinutes * 60000);
		}
		if (answer.firmware) {
			const { version, url, newer } = answer.firmware;
			if (newer) log.info(`new firmware ${version} announced`);
			this.#event({ type: "firmware", version, url: urlWithoutUserinfo(url), newer });
		}
	}

	async #activate(): Promise<{ ok: true; status: number; body: string } | { ok: false; reason: FailureReason }> {
		const challenge = this.#challenge?.challenge;
		if (challenge === undefined) {
			return { ok: false, reason: { kind: "unexpected-body", detail: "the server sent a code but no challenge" } };
		}
		let system: SystemFacts;
		try {
			system = this.#host.facts.system();
		} catch (error) {
			return { ok: false, reason: { kind: "facts", detail: (error as Error).message } };
		}
		const identity = this.#identity(system);
		let hmac: string | undefined;
		if (identity.serialNumber) {
			try {
				hmac = this.#host.signer.hmacSha256Hex(challenge);
				if (!/^[0-9a-f]{64}$/.test(hmac)) throw new Error("the signer did not return 64 lower-case hex characters");
			} catch (error) {
				hmac = undefined;
				const detail = (error as Error).message;
				this.#host.log.error(`HMAC calculation failed: ${detail}; sending {}`);
				this.#event({ type: "warning", message: `signing failed: ${detail}` });
			}
		}
		const result = await this.#send(this.#requestParts.activateUrl(this.#otaUrl), identity, activationBody(identity.serialNumber, challenge, hmac));
		if (!result.ok) return { ok: false, reason: transportReason(result) };
		if (result.status !== 200 && result.status !== 202)
			this.#host.log.warn(`Failed to activate, code: ${result.status}, body: ${redact(result.body)}`);
		return { ok: true, status: result.status, body: result.body };
	}
}
// Preloaded: a frozen prototype needs no RAM for later changes.
Object.freeze(ActivationFlow.prototype);

/** A transport failure as a reason, its typed cause kept for the screen. */
function transportReason(result: HttpResult & { ok: false }): FailureReason {
	return result.cause === undefined
		? { kind: result.failure, detail: result.detail }
		: { kind: result.failure, detail: result.detail, cause: result.cause };
}

/** One line for the log: kind and detail. */
export function describe(reason: FailureReason): string {
	if (reason.kind !== "http-status") return `${reason.kind}: ${reason.detail}`;
	return reason.serverMessage === undefined ? `HTTP ${reason.status}` : `HTTP ${reason.status}: ${reason.serverMessage}`;
}

/** A failure body for the log: short, with anything secret-looking masked. */
export function redact(body: string): string {
	const masked = body.replace(
		/("?(?:token|password|secret|hmac|key|signature)"?\s*[:=]\s*"?)([^",}\s]+)/gi,
		(_all, name: string) => `${name}***`,
	);
	return masked.length > 120 ? masked.slice(0, 119) + "…" : masked;
}
