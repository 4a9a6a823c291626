/*
 * One stay in setup mode: the hotspot's scan list kept fresh (a scan at once, then every
 * 10 s, never during a join), the page's test joins (two attempts 3 s apart, as the official
 * firmware, unless the password was refused), the store written only after a join
 * succeeded, and the end: POST /exit answered, or 10 s after a network was saved (a phone
 * that lost the hotspot while the radio changed channel for the join cannot send /exit),
 * or the device stopping.
 */
import type { KeyValueStore, Log } from "activation/interfaces";
import type { TimerHandle, Timers } from "activation/interfaces";
import type { ScanEntry, WifiRadio } from "wifi-setup/interfaces";
import { joinFailure, scanList, seenInScan, type JoinResult } from "wifi-setup/join";
import { saveNetwork } from "wifi-setup/networks";
import type { SetupActions } from "wifi-setup/routes";

export const SCAN_EVERY_MS = 10_000;
/** Networks GET /scan lists at most (a busy street sees more; each is a few slots). */
export const MAX_LISTED_NETWORKS = 20;
export const SUBMIT_ATTEMPTS = 2;
export const SUBMIT_RETRY_MS = 3000;
/** A test join's own limit, as the official one's 10 s (the SDK retries association inside it). */
export const SUBMIT_JOIN_TIMEOUT_MS = 15_000;
/** After a network was joined and saved, setup ends this long later if /exit did not end it first. */
export const END_AFTER_SAVED_MS = 10_000;

export type SessionEnd = "exit" | "saved" | "stopped";

export interface SetupSessionParts {
	readonly radio: WifiRadio;
	readonly store: KeyValueStore;
	readonly timers: Timers;
	readonly log: Log;
	/** A network was joined from the page and stored. */
	readonly onSaved: (ssid: string) => void;
}

export class SetupSession implements SetupActions {
	readonly #parts: SetupSessionParts;
	readonly ended: Promise<SessionEnd>;
	#end: (how: SessionEnd) => void = () => {};
	#over = false;
	#list: readonly ScanEntry[] = [];
	#scanning: Promise<void> | undefined;
	#joining = false;
	#scanTimer: TimerHandle | undefined;
	#endTimer: TimerHandle | undefined;

	constructor(parts: SetupSessionParts) {
		this.#parts = parts;
		this.ended = new Promise<SessionEnd>((resolve) => (this.#end = resolve));
		this.#scan();
	}

	scanned(): readonly ScanEntry[] {
		return this.#list;
	}

	async submit(ssid: string, password: string): Promise<JoinResult | "busy"> {
		if (this.#joining || this.#over) return "busy";
		this.#joining = true;
		try {
			// The official firmware stops a scan before joining; here the running one is let finish.
			if (this.#scanning) await this.#scanning;
			const result = await this.#testJoin(ssid, password);
			if (result.ok) {
				saveNetwork(this.#parts.store, ssid, password);
				this.#parts.log.info(`Wi-Fi setup: joined and saved "${ssid}"`);
				this.#parts.onSaved(ssid);
				this.#endAfter(END_AFTER_SAVED_MS, "saved");
			} else this.#parts.log.warn(`Wi-Fi setup: could not join "${ssid}": ${result.reason}`);
			return result;
		} finally {
			this.#joining = false;
		}
	}

	exit(): void {
		this.#finish("exit");
	}

	/** Ends the session now (the device stops, or a BOOT double-click switches networks). */
	stop(): void {
		this.#finish("stopped");
	}

	async #testJoin(ssid: string, password: string): Promise<JoinResult> {
		const { radio, timers } = this.#parts;
		let result: JoinResult = { ok: false, reason: "not-found" };
		for (let attempt = 1; attempt <= SUBMIT_ATTEMPTS && !this.#over; attempt++) {
			if (attempt > 1) await new Promise<void>((resolve) => timers.set(resolve, SUBMIT_RETRY_MS));
			const outcome = await radio.join(ssid, password, SUBMIT_JOIN_TIMEOUT_MS);
			if (outcome.ok) {
				result = { ok: true };
				break;
			}
			result = { ok: false, reason: joinFailure(outcome, seenInScan(this.#list, ssid)) ?? "not-found" };
			if (result.reason === "wrong-password") break;
		}
		// As the official firmware: the test join is let go; the station joins again once setup ends.
		radio.leave();
		return result;
	}

	#scan(): void {
		this.#scanTimer = undefined;
		if (this.#over) return;
		if (!this.#joining) {
			this.#scanning = this.#parts.radio.scan().then(
				(entries) => {
					this.#list = scanList(entries, MAX_LISTED_NETWORKS);
				},
				(error: unknown) => this.#parts.log.warn(`Wi-Fi setup: scan failed: ${(error as Error).message}`),
			);
			void this.#scanning.then(() => (this.#scanning = undefined));
		}
		this.#scanTimer = this.#parts.timers.set(() => this.#scan(), SCAN_EVERY_MS);
	}

	#endAfter(ms: number, how: SessionEnd): void {
		if (this.#endTimer !== undefined) this.#parts.timers.clear(this.#endTimer);
		this.#endTimer = this.#parts.timers.set(() => this.#finish(how), ms);
	}

	#finish(how: SessionEnd): void {
		if (this.#over) return;
		this.#over = true;
		const timers = this.#parts.timers;
		if (this.#scanTimer !== undefined) timers.clear(this.#scanTimer);
		if (this.#endTimer !== undefined) timers.clear(this.#endTimer);
		this.#scanTimer = this.#endTimer = undefined;
		this.#end(how);
	}
}

Object.freeze(SetupSession.prototype);
