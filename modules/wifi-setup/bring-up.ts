/*
 * The Wi-Fi network's bring-up, for the device composition: join a stored network, or open
 * the setup hotspot, the official firmware's rules:
 *   - no network stored (and none compiled in): setup mode after 1.5 s;
 *   - networks stored: try them (join.ts's order) for up to 60 s, then setup mode;
 *   - a BOOT press while joining: setup mode at once (requestSetup()).
 * Setup mode lasts until POST /exit, or until a network joined from the page was saved
 * (session.ts); then the station tries again from the start, now with what was saved, and
 * the device goes on to activation without a reboot.
 */
import type { KeyValueStore, Log } from "activation/interfaces";
import type { TimerHandle, Timers } from "activation/interfaces";
import type { ByteSource, ScanEntry, SetupServers, WifiRadio } from "wifi-setup/interfaces";
import { joinFailure, joinOrder, seenInScan, type JoinFailure } from "wifi-setup/join";
import { readSavedNetworks, type SavedNetwork } from "wifi-setup/networks";
import { SetupRoutes } from "wifi-setup/routes";
import { SetupSession } from "wifi-setup/session";

export const SETUP_WITHOUT_NETWORK_MS = 1500;
export const SETUP_AFTER_FAILING_MS = 60_000;
/** Between two rounds over the networks (a fresh scan each round). */
export const ROUND_PAUSE_MS = 3000;
/** A join gets at most this much of what is left of the 60 s (less is not worth starting). */
export const MIN_JOIN_MS = 2000;
/** If the hotspot cannot start, the station tries again after this long. */
export const HOTSPOT_RETRY_MS = 10_000;

export type SetupCause = "no-network" | "join-failed" | "button";

/** What the bring-up tells the device (screens, log, events). Never a password. */
export type WifiStatus =
	| { readonly kind: "joining"; readonly ssid: string }
	| { readonly kind: "join-failed"; readonly ssid: string; readonly reason: JoinFailure }
	| { readonly kind: "joined"; readonly ssid: string }
	| { readonly kind: "setup"; readonly cause: SetupCause; readonly hotspot: string; readonly pageUrl: string }
	| { readonly kind: "setup-saved"; readonly ssid: string }
	| { readonly kind: "setup-ended"; readonly how: "exit" | "saved" | "stopped" };

export interface WifiBringUpParts {
	readonly radio: WifiRadio;
	readonly servers: SetupServers;
	readonly store: KeyValueStore;
	readonly timers: Timers;
	readonly log: Log;
	/** The network compiled into the build (`mcconfig … ssid= password=`): always tried first. */
	readonly configured?: SavedNetwork;
	/** `Xiaozhi-XXXX` (hotspot.ts). */
	readonly hotspot: string;
	/** The page's address, where unknown paths are redirected (`http://192.168.4.1/`). */
	readonly pageUrl: string;
	readonly page: ByteSource;
	/** One station join's limit while connecting. */
	readonly joinTimeoutMs: number;
	readonly onStatus: (status: WifiStatus) => void;
}

type ConnectEnd = "joined" | "stopped" | SetupCause;

export class WifiBringUp {
	readonly #parts: WifiBringUpParts;
	#phase: "idle" | "connecting" | "setup" = "idle";
	#setupRequested = false;
	#stopped = false;
	#session: SetupSession | undefined;
	/** Ends the running pause early. */
	#wake: (() => void) | undefined;

	constructor(parts: WifiBringUpParts) {
		this.#parts = parts;
	}

	/** Joined (the station has an address), or stopped. */
	async run(): Promise<"joined" | "stopped"> {
		for (;;) {
			this.#phase = "connecting";
			const end = await this.#connect();
			if (end === "joined" || end === "stopped") {
				this.#phase = "idle";
				return end;
			}
			this.#phase = "setup";
			await this.#setup(end);
			if (this.#stopped) return "stopped";
		}
	}

	/** A BOOT press: setup mode now, if the station is joining. True when it will. */
	requestSetup(): boolean {
		if (this.#phase !== "connecting" || this.#setupRequested) return false;
		this.#setupRequested = true;
		this.#parts.radio.leave();
		this.#wake?.();
		return true;
	}

	stop(): void {
		this.#stopped = true;
		this.#session?.stop();
		if (this.#phase === "connecting") this.#parts.radio.leave();
		this.#wake?.();
	}

	get inSetup(): boolean {
		return this.#phase === "setup";
	}

	async #connect(): Promise<ConnectEnd> {
		const { store, timers, log, configured } = this.#parts;
		const saved = readSavedNetworks(store);
		if (!configured && saved.length === 0) {
			log.info("Wi-Fi: no network stored; setup mode in 1.5 s");
			await this.#pause(SETUP_WITHOUT_NETWORK_MS);
			return this.#stopped ? "stopped" : this.#setupRequested ? "button" : "no-network";
		}
		const deadline = timers.now() + SETUP_AFTER_FAILING_MS;
		for (;;) {
			const scan = await this.#scanQuietly();
			for (const network of joinOrder(configured, saved, scan)) {
				const left = deadline - timers.now();
				if (this.#stopped) return "stopped";
				if (this.#setupRequested) return "button";
				if (left < MIN_JOIN_MS) break;
				if (await this.#join(network, scan, Math.min(this.#parts.joinTimeoutMs, left))) return "joined";
			}
			if (this.#stopped) return "stopped";
			if (this.#setupRequested) return "button";
			const left = deadline - timers.now();
			if (left < MIN_JOIN_MS) {
				// Too little left for a join: the rest of the 60 s, then setup mode.
				if (left > 0) await this.#pause(left);
				if (this.#stopped) return "stopped";
				if (this.#setupRequested) return "button";
				log.warn("Wi-Fi: no stored network joined within 60 s; setup mode");
				return "join-failed";
			}
			await this.#pause(Math.min(ROUND_PAUSE_MS, left));
		}
	}

	async #join(network: SavedNetwork, scan: readonly ScanEntry[], timeoutMs: number): Promise<boolean> {
		const { radio, log, onStatus } = this.#parts;
		onStatus({ kind: "joining", ssid: network.ssid });
		const attempt = await radio.join(network.ssid, network.password, timeoutMs);
		if (attempt.ok) {
			log.info(`Wi-Fi: joined "${network.ssid}"`);
			onStatus({ kind: "joined", ssid: network.ssid });
			return true;
		}
		const reason = joinFailure(attempt, seenInScan(scan, network.ssid));
		if (reason) {
			log.warn(`Wi-Fi: could not join "${network.ssid}": ${reason}`);
			onStatus({ kind: "join-failed", ssid: network.ssid, reason });
		}
		return false;
	}

	async #scanQuietly(): Promise<readonly ScanEntry[]> {
		try {
			return await this.#parts.radio.scan();
		} catch (error) {
			this.#parts.log.warn(`Wi-Fi: scan failed (${(error as Error).message}); trying the stored networks unseen`);
			return [];
		}
	}

	async #setup(cause: SetupCause): Promise<void> {
		const { radio, servers, store, timers, log, hotspot, pageUrl, page, onStatus } = this.#parts;
		this.#setupRequested = false;
		try {
			radio.startHotspot(hotspot);
		} catch (error) {
			log.error(`Wi-Fi setup: the hotspot did not start: ${(error as Error).message}; retry in 10 s`);
			await this.#pause(HOTSPOT_RETRY_MS);
			return;
		}
		const session = new SetupSession({ radio, store, timers, log, onSaved: (ssid) => onStatus({ kind: "setup-saved", ssid }) });
		this.#session = session;
		try {
			servers.start(new SetupRoutes({ store, page, pageUrl, actions: session }));
			log.info(`Wi-Fi setup: join the hotspot "${hotspot}", then open ${pageUrl}`);
			onStatus({ kind: "setup", cause, hotspot, pageUrl });
			if (this.#stopped) session.stop();
			const how = await session.ended;
			onStatus({ kind: "setup-ended", how });
		} catch (error) {
			log.error(`Wi-Fi setup failed: ${(error as Error).message}; the station tries again`);
			session.stop();
		} finally {
			this.#session = undefined;
			servers.stop();
			radio.stopHotspot();
		}
	}

	#pause(ms: number): Promise<void> {
		const timers = this.#parts.timers;
		return new Promise<void>((resolve) => {
			let handle: TimerHandle | undefined;
			const done = (): void => {
				if (handle !== undefined) timers.clear(handle);
				handle = undefined;
				this.#wake = undefined;
				resolve();
			};
			handle = timers.set(() => {
				handle = undefined;
				done();
			}, ms);
			this.#wake = done;
		});
	}
}

Object.freeze(WifiBringUp.prototype);
