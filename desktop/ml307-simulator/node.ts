/*
 * The simulated modem on Node: real timers, and an "internet" that is real HTTP(S)
 * (desktop/node NodeHttpTransport), normally to the local emulator on 127.0.0.1. This is
 * what the Node tests, the benchmark and a Node-side host runner use for `--network ml307`.
 */

import type { Timers } from "../../modules/activation/interfaces.ts";
import { realTimers } from "../node/clock.ts";
import { NodeHttpTransport } from "../node/https-transport.ts";
import { createSimulatedModem, type SimulatedModem, type ModemScript } from "./index.ts";
import type { LinkOptions } from "./link.ts";
import type { Ml307StackOptions } from "../../modules/ml307/index.ts";

/** The machine's time (desktop/node/clock.ts), the one Node adapter of the Timers port. */
export const nodeTimers: Timers = realTimers;

export interface NodeSimulatedModemOptions {
	/** CA to trust for the forwarded HTTPS (the emulator's `caPem`). */
	readonly caPem?: string;
	readonly script?: ModemScript;
	readonly link?: LinkOptions;
	readonly stack?: Partial<Ml307StackOptions>;
}

export function createNodeSimulatedModem(options: NodeSimulatedModemOptions = {}): SimulatedModem {
	return createSimulatedModem({
		timers: nodeTimers,
		internet: new NodeHttpTransport(options.caPem === undefined ? {} : { caPem: options.caPem }),
		...(options.script ? { script: options.script } : {}),
		...(options.link ? { link: options.link } : {}),
		...(options.stack ? { stack: options.stack } : {}),
	});
}
