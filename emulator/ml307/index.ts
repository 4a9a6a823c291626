/*
 * A simulated bread-compact-ml307 modem in one call: the UART link, the scripted ML307R
 * behind it, and the firmware-side stack (AT channel, modem, HTTP transport) in front.
 * Pure TS: used by the portable specs (virtual time), the Node tests (real HTTPS behind
 * the modem) and the host runners (`--network ml307`).
 */

import type { HttpTransport } from "activation/interfaces";
import type { Timers } from "ml307/io";
import { createMl307Stack, type Ml307Stack, type Ml307StackOptions } from "ml307/index";
import { SerialLink, type LinkOptions } from "./link.ts";
import { Ml307Simulator, type ModemScript } from "./simulator.ts";

export { SerialLink } from "./link.ts";
export { Ml307Simulator, CAPTURED_MODEM_FACTS, type ModemScript, type ModemFacts, type HttpFaults } from "./simulator.ts";
export { ManualClock } from "./manual-clock.ts";

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
