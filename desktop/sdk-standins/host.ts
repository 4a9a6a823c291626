/*
 * What the SDK stand-ins need from the machine they run on, as one small interface: the
 * stand-ins hold the SDK's rules (limits, errors, message order), the host only the outside
 * world (time's source, flash contents, the network, the modem, the pins, the screen, the
 * speaker). The board run installs a host behind its bridge to Node (desktop/runner/xs/board/host.ts),
 * the Node tests one on Node (test/support/sdk-standins/node-host.ts); the stand-in code is the same.
 * A part a host lacks fails the stand-in that needs it with a line naming both.
 */
import type { Timeline } from "./timeline.ts";
import type { SerialLink } from "../ml307-simulator/link.ts";

/** What the flash holds for Preference (NVS): the stand-in checks every rule before it writes here. */
export type FlashValue = boolean | number | string | ArrayBuffer;

export interface FlashHost {
	read(domain: string, key: string): FlashValue | undefined;
	write(domain: string, key: string, value: FlashValue): void;
	erase(domain: string, key: string): void;
	keys(domain: string): string[];
}

/** The request head the http client writes, in its order (`Connection: close` first, `content-length` and `Host` as http.js adds them). */
export interface HttpRequestHead {
	readonly secure: boolean;
	readonly host: string;
	readonly port: number;
	readonly method: string;
	readonly path: string;
	readonly headers: readonly (readonly [string, string])[];
}

/** The far end's answer, told to the client: the host calls these as the server's bytes come. */
export interface HttpAnswer {
	status(code: number): void;
	header(name: string, value: string): void;
	headersComplete(): void;
	body(bytes: Uint8Array): void;
	/** The connection closed (after the answer, or not). */
	closed(): void;
	/** No connection, a failed TLS handshake, a reset. */
	failed(): void;
	/** `count` bytes written have left the send buffer. */
	sent(count: number): void;
}

export interface HttpConnection {
	send(bytes: Uint8Array): void;
	/** The request is written whole. */
	end(): void;
	/** The app closed the request: nothing more is told. */
	close(): void;
}

export interface HttpHost {
	connect(head: HttpRequestHead, answer: HttpAnswer): HttpConnection;
	/** A TLS session for a SecureSocket with these `secure` options: throws when it cannot be made. */
	openTls?(secure: object): void;
}

/** One TCP connection on the host's network, for the socket stand-in. */
export interface TcpWire {
	write(bytes: Uint8Array): void;
	close(): void;
	/** Set by the socket that owns the wire. */
	events: { data(bytes: Uint8Array): void; sent(count: number): void; closed(): void } | undefined;
}

export interface UdpPort {
	send(address: string, port: number, bytes: Uint8Array): void;
	close(): void;
}

export interface NetHost {
	listen(port: number, accept: (wire: TcpWire) => void): { close(): void };
	udp(port: number, datagram: (bytes: Uint8Array, address: string, port: number) => void): UdpPort;
}

export interface AudioDefines {
	readonly sampleRate: number;
	readonly numChannels: number;
	readonly bitsPerSample: number;
	readonly streams: number;
	readonly queueLength: number;
}

export type AudioEvent =
	| { readonly kind: "samples"; readonly name: string; readonly frames: number }
	| { readonly kind: "silence"; readonly frames: number }
	| { readonly kind: "volume"; readonly volume: number }
	| { readonly kind: "flush" }
	| { readonly kind: "start" }
	| { readonly kind: "stop" };

export interface AudioHost {
	/** The build's defines.audioOut. */
	readonly defines: AudioDefines;
	/** Each element as it is queued (a clip by its resource name), each volume as it takes effect, each flush, start and stop. */
	told?(event: AudioEvent): void;
	/** An output the app made (a test looks at its queue through the SDK's own length()). */
	opened?(output: object): void;
}

export interface DisplayHost {
	/** A frame Poco finished (Gray256, row by row) for `pixelsOut`. */
	frame(pixelsOut: object, gray: Uint8Array, width: number, height: number): void;
	/** Poco.begin()'s arguments. */
	begin?(pixelsOut: object, area: readonly number[]): void;
	/** A bitmap drawn from pixels in the XS heap (an ArrayBuffer: Poco keeps the collector off until end()). */
	heapBitmap?(pixelsOut: object): void;
}

export interface Rgb {
	readonly red: number;
	readonly green: number;
	readonly blue: number;
}

export interface LedHost {
	/** The one strip wired: its data pin and its length. */
	readonly pin: number;
	readonly length: number;
	/** update(): the pixels' colours and brightness, and the colours made with makeRGB() since the last update. */
	show(pixels: readonly Rgb[], brightness: number, made: readonly Rgb[]): void;
}

export interface PinHost {
	/** An input pin wired on this board (else the stand-in says "invalid pin"). */
	input(pin: number): { level(): 0 | 1; watch(onChange: (level: 0 | 1) => void): void; close(): void } | undefined;
}

export interface UartHost {
	/** The wire on that port and pins, or undefined when nothing is wired there. */
	link(port: number, transmit: number, receive: number): SerialLink | undefined;
	/** Hands a serial message to the VM (a host that models a busy VM delays it). */
	post(deliver: () => void): void;
	/** The port the board's native modem serial is: "ring-buffered" (default) or "sdk-fifo". */
	readonly modemPort?: "ring-buffered" | "sdk-fifo";
}

export interface AirNetwork {
	readonly ssid: string;
	readonly rssi?: number;
	/** ESP-IDF's wifi_auth_mode_t (0 open, 3 WPA2, …). */
	readonly authmode?: number;
	readonly channel?: number;
	/** "" or absent for an open network. */
	readonly password?: string;
	readonly hidden?: boolean;
	/** Associates, but its DHCP never hands out an address. */
	readonly noDhcp?: boolean;
}

export interface AirHost {
	readonly networks: readonly AirNetwork[];
	/** The station's address once joined. */
	readonly ip: string;
}

export interface StandinHost {
	readonly timeline: Timeline;
	/** mc/config: the build's `config` block and `key=value` arguments. */
	readonly config?: Readonly<Record<string, unknown>>;
	readonly flash?: FlashHost;
	readonly http?: HttpHost;
	readonly net?: NetHost;
	/** A resource's bytes, or undefined when the build has none by that name. */
	readonly resource?: (path: string) => Uint8Array | undefined;
	readonly audio?: AudioHost;
	readonly display?: DisplayHost;
	readonly led?: LedHost;
	readonly pins?: PinHost;
	readonly uart?: UartHost;
	readonly air?: AirHost;
	/** System.restart(). */
	readonly restart?: () => void;
	/** Time.set(seconds): the wall clock. */
	readonly setWallClock?: (seconds: number) => void;
	/** What an NTP server says now, in seconds, or undefined when none answers (sntp). */
	readonly ntpSeconds?: (server: string) => number | undefined;
	/** crypt's Digest: the hash of `bytes` (SHA1, SHA256, SHA512, MD5). */
	readonly digest?: (algorithm: string, bytes: Uint8Array) => Uint8Array;
	/** rng: `count` random bytes. */
	readonly random?: (count: number) => Uint8Array;
}

let installed: StandinHost | undefined;

/** The host every stand-in uses from now on (one per VM, as the SDK's modules are one per VM). */
export function installStandinHost(host: StandinHost): void {
	installed = host;
}

export function standinHost(): StandinHost {
	if (!installed) throw new Error("SDK stand-ins: no host installed (installStandinHost)");
	return installed;
}

/** One part of the host, or an error naming the stand-in that needed it. */
export function hostPart<K extends keyof StandinHost>(part: K, standIn: string): NonNullable<StandinHost[K]> {
	const value = standinHost()[part];
	if (value === undefined) throw new Error(`${standIn}: this host has no ${String(part)}`);
	return value as NonNullable<StandinHost[K]>;
}
