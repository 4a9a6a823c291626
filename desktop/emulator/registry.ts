/*
 * Per-device activation state, keyed by the Device-Id header exactly as sent (the official
 * server matches it case-sensitively, so "AA:..." and "aa:..." are two devices).
 *
 * unknown ──check──▶ pending (6-digit code) ──console bind / auto-bind──▶ bound
 *    ▲                 │ code older than codeTtlMs: forgotten (next check issues a new one)
 *    └──── unbind ─────┴──────────────────────────────────────────────────┘
 * bound-elsewhere: someone else's device; no code is ever issued, binding is impossible.
 *
 * Time is read from the emulator clock on every query, so auto-bind and expiry follow
 * virtual time without timers.
 */
import { randomInt } from "node:crypto";

export type DeviceState = "unknown" | "pending" | "bound" | "bound-elsewhere";

export interface ConsoleResult {
	code: number;
	msg: string;
}

/** The manager console's result codes and English messages. */
export const CONSOLE_RESULTS = Object.freeze({
	success: Object.freeze({ code: 0, msg: "success" }),
	emptyCode: Object.freeze({ code: 10061, msg: "Activation code cannot be empty" }),
	badCode: Object.freeze({ code: 10062, msg: "Activation code error" }),
	alreadyBound: Object.freeze({ code: 10063, msg: "Device already activated" }),
});

export interface DeviceSummary {
	deviceId: string;
	state: DeviceState;
	numericId: number;
	firstSeenAt: number;
	lastSeenAt: number;
	boundAt?: number;
	boardType?: string;
	appVersion?: string;
}

interface DeviceRecord {
	readonly deviceId: string;
	readonly numericId: number;
	state: DeviceState;
	/** The code the device is announcing while pending. */
	code?: string;
	codeIssuedAt?: number;
	/** The code it had when it got bound: typing it again answers "already activated". */
	formerCode?: string;
	formerCodeIssuedAt?: number;
	/** The challenge of the latest check answer, which a v2 /activate must sign. */
	challenge?: string;
	firstSeenAt: number;
	lastSeenAt: number;
	boundAt?: number;
	boardType?: string;
	appVersion?: string;
}

export interface RegistryOptions {
	now: () => number;
	codeTtlMs: number;
	autoBindAfterMs?: number;
	onCode: (deviceId: string, code: string) => void;
	onBound: (deviceId: string) => void;
}

/** Official `device_id` numbers look like this one from a capture; ours count up from it. */
const FIRST_NUMERIC_ID = 1421825;

export class DeviceRegistry {
	readonly #devices = new Map<string, DeviceRecord>();
	readonly #deviceByCode = new Map<string, string>();
	readonly #options: RegistryOptions;
	#nextNumericId = FIRST_NUMERIC_ID;

	constructor(options: RegistryOptions) {
		if (!(options.codeTtlMs > 0)) throw new RangeError(`codeTtlMs must be a positive number, got ${options.codeTtlMs}`);
		if (options.autoBindAfterMs !== undefined && !(options.autoBindAfterMs >= 0)) {
			throw new RangeError(`autoBindAfterMs must be a number >= 0, got ${options.autoBindAfterMs}`);
		}
		this.#options = options;
	}

	state(deviceId: string): DeviceState {
		const record = this.#devices.get(deviceId);
		if (!record) return "unknown";
		this.#settle(record);
		return record.state;
	}

	pendingCode(deviceId: string): string | undefined {
		const record = this.#devices.get(deviceId);
		if (!record) return undefined;
		this.#settle(record);
		return record.state === "pending" ? record.code : undefined;
	}

	numericId(deviceId: string): number | undefined {
		return this.#devices.get(deviceId)?.numericId;
	}

	latestChallenge(deviceId: string): string | undefined {
		return this.#devices.get(deviceId)?.challenge;
	}

	/**
	 * A check request from the device: records it and, if the device is not bound, makes
	 * sure it has a live code (reusing the current one until it expires).
	 * Returns the state after the check and the code to announce, if any.
	 */
	check(deviceId: string, facts: { boardType?: string; appVersion?: string }): { state: DeviceState; code?: string } {
		const now = this.#options.now();
		const record = this.#touch(deviceId, now);
		if (facts.boardType !== undefined) record.boardType = facts.boardType;
		if (facts.appVersion !== undefined) record.appVersion = facts.appVersion;
		this.#settle(record);
		if (record.state === "unknown") {
			const code = this.#freshCode();
			record.state = "pending";
			record.code = code;
			record.codeIssuedAt = now;
			this.#deviceByCode.set(code, deviceId);
			this.#options.onCode(deviceId, code);
			// An auto-bind delay of 0 binds right away: the first answer already has no code.
			this.#settle(record);
		}
		return { state: record.state, code: record.state === "pending" ? record.code : undefined };
	}

	/** Remembers the challenge sent in the latest check answer. */
	setChallenge(deviceId: string, challenge: string): void {
		const record = this.#devices.get(deviceId);
		if (record) record.challenge = challenge;
	}

	/** An /activate request: only records that the device was seen. */
	seen(deviceId: string): DeviceState {
		const record = this.#touch(deviceId, this.#options.now());
		this.#settle(record);
		return record.state;
	}

	/** What a person typing `code` into the console gets. */
	bind(code: string): ConsoleResult {
		const typed = code.trim();
		if (typed === "") return { ...CONSOLE_RESULTS.emptyCode };
		this.#settleAll();
		const deviceId = this.#deviceByCode.get(typed);
		const pending = deviceId === undefined ? undefined : this.#devices.get(deviceId);
		if (pending && pending.state === "pending" && pending.code === typed) {
			this.#markBound(pending, this.#options.now());
			return { ...CONSOLE_RESULTS.success };
		}
		const now = this.#options.now();
		for (const record of this.#devices.values()) {
			const formerStillValid =
				record.formerCodeIssuedAt !== undefined && now < record.formerCodeIssuedAt + this.#options.codeTtlMs;
			if (record.formerCode === typed && formerStillValid && (record.state === "bound" || record.state === "bound-elsewhere")) {
				return { ...CONSOLE_RESULTS.alreadyBound };
			}
		}
		return { ...CONSOLE_RESULTS.badCode };
	}

	unbind(deviceId: string): void {
		const record = this.#devices.get(deviceId);
		if (!record) return;
		this.#dropCode(record);
		record.formerCode = undefined;
		record.formerCodeIssuedAt = undefined;
		record.boundAt = undefined;
		record.state = "unknown";
	}

	bindElsewhere(deviceId: string): void {
		const record = this.#touch(deviceId, this.#options.now());
		this.#dropCode(record);
		record.state = "bound-elsewhere";
	}

	/** When the pending device will be bound automatically, if it will. */
	autoBindAt(deviceId: string): number | undefined {
		const record = this.#devices.get(deviceId);
		const delay = this.#options.autoBindAfterMs;
		if (!record || record.state !== "pending" || delay === undefined || record.codeIssuedAt === undefined) return undefined;
		const at = record.codeIssuedAt + delay;
		return at < record.codeIssuedAt + this.#options.codeTtlMs ? at : undefined;
	}

	list(): DeviceSummary[] {
		this.#settleAll();
		return [...this.#devices.values()].map((record) => ({
			deviceId: record.deviceId,
			state: record.state,
			numericId: record.numericId,
			firstSeenAt: record.firstSeenAt,
			lastSeenAt: record.lastSeenAt,
			...(record.boundAt !== undefined ? { boundAt: record.boundAt } : {}),
			...(record.boardType !== undefined ? { boardType: record.boardType } : {}),
			...(record.appVersion !== undefined ? { appVersion: record.appVersion } : {}),
		}));
	}

	#touch(deviceId: string, now: number): DeviceRecord {
		let record = this.#devices.get(deviceId);
		if (!record) {
			record = { deviceId, numericId: this.#nextNumericId++, state: "unknown", firstSeenAt: now, lastSeenAt: now };
			this.#devices.set(deviceId, record);
		}
		record.lastSeenAt = now;
		return record;
	}

	/** Applies what the passage of time implies: auto-bind first, else code expiry. */
	#settle(record: DeviceRecord): void {
		if (record.state !== "pending" || record.codeIssuedAt === undefined) return;
		const now = this.#options.now();
		const autoAt = this.autoBindAt(record.deviceId);
		if (autoAt !== undefined && now >= autoAt) {
			this.#markBound(record, autoAt);
			return;
		}
		if (now >= record.codeIssuedAt + this.#options.codeTtlMs) {
			this.#dropCode(record);
			record.state = "unknown";
		}
	}

	#settleAll(): void {
		for (const record of this.#devices.values()) this.#settle(record);
	}

	#markBound(record: DeviceRecord, at: number): void {
		record.formerCode = record.code;
		record.formerCodeIssuedAt = record.codeIssuedAt;
		this.#dropCode(record);
		record.state = "bound";
		record.boundAt = at;
		this.#options.onBound(record.deviceId);
	}

	#dropCode(record: DeviceRecord): void {
		if (record.code !== undefined && this.#deviceByCode.get(record.code) === record.deviceId) {
			this.#deviceByCode.delete(record.code);
		}
		record.code = undefined;
		record.codeIssuedAt = undefined;
	}

	/** Six digits, leading zeros allowed; unlike the real manager, never one that is live. */
	#freshCode(): string {
		for (;;) {
			const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
			if (!this.#deviceByCode.has(code)) return code;
		}
	}
}
