/*
 * The messages between the XS worker and its Node host. XS calls `issueCommand` with one
 * JSON request and blocks until Node answers with one JSON reply. Both sides import this
 * module, so it must stay free of Node and Moddable imports.
 */
import type { HttpRequest, StoredValue } from "activation/interfaces";
import type { ActivationEvent, ActivationOutcome } from "activation/events";
import type { ModemStatus } from "ml307/messages";
import type { LedPattern } from "led/led";
import type { ModemScript } from "../ml307-simulator/simulator.ts";
import type { UartFigures } from "uart-model/port-model";
import type { AirNetwork } from "../sdk-standins/host.ts";

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

/** The board's natives as raw JSON (ArrayBuffers as byte arrays), answered from a device profile. */
export interface BoardNativesJson {
	readonly chip: { readonly modelName: string; readonly model: number; readonly cores: number; readonly revision: number; readonly features: number };
	readonly flashSize: number;
	readonly minimumFreeHeap: number;
	readonly staMac: readonly number[];
	readonly app: {
		readonly name: string;
		readonly version: string;
		readonly date: string;
		readonly time: string;
		readonly idfVersion: string;
		readonly elfSha256: readonly number[];
	};
	readonly partitions: readonly { readonly label: string; readonly type: number; readonly subtype: number; readonly address: number; readonly size: number }[];
	readonly runningPartition: string;
	readonly efuseSerial: readonly number[];
}

/** What the board run (`--board`: main.ts + hosts/esp32s3/platform.ts on XS) starts from. */
export interface BoardSetup {
	/** mc/config as the build would have it (otaUrl, language, boardType, …, extraCa). */
	readonly config: Readonly<Record<string, string | number>>;
	readonly natives: BoardNativesJson;
	readonly modem: ModemSetup;
	/** Reboots (System.restart) the run follows before it ends. */
	readonly maxRestarts: number;
	/** The board's defines.audioOut (hosts/esp32s3/manifest.json): the speaker stand-in's rate and queue. */
	readonly audio: { readonly sampleRate: number; readonly numChannels: number; readonly bitsPerSample: number; readonly streams: number; readonly queueLength: number };
	/** Wi-Fi mode: the networks around the board (the stand-in `wifi`'s scans and joins) and the station's address once joined. */
	readonly wifi: { readonly networks: readonly BoardWifiNetwork[]; readonly ip: string };
}

/** A network the board run's Wi-Fi stand-in answers for (`--wifi-networks FILE`): seen by scans unless hidden, joined only with its password (the stand-ins' AirNetwork, less the test-only noDhcp). */
export type BoardWifiNetwork = Omit<AirNetwork, "noDhcp">;

/** What happened on the board run's sockets (desktop/runner/board-network.ts), for the stand-ins inside XS. */
export type NetEvent =
	| { readonly id: number; readonly kind: "accept"; readonly connection: number }
	| { readonly id: number; readonly kind: "data"; readonly hex: string }
	| { readonly id: number; readonly kind: "sent"; readonly count: number }
	| { readonly id: number; readonly kind: "closed" }
	| { readonly id: number; readonly kind: "datagram"; readonly hex: string; readonly address: string; readonly port: number };

/** A BOOT gesture the Node side asks for, in reply to a console line. */
export type ButtonAction = "click" | "double-click";

/** What the board run reports at its end: the modem side's record. */
export interface BoardModemReport {
	/** Every AT command the modem received, with the board's virtual ms. */
	readonly commands: readonly { readonly at: number; readonly command: string }[];
	/** Per forwarded HTTP request: how many AT commands and UART bytes came before it. */
	readonly requests: readonly { readonly url: string; readonly at: number; readonly commandsBefore: number; readonly toModem: number; readonly fromModem: number }[];
	readonly total: UartBytes;
	/** AT commands the ESP32 wrote, probes at a rate the modem was not at included. */
	readonly commandsSent: number;
	/** The wire up to the first AT+MHTTPCREATE: the bring-up and the first status query's board facts. */
	readonly beforeFirstHttp?: { readonly commands: number; readonly toModem: number; readonly fromModem: number };
	readonly restarts: number;
	/** The ESP32's modem port over the run, when it was opened. */
	readonly uart?: UartReport;
}

/** The modem port's figures over a board run: maxima over every open, lost bytes summed; its rules' name and the last rate. */
export interface UartReport extends UartFigures {
	readonly port: string;
	readonly baud: number;
}

/** What the XS announcer needs from Node: each clip's length, the repeat interval, whether a code is read twice. */
export interface AudioSetup {
	readonly clipMs: Readonly<Record<string, number>>;
	readonly repeatEveryMs: number;
	readonly readCodeTwice: boolean;
}

export type BridgeRequest =
	| { readonly op: "config" }
	| { readonly op: "http"; readonly request: HttpRequest }
	| { readonly op: "clock.now" }
	| { readonly op: "clock.sleep"; readonly ms: number }
	| { readonly op: "clock.setWallClock"; readonly epochMs: number }
	| { readonly op: "store.get"; readonly namespace: string; readonly key: string }
	| { readonly op: "store.set"; readonly namespace: string; readonly key: string; readonly value: StoredValue }
	| { readonly op: "store.remove"; readonly namespace: string; readonly key: string }
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
	| { readonly op: "board.setup" }
	/** A resource the board's flash holds (the speaker's clips, the setup page), as hex; undefined when there is none. */
	| { readonly op: "board.resource"; readonly path: string }
	| { readonly op: "board.trace"; readonly line: string }
	| { readonly op: "board.frame"; readonly hex: string; readonly at: number }
	| { readonly op: "board.report"; readonly report: BoardModemReport }
	| { readonly op: "net.listen"; readonly port: number }
	| { readonly op: "net.udp"; readonly port: number }
	| { readonly op: "net.write"; readonly id: number; readonly hex: string }
	| { readonly op: "net.send"; readonly id: number; readonly address: string; readonly port: number; readonly hex: string }
	| { readonly op: "net.close"; readonly id: number }
	| { readonly op: "net.wait"; readonly ms: number }
	| { readonly op: "audio.setup" }
	| { readonly op: "audio.play"; readonly clip: string }
	| { readonly op: "audio.pause"; readonly ms: number }
	| { readonly op: "audio.stop" }
	| { readonly op: "led"; readonly pattern: LedPattern };

export type BridgeOp = BridgeRequest["op"];

/** `stop` asks the XS side to stop the flow (like a BOOT press) as soon as it can. */
export type BridgeReply =
	| { readonly ok: true; readonly value?: unknown; readonly stop?: boolean }
	| { readonly ok: false; readonly errorName: string; readonly message: string; readonly stop?: boolean };

/*
 * JSON that keeps non-finite numbers (FIRMWARE_POLICY holds Infinity) across the bridge.
 * The tag cannot collide with data: a non-finite number becomes `{"$": "Infinity"}`, and
 * every member name of the data that starts with "$" gets one more "$" ("$" → "$$",
 * "$nonFinite" → "$$nonFinite"). So an object whose only member is exactly "$" is always
 * a tag, and a server's `{"$": …}` or `{"$nonFinite": …}` comes back as the object it was.
 */
const TAG = "$";
const DOLLAR = 36;

/** Assignment would run the `__proto__` setter; a defined property is just data. */
function put(object: Record<string, unknown>, key: string, value: unknown): void {
	Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

/** `object` itself when no member name starts with `$`, else a copy with those names renamed. */
function renamedDollarMembers(object: Record<string, unknown>, rename: (key: string) => string): Record<string, unknown> {
	let found = false;
	for (const key in object) {
		if (key.charCodeAt(0) === DOLLAR) {
			found = true;
			break;
		}
	}
	if (!found) return object;
	const renamed: Record<string, unknown> = {};
	for (const key in object) put(renamed, key.charCodeAt(0) === DOLLAR ? rename(key) : key, object[key]);
	return renamed;
}

const escapeKey = (key: string): string => TAG + key;
const unescapeKey = (key: string): string => key.slice(1);

export function encodeMessage(value: unknown): string {
	return JSON.stringify(value, (_key, item: unknown) => {
		if (typeof item === "number") return Number.isFinite(item) ? item : { [TAG]: String(item) };
		if (typeof item === "object" && item !== null && !Array.isArray(item)) return renamedDollarMembers(item as Record<string, unknown>, escapeKey);
		return item;
	});
}

export function decodeMessage(text: string): unknown {
	return JSON.parse(text, (_key, item: unknown) => {
		if (typeof item !== "object" || item === null || Array.isArray(item)) return item;
		const object = item as Record<string, unknown>;
		let count = 0;
		for (const _key in object) if (++count > 1) break;
		if (count === 1 && Object.prototype.hasOwnProperty.call(object, TAG)) return Number(object[TAG]);
		return renamedDollarMembers(object, unescapeKey);
	});
}
