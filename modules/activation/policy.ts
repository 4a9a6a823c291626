/*
 * Retry numbers. FIRMWARE_POLICY is the official firmware's (application.cc): 10 checks
 * with 10 s doubling back-off, 10 activation attempts per code, 3 s after a 202, 10 s
 * after a failure. DEFAULT_POLICY differs in one place: when the server held a 202 for
 * a while (it long-polls until the code is entered), the next attempt goes at once, so
 * the device notices a bind within the hold instead of up to 3 s later.
 */

export interface ActivationPolicy {
	readonly checkAttempts: number;
	readonly checkFirstDelayMs: number;
	readonly checkDelayFactor: number;
	readonly activateAttempts: number;
	/** Wait after a 202 answered at once. */
	readonly pendingDelayMs: number;
	/** Wait after a failed activation request. */
	readonly failureDelayMs: number;
	/** A 202 that took at least this long counts as held: no wait before the next attempt. */
	readonly heldThresholdMs: number;
}

export const FIRMWARE_POLICY: ActivationPolicy = Object.freeze({
	checkAttempts: 10,
	checkFirstDelayMs: 10000,
	checkDelayFactor: 2,
	activateAttempts: 10,
	pendingDelayMs: 3000,
	failureDelayMs: 10000,
	heldThresholdMs: Number.POSITIVE_INFINITY,
});

export const DEFAULT_POLICY: ActivationPolicy = Object.freeze({
	...FIRMWARE_POLICY,
	heldThresholdMs: 2000,
});

/**
 * The device's settings when nothing overrides them: the one table the flow, the Moddable
 * app config and the desktop runners read. manifest.json's "config" block repeats these
 * values for mcconfig (JSON cannot import); test/activation/device-defaults.test.ts keeps the two equal.
 */
export const DEVICE_DEFAULTS = Object.freeze({
	otaUrl: "https://api.tenclass.net/xiaozhi/ota/",
	language: "zh-CN",
	boardType: "bread-compact-ml307",
	/** Per request: headers and body; the firmware's HTTP client default. */
	requestTimeoutMs: 30000,
	/** Larger answers are refused: real answers are under 1 KB. */
	maxBodyBytes: 8192,
	wifiJoinTimeoutMs: 30000,
} as const);
