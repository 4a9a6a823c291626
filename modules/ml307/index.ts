/*
 * Wiring of the ML307R pieces for a host: one call gives the modem, its HTTP transport
 * and the network stack the activation core uses.
 */

import { AtChannel, type AtChannelOptions } from "ml307/at-channel";
import { Ml307HttpTransport } from "ml307/http-transport";
import type { BoardFacts, HttpTransport } from "activation/interfaces";
import type { SerialPort } from "ml307/io";
import type { Timers } from "activation/interfaces";
import { Ml307Modem, type Ml307ModemOptions } from "ml307/modem";

export interface Ml307StackOptions {
	/** Board identity for the facts (`BOARD_TYPE`, `BOARD_NAME`). */
	readonly board: { readonly type: string; readonly name: string };
	readonly channel?: AtChannelOptions;
	readonly modem?: Ml307ModemOptions;
	/** Each MHTTP command's wait (default 1000 ms). */
	readonly commandTimeoutMs?: number;
}

/** The modem as a network stack: its HTTP and its board facts (the shape device code takes). */
export interface Ml307Stack {
	readonly http: HttpTransport;
	readonly board: () => Promise<BoardFacts>;
	readonly channel: AtChannel;
	readonly modem: Ml307Modem;
	readonly transport: Ml307HttpTransport;
}

export function createMl307Stack(port: SerialPort, timers: Timers, options: Ml307StackOptions): Ml307Stack {
	const channel = new AtChannel(port, timers, options.channel);
	const modem = new Ml307Modem(channel, timers, options.modem);
	const transport = new Ml307HttpTransport(channel, timers, {
		commandTimeoutMs: options.commandTimeoutMs,
		networkReady: () => modem.networkReady,
		networkDetail: () => `the modem is not registered on the network (CEREG stat ${modem.registration.stat})`,
		networkCause: () => modem.noNetworkCause,
	});
	return { channel, modem, transport, http: transport, board: () => modem.boardFacts(options.board) };
}
