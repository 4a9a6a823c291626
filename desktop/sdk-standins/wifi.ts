/*
 * Stand-in for the SDK's "wifi" with the ESP32 C's rules and messages
 * ($(MODULES)/network/wifi/esp32/xs6wifi.c): the networks around the board are the host's
 * (the board run's `--wifi-networks FILE`, else the lab network the build's ssid= names). A scan reports each
 * named network once (ssid, rssi, channel, hidden: false, bssid, `authentication` for auth
 * modes it knows: every mode above WPA/WPA2 is "wpa_wpa2_psk"), hidden ones never, then null;
 * one scan at a time ("already scanning"). A join says "connect" then "gotIP" with the right
 * password; with a wrong one "disconnect" with -1 (the handshake failed) once the SDK's own
 * five retries are spent; a network that is not there "disconnect" with 0; one whose DHCP
 * never answers "connect" and nothing more. The access point
 * takes an SSID of at most 32 bytes and a password of 8-64 bytes or none.
 */
import type SdkWiFi from "wifi";
import { hostPart, standinHost, type AirNetwork } from "./host.ts";

/** How long a scan takes (the ESP32's active scan of 13 channels). */
export const SCAN_MS = 2000;
/** Association, then the address (DHCP). */
export const JOIN_MS = 1500;
/** A refused password: each retry's handshake times out. */
export const REFUSED_MS = 2500;
/** A network that is not there: five probes of every channel. */
export const NOT_FOUND_MS = 4000;

type Message = "connect" | "gotIP" | "lostIP" | "disconnect" | "station_connect" | "station_disconnect";
type Callback = (message: Message, value?: number) => void;

const encoder = new TextEncoder();
const AUTHENTICATION = Object.freeze(["none", "wep", "wpa_psk", "wpa2_psk"]);
/** ESP-IDF's WIFI_AUTH_MAX: modes at or above it get no `authentication`. */
const AUTH_MAX = 13;

/** The station's state, which the "net" stand-in reads. */
export const station: { joined: AirNetwork | undefined } = { joined: undefined };
/** The access point the board set up, if any (the run reports it). */
export const accessPoint: { ssid: string | undefined } = { ssid: undefined };

let mode = -5;
let scanning = false;
/** The join under way: its timers, cancelled by a new connect or a disconnect. */
let pending: object[] = [];
const instances = new Set<WiFi>();

function bytes(text: string): number {
	return encoder.encode(text).length;
}

function later(callback: () => void, ms: number): object {
	return standinHost().timeline.add(() => callback(), ms);
}

function cancelPending(): void {
	for (const timer of pending) standinHost().timeline.remove(timer);
	pending = [];
}

function networksAround(): readonly AirNetwork[] {
	return hostPart("air", "wifi").networks;
}

function notify(message: Message, value?: number): void {
	for (const instance of [...instances]) instance.deliver(message, value);
}

function networkNamed(ssid: string): AirNetwork | undefined {
	return networksAround().find((network) => network.ssid === ssid);
}

function scanItem(network: AirNetwork, index: number): Record<string, unknown> {
	const item: Record<string, unknown> = { ssid: network.ssid, rssi: network.rssi ?? -60, channel: network.channel ?? 6, hidden: false, bssid: new Uint8Array([2, 0, 0, 0, 0, index]).buffer };
	const auth = network.authmode ?? (network.password ? 3 : 0);
	if (auth < AUTH_MAX) item.authentication = AUTHENTICATION[auth] ?? "wpa_wpa2_psk";
	return item;
}

class WiFi {
	static readonly gotIP = "gotIP";
	static readonly lostIP = "lostIP";
	static readonly connected = "connect";
	static readonly disconnected = "disconnect";
	static readonly Mode = Object.freeze({ off: -5, none: 0, station: 1, accessPoint: 2 });
	#callback: Callback | undefined;

	constructor(options: { ssid: string; password?: string } | undefined, callback?: Callback) {
		if (options) WiFi.connect(options);
		if (callback) {
			this.#callback = callback;
			instances.add(this);
		}
	}

	deliver(message: Message, value?: number): void {
		this.#callback?.(message, value);
	}

	close(): void {
		this.#callback = undefined;
		instances.delete(this);
	}

	static get mode(): number {
		return mode;
	}

	static set mode(value: number) {
		if (value !== -5 && value !== 0 && value !== 1 && value !== 2 && value !== 3) throw new Error("invalid mode");
		if (value === 0 || value === -5) WiFi.disconnect();
		if ((value === 1 || value === 0 || value === -5) && accessPoint.ssid !== undefined) accessPoint.ssid = undefined;
		mode = value;
	}

	static scan(options: object, callback: (item: Record<string, unknown> | null) => void): void {
		if (mode <= 0) mode = 1;
		if (scanning) throw new Error("already scanning");
		if (typeof options !== "object" || options === null || typeof callback !== "function") throw new Error("invalid");
		scanning = true;
		later(() => {
			scanning = false;
			const seen = networksAround().filter((network) => !network.hidden);
			seen.forEach((network, index) => callback(scanItem(network, index)));
			callback(null);
		}, SCAN_MS);
	}

	static connect(options?: { ssid: string; password?: string }): void {
		cancelPending();
		if (station.joined) {
			station.joined = undefined;
			notify("disconnect", 0);
		}
		if (!options) return;
		if (mode <= 0) mode = 1;
		// The access point alone has no station to connect (esp_wifi_connect fails in WIFI_MODE_AP).
		if (mode === 2) throw new Error("esp_wifi_connect failed");
		if (!options.ssid) throw new Error("ssid required");
		if (bytes(options.ssid) > 32) throw new Error("ssid too long - 32 bytes max");
		if (options.password && bytes(options.password) > 64) throw new Error("password too long - 64 bytes max");
		const network = networkNamed(options.ssid);
		if (!network) {
			pending.push(later(() => notify("disconnect", 0), NOT_FOUND_MS));
			return;
		}
		if ((network.password ?? "") !== (options.password ?? "")) {
			pending.push(later(() => notify("disconnect", -1), REFUSED_MS));
			return;
		}
		pending.push(later(() => notify("connect"), JOIN_MS / 2));
		if (network.noDhcp) return;
		pending.push(
			later(() => {
				pending = [];
				station.joined = network;
				notify("gotIP");
			}, JOIN_MS),
		);
	}

	static disconnect(): void {
		WiFi.connect();
	}

	static accessPoint(options: { ssid: string; password?: string; channel?: number; hidden?: boolean; max?: number; station?: boolean }): void {
		const ssid = String(options.ssid);
		if (bytes(ssid) > 32) throw new Error("ssid too long - 32 bytes max");
		if (options.password !== undefined) {
			if (bytes(options.password) > 64) throw new Error("password too long - 64 bytes max");
			if (bytes(options.password) < 8) throw new Error("password too short - 8 bytes min");
		}
		if (options.channel !== undefined && (options.channel < 1 || options.channel > 13)) throw new Error("invalid channel");
		if (mode !== 2 && mode !== 3) mode = options.station ? 3 : 2;
		accessPoint.ssid = ssid;
	}
}
Object.freeze(WiFi.prototype);

/** A reboot, or a test's fresh radio: off, nothing joined, no scan or join under way. */
export function resetRadio(): void {
	cancelPending();
	instances.clear();
	station.joined = undefined;
	accessPoint.ssid = undefined;
	scanning = false;
	mode = -5;
}

// Typed as the SDK's API as the project declares it (typings/wifi.d.ts).
export default WiFi as unknown as typeof SdkWiFi;
