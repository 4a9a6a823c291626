/* Stand-in for "wifi" on the board run: the access point answers; the station has an IP 1.5 s after joining. */
import { scheduler } from "./scheduler.ts";

export const JOIN_MS = 1500;
export const station = { joined: false };

type Message = "connect" | "gotIP" | "lostIP" | "disconnect";

export default class WiFi {
	static readonly gotIP = "gotIP";
	static readonly lostIP = "lostIP";
	static readonly connected = "connect";
	static readonly disconnected = "disconnect";
	static readonly Mode = Object.freeze({ none: 0, station: 1, accessPoint: 2 });
	static mode = 1;
	#callback: ((message: Message) => void) | undefined;

	constructor(options: { ssid: string; password?: string } | undefined, callback: (message: Message) => void) {
		if (!options?.ssid) throw new Error("wifi: no ssid");
		this.#callback = callback;
		scheduler.set(() => this.#callback?.("connect"), JOIN_MS / 2);
		scheduler.set(() => {
			station.joined = true;
			this.#callback?.("gotIP");
		}, JOIN_MS);
	}

	close(): void {
		this.#callback = undefined;
	}

	static connect(): void {}

	static disconnect(): void {
		station.joined = false;
	}
}
