/*
 * The small interfaces the activation core needs from its host.
 *
 * Nothing in modules/ imports a Moddable or Node module: each host (the ESP32-S3 board,
 * the Moddable simulator, the XS runner on Node, the Node tests) hands the core an
 * implementation of these. Keep them narrow: every member is something a board can do
 * cheaply and a test can do for real.
 */

/** One header, as a [name, value] pair; order is the order on the wire. */
export type HeaderPair = readonly [name: string, value: string];

export interface HttpRequest {
	readonly method: "POST" | "GET";
	/** Absolute URL, `http://` or `https://`. */
	readonly url: string;
	readonly headers: readonly HeaderPair[];
	/** UTF-8 text; hosts encode it. */
	readonly body: string;
	/** Give up waiting for the answer (headers and body) after this long. */
	readonly timeoutMs: number;
	/** Larger bodies are a failure ("too-large"), never buffered whole. */
	readonly maxBodyBytes: number;
}

/**
 * Why a request got no HTTP answer at all. Hosts map their own errors onto these, so
 * the core, the log and the screen can tell the user what went wrong.
 */
export type TransportFailureKind =
	| "no-network" // no link, no SIM, modem not registered
	| "dns" // host name did not resolve
	| "connect" // TCP refused or unreachable
	| "tls" // handshake or certificate failure
	| "timeout" // no complete answer in time
	| "too-large" // body over maxBodyBytes
	| "truncated" // connection closed before the announced body length
	| "bad-url" // URL the host cannot use
	| "modem" // the modem's own HTTP stack reported an error
	| "io"; // anything else below HTTP

/** Why there is no network, when the network stack knows (the ML307R's SIM check and registration). */
export type NoNetworkCause = "no-sim" | "registration-denied";

export type HttpResult =
	| { readonly ok: true; readonly status: number; readonly body: string }
	| {
			readonly ok: false;
			readonly failure: TransportFailureKind;
			readonly detail: string;
			/** Only with "no-network", and only when the stack knows why. */
			readonly cause?: NoNetworkCause;
	  };

export interface HttpTransport {
	/** Never rejects: every failure resolves to `{ok: false}`. */
	request(request: HttpRequest): Promise<HttpResult>;
}

/** A value NVS can hold as the firmware uses it: a string or a 32-bit integer. */
export type StoredValue = string | number;

/**
 * Persistent key-value storage with ESP32 NVS rules: namespace and key names of at most
 * 15 characters, integers (no floats), string values of at most 4000 bytes.
 * `set` throws a RangeError/TypeError when a rule is broken; nothing is written then.
 */
export interface KeyValueStore {
	get(namespace: string, key: string): StoredValue | undefined;
	set(namespace: string, key: string, value: StoredValue): void;
	/**
	 * Erases one key (nvs_erase_key; a missing key is no error). Only the Wi-Fi setup needs it
	 * (a deleted network leaves no empty slot the official firmware would read); a store
	 * without it cannot delete saved networks.
	 */
	remove?(namespace: string, key: string): void;
}

/** Opaque handle of a pending timer. */
export type TimerHandle = unknown;

/**
 * The device's time, the one time port of device code: a monotonic millisecond clock and
 * cancellable one-shot timers on it (Time.ticks and Timer on the board). The flow's waits,
 * the modem driver, the BOOT button, Wi-Fi setup and the announcer's repeat all run on it.
 */
export interface Timers {
	/** Monotonic milliseconds (only differences matter). */
	now(): number;
	/** Calls `callback` once, `ms` milliseconds of this clock from now (0 or less: in a later turn, never inside set). */
	set(callback: () => void, ms: number): TimerHandle;
	/** Cancels a timer that has not fired (one that has, or undefined, is no error). */
	clear(handle: TimerHandle): void;
}

/** Resolves after `ms` of the device's time. */
export function sleep(timers: Timers, ms: number): Promise<void> {
	return new Promise((resolve) => {
		timers.set(resolve, ms);
	});
}

/** The wall clock, which the flow sets from the server's answer. */
export interface WallClock {
	/**
	 * Like the official firmware, the value is local wall time stored as if it were UTC:
	 * server timestamp + timezone offset.
	 */
	setWallClock(epochMs: number): void;
}

export interface Log {
	info(message: string): void;
	warn(message: string): void;
	error(message: string): void;
}

/** Chip, flash and app facts, read from the chip by native bindings on the board. */
export interface SystemFacts {
	readonly flashSize: number;
	readonly minimumFreeHeapSize: number;
	/** Wi-Fi STA MAC, 6 bytes. */
	readonly mac: readonly number[];
	readonly chipModelName: string;
	readonly chipInfo: {
		readonly model: number;
		readonly cores: number;
		readonly revision: number;
		readonly features: number;
	};
	readonly application: {
		readonly name: string;
		readonly version: string;
		/** `__DATE__` form, e.g. "Nov 15 2025". */
		readonly compileDate: string;
		/** `__TIME__` form, e.g. "16:51:32". */
		readonly compileTime: string;
		readonly idfVersion: string;
		/** ELF SHA-256, 64 hex characters (case is normalised by the report). */
		readonly elfSha256: string;
	};
	readonly partitions: readonly PartitionFact[];
	/** Label of the running app partition, e.g. "ota_0". */
	readonly runningPartition: string;
	readonly display: { readonly monochrome: boolean; readonly width: number; readonly height: number };
}

export interface PartitionFact {
	readonly label: string;
	readonly type: number;
	readonly subtype: number;
	readonly address: number;
	readonly size: number;
}

/** Registration state as reported by `AT+CEREG?`; optional parts only when the modem gave them. */
export interface CeregFact {
	readonly stat: number;
	readonly tac?: string;
	readonly ci?: string;
	readonly AcT?: number;
}

export type BoardFacts =
	| {
			readonly network: "ml307";
			readonly type: string;
			readonly name: string;
			readonly revision: string;
			readonly carrier: string;
			/** -1 when unknown; sent as a string. */
			readonly csq: number;
			readonly imei: string;
			readonly iccid: string;
			readonly cereg: CeregFact;
	  }
	| {
			readonly network: "wifi";
			readonly type: string;
			readonly name: string;
			/** In provisioning (AP) mode the station fields are left out. */
			readonly provisioning: boolean;
			readonly ssid?: string;
			readonly rssi?: number;
			readonly channel?: number;
			readonly ip?: string;
	  };

export interface DeviceFactsProvider {
	/** Synchronous: native bindings on the chip. */
	system(): SystemFacts;
	/** May talk to the modem, so it is asynchronous; rejects with a clear Error when it cannot. */
	board(): Promise<BoardFacts>;
}

/**
 * Activation-Version 2 identity: the eFuse serial number and the HMAC peripheral.
 * The HMAC key never leaves the chip; hosts without it use a software HMAC with a test key.
 */
export interface ActivationSigner {
	/** The serial number, or undefined when none is burned in (Activation-Version 1). */
	serialNumber(): string | undefined;
	/** HMAC-SHA256 of the challenge's UTF-8 bytes, 64 lowercase hex characters. Throws on failure. */
	hmacSha256Hex(challenge: string): string;
}

/** Cryptographic random bytes (for the UUID). */
export interface RandomSource {
	bytes(count: number): Uint8Array;
}

export interface ActivationHost {
	readonly http: HttpTransport;
	readonly store: KeyValueStore;
	readonly timers: Timers;
	readonly wallClock: WallClock;
	readonly facts: DeviceFactsProvider;
	readonly signer: ActivationSigner;
	readonly random: RandomSource;
	readonly log: Log;
}
