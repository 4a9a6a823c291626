/*
 * What the Wi-Fi setup needs from a platform: a radio (scan, join as a station, the setup
 * hotspot) and the hotspot's two servers (HTTP for the page and its API, DNS answering every
 * name with the hotspot's address). The board's are thin adapters over the SDK's `wifi`,
 * `http` Server and `dns/server` (modules/moddable-adapters); tests hand in fakes.
 */

/** One access point a scan saw (`authmode` as ESP-IDF's wifi_auth_mode_t: 0 open, 1 WEP, 2 WPA, 3 WPA2, 4 WPA/WPA2 or newer). */
export interface ScanEntry {
	readonly ssid: string;
	readonly rssi: number;
	readonly authmode: number;
}

/**
 * What one station join saw. The radio reports facts; join.ts names the reason
 * (wrong password, network not found, no address).
 */
export type JoinAttempt =
	| { readonly ok: true }
	| {
			readonly ok: false;
			/** The station associated (the radio said "connect") before it failed. */
			readonly associated: boolean;
			/** The radio said the network refused the password (the SDK's disconnect reason -1). */
			readonly passwordRejected: boolean;
			/** The attempt was cut short (a BOOT press, setup mode ending): not the network's fault. */
			readonly cancelled: boolean;
	  };

export interface WifiRadio {
	/** One scan: every named network seen (strongest first, one entry per SSID, bounded). Rejects when the radio cannot scan now. */
	scan(): Promise<readonly ScanEntry[]>;
	/** Joins `ssid` as a station; resolves (never rejects) once it has an address, failed, or `timeoutMs` passed. */
	join(ssid: string, password: string, timeoutMs: number): Promise<JoinAttempt>;
	/** Ends the station's link, and cancels a join in progress (it resolves as cancelled). */
	leave(): void;
	/** The setup hotspot: open, named `ssid`, the station kept running beside it (AP+STA). */
	startHotspot(ssid: string): void;
	/** Back to a station only. */
	stopHotspot(): void;
}

/** Bytes the server sends as they are: the page (a flash resource on the board). */
export interface ByteSource {
	readonly byteLength: number;
	slice(begin: number, end: number): ArrayBuffer;
}

export interface SetupRequest {
	readonly method: string;
	/** Path and query as the request line had them (`/saved/delete?index=2`). */
	readonly target: string;
	/** The Content-Type header, "" when absent. */
	readonly contentType: string;
	/** The body (empty without one); the server refuses bodies over 1 KB before this is made. */
	readonly body: Uint8Array;
}

export interface SetupResponse {
	readonly status: number;
	/** Flat header list, name, value, … (ASCII only: the SDK's server writes strings as C strings). */
	readonly headers: readonly string[];
	/** ASCII text (the JSON answers: every other character \u-escaped) or bytes (the page). */
	readonly body: string | ByteSource;
}

export interface SetupHandler {
	/** Whether the answer to this request waits for the radio (POST /submit joins first): the server keeps the connection for it. */
	waitsForRadio(method: string, target: string): boolean;
	handle(request: SetupRequest): SetupResponse | Promise<SetupResponse>;
	/** Called when a response was sent in full (POST /exit ends setup only then). */
	sent(request: SetupRequest): void;
}

/** The setup hotspot's HTTP server and DNS server. */
export interface SetupServers {
	start(handler: SetupHandler): void;
	stop(): void;
}
