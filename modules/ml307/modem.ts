/*
 * The ML307R as the Xiaozhi firmware brings it up (esp-ml307 3.3.7):
 * baud detection and AT+IPR, AT+CGMR model check, HTTP instance cleanup, SIM check,
 * registration, PDP wait; then the board facts of the status query (§2.7–2.8).
 *
 * Differences from the library, each for robustness and invisible to the server:
 * ATE0 and AT+CMEE=1 are sent once (the library relies on power-on defaults that are
 * unconfirmed); AT+CSQ waits 300 ms instead of 10 ms; the registration wait re-queries
 * AT+CEREG? and ends after a timeout instead of waiting forever for a URC.
 */

import type { BoardFacts, CeregFact, NoNetworkCause } from "activation/interfaces";
import type { AtChannel, AtResult } from "ml307/at-channel";
import { parseInfoLine, integerArgument } from "ml307/at-parse";
import { parseCereg, isRegistered, CEREG_DENIED } from "ml307/cereg";
import { sleep, type Timers } from "activation/interfaces";
import type { ModemStatus } from "ml307/messages";

/** The library's detection order (AtUart::DetectBaudRate). */
export const BAUD_RATES: readonly number[] = Object.freeze([115200, 921600, 460800, 230400, 57600, 38400, 19200, 9600]);

export interface ModemLog {
	info(message: string): void;
	warn(message: string): void;
}

export interface Ml307ModemOptions {
	/** The rate the modem is switched to after detection (the firmware asks for 921600). */
	readonly targetBaud?: number;
	/** Per-rate wait for `OK` to `AT` while detecting (library: 20 ms). */
	readonly probeTimeoutMs?: number;
	/** AT+CSQ answer wait; the library's 10 ms makes late answers land on the next command. */
	readonly csqTimeoutMs?: number;
	/** How long to wait for CEREG stat 1/5 before reporting "registering" and starting over. */
	readonly registrationTimeoutMs?: number;
	/** Re-query AT+CEREG? this often while waiting, in case a URC was lost. */
	readonly registrationPollMs?: number;
	readonly log?: ModemLog;
}

export type NetworkReadyResult =
	| { readonly status: "ready"; readonly ip?: string }
	| { readonly status: "no-sim" | "registration-denied" | "registering" | "not-responding"; readonly detail: string };

export type DetectResult = { readonly ok: true; readonly revision: string; readonly baud?: number } | { readonly ok: false; readonly detail: string };

const silentLog: ModemLog = Object.freeze({ info() {}, warn() {} });

/** The last plain text line before OK (how the library reads AT+CGMR). */
function lastText(result: AtResult): string | undefined {
	const text = result.text;
	return text.length > 0 ? text[text.length - 1] : undefined;
}

function firstInfo(result: AtResult, name: string): ReturnType<typeof parseInfoLine> {
	for (const line of result.info) {
		const parsed = parseInfoLine(line);
		if (parsed && parsed.name === name) return parsed;
	}
	return undefined;
}

export class Ml307Modem {
	readonly channel: AtChannel;
	readonly #timers: Timers;
	readonly #options: Required<Omit<Ml307ModemOptions, "log">>;
	readonly #log: ModemLog;
	#revision: string | undefined;
	#imei: string | undefined;
	#iccid = "";
	#carrier = "";
	#csq = -1;
	#cereg: CeregFact = { stat: 0 };
	#networkReady = false;
	#simMissing = false;
	#useMccid = false;
	#ip: string | undefined;
	readonly #networkListeners = new Set<(ready: boolean) => void>();

	constructor(channel: AtChannel, timers: Timers, options: Ml307ModemOptions = {}) {
		this.channel = channel;
		this.#timers = timers;
		this.#log = options.log ?? silentLog;
		this.#options = {
			targetBaud: options.targetBaud ?? 921600,
			probeTimeoutMs: options.probeTimeoutMs ?? 20,
			csqTimeoutMs: options.csqTimeoutMs ?? 300,
			registrationTimeoutMs: options.registrationTimeoutMs ?? 60_000,
			registrationPollMs: options.registrationPollMs ?? 5_000,
		};
		channel.onUrc("CEREG", (line) => {
			const parsed = parseInfoLine(line);
			if (parsed) this.#updateCereg(parseCereg(parsed.args));
		});
		channel.onUrc("MATREADY", () => {
			// The modem rebooted: whatever was registered is gone until it registers again.
			this.#log.warn("ML307 rebooted (+MATREADY)");
			this.#setNetworkReady(false);
		});
		channel.onUrc("MIPCALL", (line) => this.#updateMipcall(line));
	}

	get networkReady(): boolean {
		return this.#networkReady;
	}

	/** Why the network is down, when the SIM check or the registration said so. */
	get noNetworkCause(): NoNetworkCause | undefined {
		if (this.#networkReady) return undefined;
		if (this.#simMissing) return "no-sim";
		return this.#cereg.stat === CEREG_DENIED ? "registration-denied" : undefined;
	}

	get registration(): CeregFact {
		return this.#cereg;
	}

	get ip(): string | undefined {
		return this.#ip;
	}

	/** Called with the new state when registration comes or goes. */
	onNetworkChange(listener: (ready: boolean) => void): () => void {
		this.#networkListeners.add(listener);
		return () => {
			this.#networkListeners.delete(listener);
		};
	}

	#setNetworkReady(ready: boolean): void {
		if (ready === this.#networkReady) return;
		this.#networkReady = ready;
		for (const listener of [...this.#networkListeners]) listener(ready);
	}

	#updateCereg(fact: CeregFact | undefined): void {
		if (!fact) return;
		this.#cereg = fact;
		this.#setNetworkReady(isRegistered(fact.stat));
	}

	#updateMipcall(line: string): void {
		const parsed = parseInfoLine(line);
		// `+MIPCALL: <cid>,1,"<ip>"`: only a line with an address means the data call is up.
		if (parsed && parsed.args.length >= 3 && integerArgument(parsed.args[1]) === 1) this.#ip = parsed.args[2]!.text;
	}

	/**
	 * One detection round: find the modem's rate (when the port can change rate), move it to
	 * the target rate, and read its revision. The library retries this every second.
	 */
	async detect(): Promise<DetectResult> {
		const port = this.channel.port;
		let found: number | undefined;
		if (port.setBaudRate) {
			for (const rate of BAUD_RATES) {
				port.setBaudRate(rate);
				const probe = await this.channel.send("AT", { timeoutMs: this.#options.probeTimeoutMs });
				if (probe.ok) {
					found = rate;
					break;
				}
			}
			if (found === undefined) return { ok: false, detail: "no answer to AT at any baud rate" };
			const target = this.#options.targetBaud;
			if (found !== target) {
				const switched = await this.channel.send(`AT+IPR=${target}`, { timeoutMs: 1000 });
				if (!switched.ok) return { ok: false, detail: `AT+IPR=${target} failed: ${switched.detail}` };
				port.setBaudRate(target);
				found = target;
			}
		} else {
			const probe = await this.channel.send("AT", { timeoutMs: 1000 });
			if (!probe.ok) return { ok: false, detail: `no answer to AT: ${probe.detail}` };
		}
		const revision = await this.#queryRevision(3000);
		if (revision === undefined) return { ok: false, detail: "no answer to AT+CGMR" };
		if (!revision.startsWith("ML307")) this.#log.warn(`unrecognised modem "${revision}", driving it as an ML307`);
		return found === undefined ? { ok: true, revision } : { ok: true, revision, baud: found };
	}

	/** Echo off, numeric errors, and no leftover HTTP instances from before an ESP32 restart. */
	async prepare(): Promise<void> {
		await this.channel.send("ATE0");
		await this.channel.send("AT+CMEE=1");
		for (let id = 0; id < 4; id++) await this.channel.send(`AT+MHTTPDEL=${id}`);
	}

	async #queryRevision(timeoutMs = 1000): Promise<string | undefined> {
		if (this.#revision !== undefined) return this.#revision;
		const result = await this.channel.send("AT+CGMR", { timeoutMs });
		const revision = result.ok ? lastText(result) : undefined;
		if (revision !== undefined) this.#revision = revision;
		return revision;
	}

	/** SIM check, registration and data call, as AtModem::WaitForNetworkReady. */
	async waitForNetworkReady(): Promise<NetworkReadyResult> {
		this.#cereg = { stat: 0 };
		this.#setNetworkReady(false);

		let simReady = false;
		let lastSimError = "";
		for (let attempt = 0; attempt < 10 && !simReady; attempt++) {
			const pin = await this.channel.send("AT+CPIN?", { infoNames: ["CPIN"] });
			this.#simMissing = !pin.ok && pin.failure === "cme-error" && pin.code === 10;
			if (pin.ok) simReady = true;
			else if (this.#simMissing) return { status: "no-sim", detail: "SIM card not inserted (+CME ERROR: 10)" };
			else {
				lastSimError = pin.detail;
				await sleep(this.#timers, 1000);
			}
		}
		if (!simReady) {
			if (lastSimError.includes("no final result")) return { status: "not-responding", detail: lastSimError };
			this.#log.warn(`SIM not ready after 10 tries (${lastSimError}); trying to register anyway`);
		}

		const enable = await this.channel.send("AT+CEREG=2");
		if (!enable.ok) return { status: enable.failure === "timeout" ? "not-responding" : "registering", detail: enable.detail };
		const registration = await this.#waitForRegistration();
		if (registration) return registration;

		await this.#waitForDataCall();
		return this.#ip === undefined ? { status: "ready" } : { status: "ready", ip: this.#ip };
	}

	async #queryCereg(): Promise<AtResult> {
		const result = await this.channel.send("AT+CEREG?", { infoNames: ["CEREG"] });
		const parsed = firstInfo(result, "CEREG");
		if (parsed) this.#updateCereg(parseCereg(parsed.args));
		return result;
	}

	/** undefined once registered; otherwise why not. */
	async #waitForRegistration(): Promise<NetworkReadyResult | undefined> {
		const deadline = this.#timers.now() + this.#options.registrationTimeoutMs;
		for (;;) {
			const query = await this.#queryCereg();
			if (!query.ok)
				return { status: query.failure === "timeout" ? "not-responding" : "registering", detail: query.detail };
			if (isRegistered(this.#cereg.stat)) return undefined;
			if (this.#cereg.stat === CEREG_DENIED) return { status: "registration-denied", detail: "registration denied (CEREG stat 3)" };
			const remaining = deadline - this.#timers.now();
			if (remaining <= 0)
				return { status: "registering", detail: `not registered after ${this.#options.registrationTimeoutMs} ms (CEREG stat ${this.#cereg.stat})` };
			// Wake on the next CEREG URC or at the next poll, whichever comes first.
			await this.#nextCeregOrTimeout(Math.min(remaining, this.#options.registrationPollMs));
			if (isRegistered(this.#cereg.stat)) return undefined;
			if (this.#cereg.stat === CEREG_DENIED) return { status: "registration-denied", detail: "registration denied (CEREG stat 3)" };
		}
	}

	#nextCeregOrTimeout(ms: number): Promise<void> {
		return new Promise((resolve) => {
			const done = (): void => {
				unsubscribe();
				this.#timers.clear(timer);
				resolve();
			};
			const unsubscribe = this.channel.onUrc("CEREG", done);
			const timer = this.#timers.set(done, ms);
		});
	}

	/** The library polls AT+MIPCALL? ten times with a doubling back-off and carries on without an IP. */
	async #waitForDataCall(): Promise<void> {
		const backoff = [10, 20, 40, 80, 160, 320, 640, 1000, 1000, 1000];
		for (const wait of backoff) {
			const result = await this.channel.send("AT+MIPCALL?", { infoNames: ["MIPCALL"] });
			for (const line of result.info) this.#updateMipcall(line);
			if (this.#ip !== undefined) return;
			await sleep(this.#timers, wait);
		}
		this.#log.warn("network ready but no IP address (AT+MIPCALL? shows no data call)");
	}

	/** Revision, IMEI and ICCID, as Ml307Board::StartNetwork logs them once the network is up. */
	async queryIdentity(): Promise<void> {
		await this.#queryRevision();
		await this.#queryImei();
		await this.#queryIccid();
	}

	async #queryImei(): Promise<string | undefined> {
		if (this.#imei) return this.#imei;
		const result = await this.channel.send("AT+CGSN=1", { infoNames: ["CGSN"] });
		const value = firstInfo(result, "CGSN")?.args[0]?.text;
		if (value) this.#imei = value;
		return this.#imei;
	}

	/** AT+ICCID (library 3.3.x); AT+MCCID (3.7.0, the vendor's own) when the first is refused. */
	async #queryIccid(): Promise<AtResult> {
		if (!this.#useMccid) {
			const result = await this.channel.send("AT+ICCID", { infoNames: ["ICCID"] });
			const value = firstInfo(result, "ICCID")?.args[0]?.text;
			if (value) this.#iccid = value;
			if (result.ok || result.failure === "timeout") return result;
			this.#useMccid = true;
		}
		const result = await this.channel.send("AT+MCCID", { infoNames: ["MCCID"] });
		const value = firstInfo(result, "MCCID")?.args[0]?.text;
		if (value) this.#iccid = value;
		return result;
	}

	/** Signal quality: 0–31, 99 unknown, -1 never read. A late answer keeps the last value. */
	async querySignal(): Promise<number> {
		const result = await this.channel.send("AT+CSQ", { infoNames: ["CSQ"], timeoutMs: this.#options.csqTimeoutMs });
		const rssi = integerArgument(firstInfo(result, "CSQ")?.args[0]);
		if (rssi !== undefined) this.#csq = rssi;
		return this.#csq;
	}

	/**
	 * The modem's part of the status query, in the firmware's order: AT+COPS?, AT+CSQ,
	 * AT+ICCID, AT+CEREG? (revision and IMEI are cached). Rejects only when the modem
	 * answered none of them.
	 */
	async boardFacts(board: { readonly type: string; readonly name: string }): Promise<BoardFacts> {
		const revision = (await this.#queryRevision()) ?? "";
		const imei = (await this.#queryImei()) ?? "";
		const cops = await this.channel.send("AT+COPS?", { infoNames: ["COPS"] });
		const copsLine = firstInfo(cops, "COPS");
		if (copsLine && copsLine.args.length >= 3) this.#carrier = copsLine.args[2]!.text;
		await this.querySignal();
		const iccid = await this.#queryIccid();
		const cereg = await this.#queryCereg();
		const silent = [cops, iccid, cereg].every((result) => !result.ok && result.failure === "timeout");
		if (silent) throw new Error(`the ML307 modem is not answering (${cereg.ok ? "" : cereg.detail})`);
		return {
			network: "ml307",
			type: board.type,
			name: board.name,
			revision,
			carrier: this.#carrier,
			csq: this.#csq,
			imei,
			iccid: this.#iccid,
			cereg: this.#cereg,
		};
	}
}
// Preloaded: a frozen prototype needs no RAM for later changes.
Object.freeze(Ml307Modem.prototype);

export interface BringUpOptions {
	/** Told each state change (for the screen): detecting, registering, no-sim, … */
	readonly onStatus?: (status: ModemStatus, detail: string) => void;
	/** Wait before retrying after no SIM / denied / not registered (firmware: 10 s). */
	readonly retryDelayMs?: number;
	/** Detection rounds before giving up as "not-responding" (firmware HEAD: 30). */
	readonly maxDetectRounds?: number;
	/** Pause between detection rounds (firmware: 1 s). */
	readonly detectPauseMs?: number;
	/** Polled between steps; true ends the bring-up with "stopped". */
	readonly stopped?: () => boolean;
}

export type BringUpResult =
	| { readonly ok: true; readonly revision: string }
	| { readonly ok: false; readonly status: "not-responding" | "stopped"; readonly detail: string };

/**
 * Ml307Board::StartNetwork: detect, prepare, then wait for the network, retrying every
 * 10 s after no SIM, a denied registration or a registration that does not come.
 */
export async function bringUpModem(modem: Ml307Modem, timers: Timers, options: BringUpOptions = {}): Promise<BringUpResult> {
	const report = options.onStatus ?? (() => {});
	const stopped = options.stopped ?? (() => false);
	const retryDelayMs = options.retryDelayMs ?? 10_000;
	const maxRounds = options.maxDetectRounds ?? 30;

	report("detecting", "");
	let revision: string | undefined;
	let lastDetail = "";
	for (let round = 0; round < maxRounds && revision === undefined; round++) {
		if (stopped()) return { ok: false, status: "stopped", detail: "stopped while detecting the modem" };
		const detected = await modem.detect();
		if (detected.ok) revision = detected.revision;
		else {
			lastDetail = detected.detail;
			await sleep(timers, options.detectPauseMs ?? 1000);
		}
	}
	if (revision === undefined) {
		const detail = `modem not detected after ${maxRounds} rounds: ${lastDetail}`;
		report("not-responding", detail);
		return { ok: false, status: "not-responding", detail };
	}
	await modem.prepare();

	for (;;) {
		if (stopped()) return { ok: false, status: "stopped", detail: "stopped while waiting for the network" };
		report("registering", "");
		const result = await modem.waitForNetworkReady();
		if (result.status === "ready") {
			await modem.queryIdentity();
			report("ready", result.ip ?? "");
			return { ok: true, revision };
		}
		report(result.status, result.detail);
		await sleep(timers, retryDelayMs);
	}
}
