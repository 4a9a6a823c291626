/* Our declaration of the Moddable "wifi" module: only what this project uses ($(MODULES)/network/wifi/esp32/xs6wifi.c, sim/wifi.js). */

declare module "wifi" {
	export type WiFiMessage = "connect" | "gotIP" | "lostIP" | "disconnect" | "station_connect" | "station_disconnect";
	export interface WiFiOptions {
		ssid: string;
		password?: string;
	}
	/** One access point of a scan (the ESP32 reports `authentication` only for a known auth mode). */
	export interface WiFiScanItem {
		ssid: string;
		rssi: number;
		channel: number;
		hidden: boolean;
		authentication?: "none" | "wep" | "wpa_psk" | "wpa2_psk" | "wpa_wpa2_psk";
	}
	export interface AccessPointOptions {
		ssid: string;
		password?: string;
		channel?: number;
		hidden?: boolean;
		max?: number;
		/** Keep the station running beside the access point (AP+STA). */
		station?: boolean;
	}
	export default class WiFi {
		/** On "disconnect" the ESP32 passes a second value: -1 when the password was refused. */
		constructor(options: WiFiOptions | undefined, callback: (message: WiFiMessage, value?: unknown) => void);
		close(): void;
		/** 1 station, 2 access point, 3 both, 0 none (-5 off on the ESP32). */
		static mode: number;
		static readonly gotIP: "gotIP";
		static readonly lostIP: "lostIP";
		static readonly connected: "connect";
		static readonly disconnected: "disconnect";
		static readonly Mode: { readonly none: 0; readonly station: 1; readonly accessPoint: 2 };
		static connect(options?: WiFiOptions): void;
		static disconnect(): void;
		/** Calls back once per access point, then once with null (the ESP32) or nothing (the simulator). */
		static scan(options: { hidden?: boolean; channel?: number; active?: boolean }, callback: (item?: WiFiScanItem | null) => void): void;
		static accessPoint(options: AccessPointOptions): void;
	}
}
