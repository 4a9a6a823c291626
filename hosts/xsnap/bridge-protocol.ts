/*
 * The messages between the XS worker and its Node host. XS calls `issueCommand` with one
 * JSON request and blocks until Node answers with one JSON reply. Both sides import this
 * module, so it must stay free of Node and Moddable imports.
 */
import type { HttpRequest, StoredValue } from "activation/interfaces";
import type { ActivationEvent, ActivationOutcome } from "activation/events";
import type { ModemStatus } from "ml307/messages";
import type { LedPattern } from "led/led";
import type { ModemScript } from "../../emulator/ml307/simulator.ts";

export type LogLevel = "info" | "warn" | "error";

/** What the XS side needs to build the simulated ML307R (`--network ml307`). */
export interface ModemSetup {
	readonly script: ModemScript;
	/** BOARD_TYPE / BOARD_NAME of the board facts. */
	readonly board: { readonly type: string; readonly name: string };
	/** Device-clock ms after which the scripted SIM, registration and HTTP faults clear. */
	readonly recoversAfterMs?: number;
}

/** Bytes on the UART between the ESP32 and the modem. */
export interface UartBytes {
	/** ESP32 TX → modem RX. */
	readonly toModem: number;
	/** Modem TX → ESP32 RX. */
	readonly fromModem: number;
}

/** One HTTP request through the modem and the UART bytes it took. */
export interface ModemRequestTraffic extends UartBytes {
	readonly method: string;
	readonly path: string;
	/** The HTTP status, or the failure kind. */
	readonly result: number | string;
}

export interface ModemTraffic {
	readonly total: UartBytes;
	readonly bringUp: UartBytes;
	readonly requests: readonly ModemRequestTraffic[];
	/** The board-facts queries (AT+CSQ, AT+CEREG?, … before each status query). */
	readonly boardFacts: UartBytes;
	/** AT commands the simulated modem received. */
	readonly atCommands: number;
}

/** What the XS announcer needs from Node: each clip's length and the repeat interval. */
export interface AudioSetup {
	readonly clipMs: Readonly<Record<string, number>>;
	readonly repeatEveryMs: number;
}

export type BridgeRequest =
	| { readonly op: "config" }
	| { readonly op: "http"; readonly request: HttpRequest }
	| { readonly op: "clock.now" }
	| { readonly op: "clock.sleep"; readonly ms: number }
	| { readonly op: "clock.setWallClock"; readonly epochMs: number }
	| { readonly op: "store.get"; readonly namespace: string; readonly key: string }
	| { readonly op: "store.set"; readonly namespace: string; readonly key: string; readonly value: StoredValue }
	| { readonly op: "facts.system" }
	| { readonly op: "facts.board" }
	| { readonly op: "signer.serialNumber" }
	| { readonly op: "signer.hmac"; readonly challenge: string }
	| { readonly op: "random"; readonly count: number }
	| { readonly op: "log"; readonly level: LogLevel; readonly message: string }
	| { readonly op: "event"; readonly event: ActivationEvent }
	| { readonly op: "done"; readonly outcome: ActivationOutcome }
	| { readonly op: "crashed"; readonly name: string; readonly message: string; readonly stack?: string }
	| { readonly op: "modem.setup" }
	| { readonly op: "modem.status"; readonly status: ModemStatus; readonly detail: string; readonly atMs: number }
	| { readonly op: "modem.down"; readonly detail: string }
	| { readonly op: "modem.traffic"; readonly traffic: ModemTraffic }
	| { readonly op: "audio.setup" }
	| { readonly op: "audio.play"; readonly clip: string }
	| { readonly op: "audio.stop" }
	| { readonly op: "led"; readonly pattern: LedPattern };

export type BridgeOp = BridgeRequest["op"];

/** `stop` asks the XS side to stop the flow (like a BOOT press) as soon as it can. */
export type BridgeReply =
	| { readonly ok: true; readonly value?: unknown; readonly stop?: boolean }
	| { readonly ok: false; readonly errorName: string; readonly message: string; readonly stop?: boolean };

/*
 * JSON that keeps non-finite numbers (FIRMWARE_POLICY holds Infinity) across the bridge.
 */
const NON_FINITE_TAG = "$nonFinite";

export function encodeMessage(value: unknown): string {
	return JSON.stringify(value, (_key, item: unknown) =>
		typeof item === "number" && !Number.isFinite(item) ? { [NON_FINITE_TAG]: String(item) } : item,
	);
}

export function decodeMessage(text: string): unknown {
	return JSON.parse(text, (_key, item: unknown) => {
		if (typeof item === "object" && item !== null && !Array.isArray(item)) {
			const keys = Object.keys(item);
			if (keys.length === 1 && keys[0] === NON_FINITE_TAG) return Number((item as Record<string, string>)[NON_FINITE_TAG]);
		}
		return item;
	});
}
