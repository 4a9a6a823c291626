/*
 * Fake of Moddable's "wifi": records joins; tests deliver the station's messages
 * ("connect", "gotIP", "disconnect") the way the ESP32 event handler does.
 */
export type WiFiMessage = "connect" | "gotIP" | "lostIP" | "disconnect";

export const stations: FakeWiFi[] = [];
export const disconnects: number[] = [];

export default class FakeWiFi {
	static readonly gotIP = "gotIP";
	static readonly lostIP = "lostIP";
	static readonly connected = "connect";
	static readonly disconnected = "disconnect";
	static readonly Mode = { none: 0, station: 1, accessPoint: 2 };
	static mode = 1;

	readonly options: { ssid: string; password?: string } | undefined;
	#callback: ((message: WiFiMessage) => void) | undefined;
	closed = false;

	constructor(options: { ssid: string; password?: string } | undefined, callback: (message: WiFiMessage) => void) {
		if (options !== undefined && (typeof options.ssid !== "string" || options.ssid.length === 0 || options.ssid.length > 32))
			throw new RangeError("wifi: ssid must be 1-32 characters");
		if (options?.password !== undefined && (options.password.length < 8 || options.password.length > 64))
			throw new RangeError("wifi: WPA2 password must be 8-64 characters");
		this.options = options;
		this.#callback = callback;
		stations.push(this);
	}

	deliver(message: WiFiMessage): void {
		if (!this.closed) this.#callback?.(message);
	}

	close(): void {
		this.closed = true;
		this.#callback = undefined;
	}

	static disconnect(): void {
		disconnects.push(1);
	}

	static connect(): void {}
}
