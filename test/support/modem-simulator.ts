/*
 * Shared set-up of the ML307 specs (pure TS: the specs also run inside XS): a virtual
 * clock, a simulated modem behind a UART link, a stand-in "internet" that records what
 * the modem's HTTP stack forwards, and the firmware-side stack in front.
 */

import type { HttpRequest, HttpResult, HttpTransport } from "activation/interfaces";
import { BREAD_COMPACT_ML307, createSimulatedModem, ManualClock, Ml307Simulator, SerialLink, type ModemScript, type SimulatedModem } from "../../desktop/ml307-simulator/index.ts";
import type { LinkOptions } from "../../desktop/ml307-simulator/link.ts";
import { LinkedSerialPort } from "../../desktop/ml307-simulator/serial-port.ts";
import { createMl307Stack } from "ml307/index";
import { Ecma419SerialPort } from "ml307/io";
import type { UartPortRules } from "uart-model/port-model";
import { bringUpModem, type BringUpResult } from "ml307/modem";
import type { ModemStatus } from "ml307/messages";

export class StandInInternet implements HttpTransport {
	readonly requests: HttpRequest[] = [];
	answer: (request: HttpRequest) => HttpResult = () => ({ ok: true, status: 200, body: "{}" });

	request(request: HttpRequest): Promise<HttpResult> {
		this.requests.push(request);
		return Promise.resolve(this.answer(request));
	}
}

export interface SimSetup extends SimulatedModem {
	readonly clock: ManualClock;
	readonly internet: StandInInternet;
	readonly statuses: { at: number; status: ModemStatus; detail: string }[];
	/** Starts bring-up; drive it with `run` or `clock.advance`. */
	bringUp(options?: { maxDetectRounds?: number; stopped?: () => boolean }): Promise<BringUpResult>;
	run<T>(promise: Promise<T>, limitMs?: number): Promise<T>;
}

export function setUp(script: ModemScript = {}, link: LinkOptions = {}): SimSetup {
	const clock = new ManualClock();
	const internet = new StandInInternet();
	const modem = createSimulatedModem({ timers: clock, internet, script, link });
	const statuses: SimSetup["statuses"] = [];
	return {
		...modem,
		clock,
		internet,
		statuses,
		bringUp(options = {}) {
			return bringUpModem(modem.stack.modem, clock, {
				...options,
				onStatus: (status, detail) => statuses.push({ at: clock.now(), status, detail }),
			});
		},
		run: (promise, limitMs) => clock.run(promise, limitMs),
	};
}

/** A status-query-like POST, as the core sends it. */
export function otaRequest(overrides: Partial<HttpRequest> = {}): HttpRequest {
	return {
		method: "POST",
		url: "https://api.tenclass.net/xiaozhi/ota/",
		headers: [
			["Activation-Version", "2"],
			["Device-Id", "94:a9:90:2c:84:b8"],
			["Client-Id", "e2314aed-0a16-43f0-8128-766fbd3207f2"],
			["User-Agent", "bread-compact-ml307/2.0.4"],
			["Accept-Language", "zh-CN"],
			["Content-Type", "application/json"],
		],
		body: '{"version":2,"board":{"carrier":"中国移动"}}',
		timeoutMs: 10_000,
		maxBodyBytes: 8192,
		...overrides,
	};
}

export interface PortSetup extends SimSetup {
	/** The port the driver has open now (a rate change opens another). */
	serial(): LinkedSerialPort;
	/** The VM is busy this long before each serial callback, from now on. */
	stallMs: number;
}

/**
 * The same, with the board's ESP32 side in front of the link: the driver's Ecma419SerialPort
 * over a port with `rules` (the ring-buffered modem port, the SDK's FIFO-only serial). A busy VM
 * is a serial callback delivered `stallMs` late while the modem and every timer run on.
 */
export function setUpOverPort(rules: UartPortRules, script: ModemScript = {}, link: LinkOptions = {}): PortSetup {
	const clock = new ManualClock();
	const internet = new StandInInternet();
	const serialLink = new SerialLink(clock, link);
	const simulator = new Ml307Simulator(serialLink, clock, internet, script);
	let open: LinkedSerialPort | undefined;
	const setup = { stallMs: 0 } as PortSetup;
	const post = (deliver: () => void): void => void clock.set(deliver, setup.stallMs);
	const port = new Ecma419SerialPort((options) => (open = new LinkedSerialPort(serialLink, clock, rules, options, post)));
	const stack = createMl307Stack(port, clock, { board: BREAD_COMPACT_ML307 });
	const statuses: SimSetup["statuses"] = [];
	return Object.assign(setup, {
		link: serialLink,
		simulator,
		stack,
		clock,
		internet,
		statuses,
		serial: () => open!,
		bringUp(options: { maxDetectRounds?: number; stopped?: () => boolean } = {}) {
			return bringUpModem(stack.modem, clock, { ...options, onStatus: (status, detail) => statuses.push({ at: clock.now(), status, detail }) });
		},
		run: <T>(promise: Promise<T>, limitMs?: number) => clock.run(promise, limitMs),
	});
}
