/*
 * The Wi-Fi setup's radio (wifi-setup/interfaces WifiRadio) on the SDK's "wifi" module:
 * scans, station joins with what the radio saw (associated? password refused?), and the
 * setup hotspot beside the station (AP+STA). What the SDK does, read from its C (esp32/
 * xs6wifi.c) and its simulator (sim/wifi.js):
 *   - scan() calls back once per access point, then with null (ESP32) or nothing (simulator);
 *     the simulator refuses to scan with the radio off, so the station is switched on first;
 *   - new WiFi({ssid, password}, callback) joins; "connect" is association, "gotIP" the
 *     address; "disconnect" comes once the SDK's own retries are spent, with -1 when the
 *     handshake failed (a refused password); the simulator allows one instance at a time,
 *     so every attempt closes its own;
 *   - accessPoint() needs the mode to allow an access point: 3 (station + access point)
 *     is set first, which both the ESP32 and the simulator take.
 * The password goes to the radio only: never to a log line or an error.
 */
import WiFi, { type WiFiMessage, type WiFiScanItem } from "wifi";
import Timer, { type TimerId } from "timer";
import type { JoinAttempt, ScanEntry, WifiRadio } from "wifi-setup/interfaces";

/** Distinct networks one scan keeps (strongest first): a busy street sees dozens. */
export const MAX_SCAN_ENTRIES = 24;
const STATION_AND_ACCESS_POINT = 3;
/** How long a scan may take before it counts as failed (the ESP32 takes ~2 s, the simulator ~1.6 s). */
const SCAN_TIMEOUT_MS = 10_000;

/** ESP-IDF's wifi_auth_mode_t for the SDK's names (it names every mode above WPA/WPA2 "wpa_wpa2_psk"). */
const AUTH_MODES: Readonly<Record<string, number>> = Object.freeze({ none: 0, wep: 1, wpa_psk: 2, wpa2_psk: 3, wpa_wpa2_psk: 4 });

/** Adds a sighting to a list kept sorted by signal, one entry per SSID, at most MAX_SCAN_ENTRIES. */
function keep(list: ScanEntry[], item: WiFiScanItem): void {
	if (typeof item.ssid !== "string" || item.ssid === "" || typeof item.rssi !== "number") return;
	for (let i = 0; i < list.length; i++) {
		if (list[i]!.ssid !== item.ssid) continue;
		if (list[i]!.rssi >= item.rssi) return;
		list.splice(i, 1);
		break;
	}
	const authmode = item.authentication !== undefined && Object.prototype.hasOwnProperty.call(AUTH_MODES, item.authentication) ? AUTH_MODES[item.authentication]! : 4;
	let at = list.length;
	while (at > 0 && list[at - 1]!.rssi < item.rssi) at--;
	if (at >= MAX_SCAN_ENTRIES) return;
	list.splice(at, 0, Object.freeze({ ssid: item.ssid, rssi: item.rssi, authmode }));
	if (list.length > MAX_SCAN_ENTRIES) list.length = MAX_SCAN_ENTRIES;
}

interface PendingJoin {
	readonly finish: (attempt: JoinAttempt) => void;
}

export class ModdableWifiRadio implements WifiRadio {
	#join: PendingJoin | undefined;

	scan(): Promise<readonly ScanEntry[]> {
		return new Promise((resolve, reject) => {
			const list: ScanEntry[] = [];
			let timer: TimerId | undefined;
			const done = (error?: Error): void => {
				if (timer === undefined) return;
				Timer.clear(timer);
				timer = undefined;
				if (error) reject(error);
				else resolve(list);
			};
			timer = Timer.set(() => {
				timer = undefined;
				reject(new Error(`no scan result within ${SCAN_TIMEOUT_MS / 1000} s`));
			}, SCAN_TIMEOUT_MS);
			try {
				if (WiFi.mode <= 0) WiFi.mode = WiFi.Mode.station;
				WiFi.scan({}, (item) => {
					if (item) keep(list, item);
					else done();
				});
			} catch (error) {
				done(error as Error);
			}
		});
	}

	join(ssid: string, password: string, timeoutMs: number): Promise<JoinAttempt> {
		this.#join?.finish({ ok: false, associated: false, passwordRejected: false, cancelled: true });
		return new Promise<JoinAttempt>((resolve) => {
			let associated = false;
			let timer: TimerId | undefined;
			let station: WiFi | undefined;
			const finish = (attempt: JoinAttempt): void => {
				if (this.#join !== pending) return;
				this.#join = undefined;
				if (timer !== undefined) Timer.clear(timer);
				station?.close();
				if (!attempt.ok) WiFi.disconnect();
				resolve(attempt);
			};
			const failed = (passwordRejected: boolean): void => finish({ ok: false, associated, passwordRejected, cancelled: false });
			const pending: PendingJoin = { finish };
			this.#join = pending;
			const options = password === "" ? { ssid } : { ssid, password };
			try {
				station = new WiFi(options, (message: WiFiMessage, value?: unknown) => {
					if (message === WiFi.connected) associated = true;
					else if (message === WiFi.gotIP) finish({ ok: true });
					else if (message === WiFi.disconnected) failed(value === -1);
				});
			} catch {
				// The radio refused the settings before trying (e.g. its own length rules): nothing joined.
				failed(false);
				return;
			}
			timer = Timer.set(() => {
				timer = undefined;
				failed(false);
			}, timeoutMs);
		});
	}

	leave(): void {
		const pending = this.#join;
		if (pending) pending.finish({ ok: false, associated: false, passwordRejected: false, cancelled: true });
		else WiFi.disconnect();
	}

	startHotspot(ssid: string): void {
		WiFi.mode = STATION_AND_ACCESS_POINT;
		WiFi.accessPoint({ ssid, station: true, max: 4 });
	}

	stopHotspot(): void {
		WiFi.mode = WiFi.Mode.station;
	}
}

Object.freeze(ModdableWifiRadio.prototype);
