/*
 * The simulated modem on Node: real timers, and an "internet" that is real HTTP(S)
 * (desktop/node NodeHttpTransport), normally to the local emulator on 127.0.0.1. This is
 * what the Node tests, the benchmark and a Node-side host runner use for `--network ml307`.
 */

import type { Timers } from "../../modules/ml307/io.ts";
import { NodeHttpTransport } from "../node/https-transport.ts";
import { createSimulatedModem, type SimulatedModem, type ModemScript } from "./index.ts";
import type { LinkOptions } from "./link.ts";
import type { Ml307StackOptions } from "../../modules/ml307/index.ts";

/** Node's timers as the modem code's Timers. */
export const nodeTimers: Timers = Object.freeze({
	now: () => performance.now(),
	set: (callback: () => void, ms: number) => setTimeout(callback, Math.max(0, ms)),
	clear: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
});

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
