/*
 * The host of the SDK stand-ins on the board run (desktop/sdk-standins/host.ts), installed
 * when this module is first imported, before the board's code: the board's timeline (Node's
 * clock moves with it), mc/config, NVS, resources and the natives' randomness from Node over
 * the bridge; Wi-Fi's HTTPS through Node's transport; the setup page's sockets on this
 * machine; UART1 (TX 12, RX 11) wired to the simulated ML307R; the BOOT and volume buttons;
 * the status LED on GPIO48 and the speaker as console lines (`led: <pattern>`,
 * `speaker: play <clip>`, `speaker: silence <frames>`, `speaker: flush`) Node follows; every
 * OLED frame to Node as the panel's 1-bit frame.
 */
import type { HttpResult, StoredValue } from "activation/interfaces";
import { ledPatternOfColor } from "led/led";
import { installStandinHost, type FlashHost, type FlashValue, type HttpHost, type StandinHost } from "../../../sdk-standins/host.ts";
import { Timeline } from "../../../sdk-standins/timeline.ts";
import { call } from "../xs-bridge.ts";
import { boardButtons } from "./buttons.ts";
import { boardNetwork, bytesOfHex } from "./network.ts";
import { boardSetup } from "./setup.ts";
import { boardUart } from "./uart.ts";

/** The board's time: Timer, Time, the speaker, the radio, the modem and the UART all run on it. */
export const boardTimeline = new Timeline();
boardTimeline.onBusy = (ms) => void call({ op: "clock.sleep", ms });

/** System.restart() calls: the driver reboots the board for each. */
export const restartRequests = { count: 0 };
/** What Time.set last set (seconds), or undefined. */
export const wallClock: { seconds: number | undefined } = { seconds: undefined };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** NVS on the Node side (an NvsStore with the ESP32 rules, kept across reboots): strings and integers cross the bridge. */
const bridgeFlash: FlashHost = Object.freeze<FlashHost>({
	read: (domain: string, key: string) => call({ op: "store.get", namespace: domain, key }) as StoredValue | undefined,
	write(domain: string, key: string, value: FlashValue) {
		if (typeof value !== "string" && typeof value !== "number") throw new Error("the board run's NVS holds strings and integers (the board stores nothing else)");
		call({ op: "store.set", namespace: domain, key, value });
	},
	erase: (domain: string, key: string) => void call({ op: "store.remove", namespace: domain, key }),
	keys(): string[] {
		throw new Error("the board run's NVS lists no keys (the board never asks)");
	},
});

/**
 * Wi-Fi's requests through Node's HTTPS transport: the request goes once it is written whole;
 * the answer comes back with its status, a content-length and the body (Node's transport
 * keeps no other header).
 */
const bridgeHttp: HttpHost = Object.freeze<HttpHost>({
	connect(head, answer) {
		const body: Uint8Array[] = [];
		let open = true;
		return {
			send(bytes: Uint8Array) {
				body.push(bytes);
				answer.sent(bytes.length);
			},
			end() {
				const url = `${head.secure ? "https" : "http"}://${head.host}:${head.port}${head.path}`;
				const headers = head.headers.filter(([name]) => !/^(connection|host|content-length)$/i.test(name)).map(([name, value]): [string, string] => [name, value]);
				let length = 0;
				for (const piece of body) length += piece.length;
				const whole = new Uint8Array(length);
				body.reduce((at, piece) => (whole.set(piece, at), at + piece.length), 0);
				const method = head.method === "GET" ? "GET" : "POST";
				const result = call({ op: "http", request: { method, url, headers, body: decoder.decode(whole), timeoutMs: 60_000, maxBodyBytes: 1 << 20 } }) as HttpResult;
				if (!open) return;
				if (!result.ok) return answer.failed();
				const bytes = encoder.encode(result.body);
				answer.status(result.status);
				answer.header("content-length", String(bytes.length));
				answer.headersComplete();
				if (open && bytes.length) answer.body(bytes);
				if (open) answer.closed();
			},
			close() {
				open = false;
			},
		};
	},
});

const resources = new Map<string, Uint8Array | undefined>();

function resource(path: string): Uint8Array | undefined {
	if (!resources.has(path)) {
		const hex = call({ op: "board.resource", path }) as string | undefined;
		resources.set(path, hex === undefined ? undefined : bytesOfHex(hex));
	}
	return resources.get(path);
}

const HEX = "0123456789abcdef";

/** The panel's 1-bit frame (a pixel is lit at gray >= 128), rows of 16 bytes, MSB first, as hex. */
function frameHex(gray: Uint8Array, width: number, height: number): string {
	let hex = "";
	for (let row = 0; row < height; row++)
		for (let byte = 0; byte < width / 8; byte++) {
			let bits = 0;
			for (let bit = 0; bit < 8; bit++) if (gray[row * width + byte * 8 + bit]! >= 128) bits |= 0x80 >> bit;
			hex += HEX[bits >> 4]! + HEX[bits & 15]!;
		}
	return hex;
}

const host: StandinHost = {
	timeline: boardTimeline,
	config: boardSetup.config,
	flash: bridgeFlash,
	http: bridgeHttp,
	net: boardNetwork,
	resource,
	audio: {
		defines: boardSetup.audio,
		told(event) {
			if (event.kind === "samples") trace(`speaker: play ${event.name.replace(/\.maud$/, "")}\n`);
			else if (event.kind === "silence") trace(`speaker: silence ${event.frames}\n`);
			else if (event.kind === "flush") trace("speaker: flush\n");
		},
	},
	display: {
		frame: (_pixelsOut, gray, width, height) => void call({ op: "board.frame", hex: frameHex(gray, width, height), at: boardTimeline.now }),
	},
	led: {
		pin: 48,
		length: 1,
		show(_pixels, _brightness, made) {
			// A colour made since the last update starts a new pattern; a blink's toggles reuse it.
			const last = made[made.length - 1];
			if (!last) return;
			const pattern = ledPatternOfColor(last.red, last.green, last.blue);
			trace(`led: ${pattern ? pattern.name : `rgb(${last.red},${last.green},${last.blue})`}\n`);
		},
	},
	pins: boardButtons,
	uart: {
		link: (port, transmit, receive) => (port === 1 && transmit === 12 && receive === 11 ? boardUart().link : undefined),
		post(deliver) {
			// A serial callback reaches the VM after the scripted stall, before anything else the chip has due.
			const stallMs = boardUart().simulator.script.hostStallMs ?? 0;
			if (stallMs > 0) boardTimeline.stallThen(deliver, stallMs);
			else boardTimeline.add(() => deliver(), 0);
		},
		modemPort: boardSetup.modem.script.port === "sdk-fifo" ? "sdk-fifo" : "ring-buffered",
	},
	air: boardSetup.wifi,
	restart: () => void restartRequests.count++,
	setWallClock: (seconds) => void (wallClock.seconds = seconds),
	ntpSeconds: () => Math.floor(Date.now() / 1000),
	random: (count) => Uint8Array.from(call({ op: "random", count }) as number[]),
};

installStandinHost(host);
