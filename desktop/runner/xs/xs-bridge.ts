/*
 * XS side of the bridge: an ActivationHost whose every member is one blocking
 * `issueCommand` round trip to Node. Runs inside xsnap only: no Node import here.
 */
import type {
	ActivationHost,
	ActivationSigner,
	BoardFacts,
	DeviceFactsProvider,
	HttpRequest,
	HttpResult,
	HttpTransport,
	KeyValueStore,
	Log,
	RandomSource,
	StoredValue,
	SystemFacts,
	WallClock,
} from "activation/interfaces";
import type { ActivationEvent, ActivationOutcome } from "activation/events";
import { isFlowEvent, type DeviceEvent, type DeviceOutcome } from "device/device";
import { decodeMessage, encodeMessage, type BridgeReply, type BridgeRequest } from "../bridge-protocol.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

const stopListeners: (() => void)[] = [];

/** Called when Node asks the run to stop (the reply to any call can carry the request). */
export function onStopRequested(listener: () => void): void {
	stopListeners.push(listener);
}

function errorFromReply(name: string, message: string): Error {
	switch (name) {
		case "RangeError":
			return new RangeError(message);
		case "TypeError":
			return new TypeError(message);
		default: {
			const error = new Error(message);
			if (name !== "Error") error.name = name;
			return error;
		}
	}
}

/** One round trip. Throws the host's error (same class name and message) when it failed. */
export function call(request: BridgeRequest): unknown {
	const bytes = encoder.encode(encodeMessage(request));
	const answer = issueCommand(bytes.buffer as ArrayBuffer);
	const reply = decodeMessage(decoder.decode(new Uint8Array(answer))) as BridgeReply;
	if (reply.stop) for (const listener of stopListeners) listener();
	if (!reply.ok) throw errorFromReply(reply.errorName, reply.message);
	return reply.value;
}

/** Asynchronous members still block XS; they resolve (or reject) once Node has answered. */
function later<T>(work: () => T): Promise<T> {
	try {
		return Promise.resolve(work());
	} catch (error) {
		return Promise.reject(error);
	}
}

const http: HttpTransport = {
	request(request: HttpRequest): Promise<HttpResult> {
		return later(() => call({ op: "http", request }) as HttpResult);
	},
};

const store: KeyValueStore = {
	get(namespace: string, key: string): StoredValue | undefined {
		return call({ op: "store.get", namespace, key }) as StoredValue | undefined;
	},
	set(namespace: string, key: string, value: StoredValue): void {
		call({ op: "store.set", namespace, key, value });
	},
};

/** Node's clock (the device's time in the runner, the emulator's too), in ms. */
export function nodeNow(): number {
	return call({ op: "clock.now" }) as number;
}

const wallClock: WallClock = {
	setWallClock: (epochMs: number) => void call({ op: "clock.setWallClock", epochMs }),
};

const facts: DeviceFactsProvider = {
	system: () => call({ op: "facts.system" }) as SystemFacts,
	board: () => later(() => call({ op: "facts.board" }) as BoardFacts),
};

const signer: ActivationSigner = {
	serialNumber: () => call({ op: "signer.serialNumber" }) as string | undefined,
	hmacSha256Hex: (challenge: string) => call({ op: "signer.hmac", challenge }) as string,
};

const random: RandomSource = {
	bytes(count: number): Uint8Array {
		return Uint8Array.from(call({ op: "random", count }) as number[]);
	},
};

const log: Log = {
	info: (message: string) => void call({ op: "log", level: "info", message }),
	warn: (message: string) => void call({ op: "log", level: "warn", message }),
	error: (message: string) => void call({ op: "log", level: "error", message }),
};

/** The host's parts on Node; the device's time is XS's own timer queue on Node's clock (xs-timers.ts). */
export const bridgedHost: Omit<ActivationHost, "timers"> = Object.freeze({ http, store, wallClock, facts, signer, random, log });

/** Hands the run's outcome (or the error that ended it) to Node. */
export function reportOutcome(work: Promise<ActivationOutcome>): void {
	work.then(
		(outcome) => {
			call({ op: "done", outcome });
		},
		(error: unknown) => {
			const e = error instanceof Error ? error : new Error(String(error));
			call({ op: "crashed", name: e.name, message: e.message, ...(e.stack ? { stack: e.stack } : {}) });
		},
	);
}

/** The flow's events go to Node as "event"; the device's own (network, modem, button) are the caller's. */
export function isActivationEvent(event: DeviceEvent): event is ActivationEvent {
	return isFlowEvent(event);
}

export function forwardActivationEvent(event: DeviceEvent): void {
	if (isActivationEvent(event)) call({ op: "event", event });
}

/**
 * Hands a device outcome to Node. "no-network" is the modem never answering ("modem.down");
 * a restart asked by the BOOT double-click ends this run like a stop.
 */
export function reportDeviceOutcome(work: Promise<DeviceOutcome>): void {
	reportOutcome(
		work.then((outcome): ActivationOutcome => {
			if (outcome.status === "no-network") {
				call({ op: "modem.down", detail: outcome.detail });
				return { status: "stopped" };
			}
			return outcome.status === "restart" ? { status: "stopped" } : outcome;
		}),
	);
}
