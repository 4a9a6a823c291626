/*
 * A radio and setup servers for the portable Wi-Fi setup specs (Node and XS): networks that
 * answer scans (hidden ones do not) and joins on the test's timers, a join succeeding only
 * with the right password, as the SDK's ESP32 wifi reports it (a refused password: a
 * disconnect with reason -1; an unknown network: no association until the timeout).
 */
import type { Timers } from "activation/interfaces";
import type { JoinAttempt, ScanEntry, SetupHandler, SetupServers, WifiRadio } from "wifi-setup/interfaces";

export interface FakeNetwork {
	readonly ssid: string;
	readonly rssi?: number;
	readonly authmode?: number;
	readonly password: string;
	readonly hidden?: boolean;
	/** Associates but never hands out an address. */
	readonly noDhcp?: boolean;
}

export const SCAN_MS = 1500;
export const JOIN_MS = 1500;

export class FakeRadio implements WifiRadio {
	readonly networks: FakeNetwork[];
	readonly #timers: Timers;
	readonly joins: { ssid: string; at: number }[] = [];
	scans = 0;
	hotspot: string | undefined;
	hotspotStarts = 0;
	#cancel: (() => void) | undefined;

	constructor(timers: Timers, networks: readonly FakeNetwork[]) {
		this.#timers = timers;
		this.networks = [...networks];
	}

	scan(): Promise<readonly ScanEntry[]> {
		this.scans++;
		return new Promise((resolve) => {
			this.#timers.set(() => {
				resolve(this.networks.filter((n) => !n.hidden).map((n) => ({ ssid: n.ssid, rssi: n.rssi ?? -60, authmode: n.authmode ?? 3 })));
			}, SCAN_MS);
		});
	}

	join(ssid: string, password: string, timeoutMs: number): Promise<JoinAttempt> {
		this.joins.push({ ssid, at: this.#timers.now() });
		return new Promise((resolve) => {
			const network = this.networks.find((n) => n.ssid === ssid);
			let handle: unknown;
			const finish = (attempt: JoinAttempt): void => {
				this.#timers.clear(handle);
				this.#cancel = undefined;
				resolve(attempt);
			};
			this.#cancel = () => finish({ ok: false, associated: false, passwordRejected: false, cancelled: true });
			if (!network) handle = this.#timers.set(() => finish({ ok: false, associated: false, passwordRejected: false, cancelled: false }), timeoutMs);
			else if (network.password !== password) handle = this.#timers.set(() => finish({ ok: false, associated: false, passwordRejected: true, cancelled: false }), Math.min(JOIN_MS, timeoutMs));
			else if (network.noDhcp) handle = this.#timers.set(() => finish({ ok: false, associated: true, passwordRejected: false, cancelled: false }), timeoutMs);
			else handle = this.#timers.set(() => finish(JOIN_MS <= timeoutMs ? { ok: true } : { ok: false, associated: true, passwordRejected: false, cancelled: false }), Math.min(JOIN_MS, timeoutMs));
		});
	}

	leave(): void {
		this.#cancel?.();
	}

	startHotspot(ssid: string): void {
		this.hotspot = ssid;
		this.hotspotStarts++;
	}

	stopHotspot(): void {
		this.hotspot = undefined;
	}
}

/** Servers that only keep the handler, so a spec can send it requests as a browser would. */
export class FakeServers implements SetupServers {
	handler: SetupHandler | undefined;
	starts = 0;

	start(handler: SetupHandler): void {
		this.handler = handler;
		this.starts++;
	}

	stop(): void {
		this.handler = undefined;
	}
}

const encoder = new TextEncoder();

/** A request as the server would hand it over. */
export function request(method: string, target: string, body: string | Uint8Array = "", contentType = "application/json"): { method: string; target: string; contentType: string; body: Uint8Array } {
	return { method, target, contentType, body: typeof body === "string" ? encoder.encode(body) : body };
}
