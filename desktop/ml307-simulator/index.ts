/*
 * A simulated bread-compact-ml307 modem in one call: the UART link, the scripted ML307R
 * behind it, and the firmware-side stack (AT channel, modem, HTTP transport) in front.
 * Pure TS: used by the portable specs (virtual time), the Node tests (real HTTPS behind
 * the modem) and the host runners (`--network ml307`).
 */

import type { HttpTransport } from "activation/interfaces";
import type { Timers } from "activation/interfaces";
import { createMl307Stack, type Ml307Stack, type Ml307StackOptions } from "ml307/index";
import type { ModemStatus } from "ml307/messages";
import { bringUpModem, type BringUpOptions, type BringUpResult } from "ml307/modem";
import type { NetworkStack } from "device/network-choice";
import { SerialLink, type LinkOptions } from "./link.ts";
import { Ml307Simulator, type ModemScript } from "./simulator.ts";
import { ManualClock } from "./manual-clock.ts";

export { SerialLink } from "./link.ts";
export { Ml307Simulator, CAPTURED_MODEM_FACTS, type ModemScript, type ModemFacts, type HttpFaults } from "./simulator.ts";
export { ManualClock };

export const BREAD_COMPACT_ML307 = Object.freeze({ type: "bread-compact-ml307", name: "bread-compact-ml307" });

export interface SimulatedModemOptions {
	readonly timers: Timers;
	/** Where the modem's HTTP stack sends requests (the "internet"). */
	readonly internet: HttpTransport;
	readonly script?: ModemScript;
	readonly link?: LinkOptions;
	readonly stack?: Partial<Ml307StackOptions>;
}

export interface SimulatedModem {
	readonly link: SerialLink;
	readonly simulator: Ml307Simulator;
	readonly stack: Ml307Stack;
}

export function createSimulatedModem(options: SimulatedModemOptions): SimulatedModem {
	const link = new SerialLink(options.timers, options.link);
	const simulator = new Ml307Simulator(link, options.timers, options.internet, options.script);
	const stack = createMl307Stack(link.host, options.timers, { board: BREAD_COMPACT_ML307, ...options.stack });
	return { link, simulator, stack };
}

export interface SelfDrivenModemOptions {
	readonly internet: HttpTransport;
	readonly script?: ModemScript;
	readonly link?: LinkOptions;
	readonly board?: { readonly type: string; readonly name: string };
	/** Told each modem state during bring-up (detecting, no-sim, …). */
	readonly onStatus?: (status: ModemStatus, detail: string) => void;
	/**
	 * Yield once to the host's event loop (Node: `setImmediate`). Needed only when the
	 * internet does real asynchronous I/O: virtual time then waits while a forwarded
	 * request is in flight instead of running the modem's timeouts.
	 */
	readonly idle?: () => Promise<void>;
}

export interface SelfDrivenModem extends SimulatedModem, NetworkStack {
	/** Virtual time of the modem side (its own timeline, not the device clock). */
	readonly clock: ManualClock;
	bringUp(options?: Omit<BringUpOptions, "onStatus">): Promise<BringUpResult>;
}

/**
 * The simulated modem on its own virtual clock, for hosts without an event loop (the XS
 * runner, whose host calls block) or that want modem timing without real waits: every
 * call runs the modem's timers until it settles, so `http` and `board` behave like any
 * NetworkStack. With a blocking/bridged internet nothing else is needed; with real
 * asynchronous I/O pass `idle`.
 */
export function createSelfDrivenModem(options: SelfDrivenModemOptions): SelfDrivenModem {
	const clock = new ManualClock();
	const modem = createSimulatedModem({
		timers: clock,
		internet: options.internet,
		...(options.script ? { script: options.script } : {}),
		...(options.link ? { link: options.link } : {}),
		...(options.board ? { stack: { board: options.board } } : {}),
	});
	const idle = options.idle;
	const io = idle ? { busy: () => modem.simulator.forwardsInFlight > 0, idle } : undefined;
	const drive = <T>(promise: Promise<T>): Promise<T> => clock.run(promise, undefined, io);
	return {
		...modem,
		clock,
		http: { request: (request) => drive(modem.stack.http.request(request)) },
		board: () => drive(modem.stack.board()),
		bringUp: (bringUpOptions = {}) =>
			drive(bringUpModem(modem.stack.modem, clock, { ...bringUpOptions, ...(options.onStatus ? { onStatus: options.onStatus } : {}) })),
	};
}

/**
 * The scripted faults end as if someone inserted the SIM, the network accepted it, a hung
 * modem came back and the ESP32's busy VM calmed down: the script is the simulator's own
 * (it, and the board run's serial port, read it every time).
 */
export function clearScriptedFaults(simulator: Ml307Simulator): void {
	const script = simulator.script;
	const wasOffNetwork = script.sim === "absent" || (script.registration !== undefined && script.registration !== "home");
	if (script.sim === "absent" || typeof script.sim === "object") script.sim = "ready";
	script.registration = "home";
	delete script.http;
	delete script.silentAfterCommands;
	delete script.silentFromCommand;
	delete script.hostStallMs;
	simulator.resumeAnswering();
	if (wasOffNetwork) simulator.setRegistration(1);
}
