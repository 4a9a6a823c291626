/*
 * Fake of Moddable's "wifi": records joins; tests deliver the station's messages
 * ("connect", "gotIP", "disconnect" with the ESP32's reason) the way its event handler does,
 * and a scan's items. With the ESP32 C's rules ($(MODULES)/network/wifi/esp32/xs6wifi.c): an SSID
 * of 1-32 bytes and a password of at most 64 ("ssid too long - 32 bytes max"); accessPoint()
 * sets the access point up in the mode there is (AP+STA when `station` asks and the mode is
 * not already AP), one scan at a time ("already scanning").
 */
export type WiFiMessage = "connect" | "gotIP" | "lostIP" | "disconnect";

export const stations: FakeWiFi[] = [];
export const disconnects: number[] = [];
export const accessPoints: { ssid: string; station?: boolean; max?: number; modeBefore: number }[] = [];
/** The callback of the scan running, if any: a test delivers items, then null. */
export const scanning: { callback: ((item: unknown) => void) | undefined } = { callback: undefined };

const encoder = new TextEncoder();

export default class FakeWiFi {
	static readonly gotIP = "gotIP";
	static readonly lostIP = "lostIP";
	static readonly connected = "connect";
	static readonly disconnected = "disconnect";
	static readonly Mode = { none: 0, station: 1, accessPoint: 2 };
	static mode = 1;

	readonly options: { ssid: string; password?: string } | undefined;
	#callback: ((message: WiFiMessage, value?: unknown) => void) | undefined;
	closed = false;

	constructor(options: { ssid: string; password?: string } | undefined, callback: (message: WiFiMessage, value?: unknown) => void) {
		if (options !== undefined) {
			if (typeof options.ssid !== "string" || options.ssid.length === 0) throw new Error("ssid required");
			if (encoder.encode(options.ssid).length > 32) throw new Error("ssid too long - 32 bytes max");
			if (options.password && encoder.encode(options.password).length > 64) throw new Error("password too long - 64 bytes max");
		}
		this.options = options;
		this.#callback = callback;
		stations.push(this);
	}

	deliver(message: WiFiMessage, value?: unknown): void {
		if (!this.closed) this.#callback?.(message, value);
	}

	close(): void {
		this.closed = true;
		this.#callback = undefined;
	}

	static disconnect(): void {
		disconnects.push(1);
	}

	static connect(): void {}

	static scan(_options: object, callback: (item: unknown) => void): void {
		if (scanning.callback) throw new Error("already scanning");
		scanning.callback = (item) => {
			if (item === null) scanning.callback = undefined;
			callback(item);
		};
	}

	static accessPoint(options: { ssid: string; station?: boolean; max?: number }): void {
		if (encoder.encode(options.ssid).length > 32) throw new Error("ssid too long - 32 bytes max");
		accessPoints.push({ ...options, modeBefore: FakeWiFi.mode });
	}
}
