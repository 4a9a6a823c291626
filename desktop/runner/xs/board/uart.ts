/*
 * The ESP32's UART1 on the board run: the ML307R simulator's byte stream (desktop/ml307-simulator),
 * on the board's virtual time. The modem keeps running across an ESP32 reboot (it keeps its
 * rate after AT+IPR), as on the real board.
 */
import { SerialLink, Ml307Simulator, type ModemScript } from "../../../ml307-simulator/index.ts";
import type { HttpTransport, Timers } from "activation/interfaces";

/** The wire as the ESP32 drives it: AT commands written (lost probes included), and the counters at the first HTTP exchange. */
export interface WireRecord {
	commandsSent: number;
	beforeFirstHttp: { readonly commands: number; readonly toModem: number; readonly fromModem: number } | undefined;
}

export interface BoardUart {
	readonly link: SerialLink;
	readonly simulator: Ml307Simulator;
	readonly wire: WireRecord;
}

let uart: BoardUart | undefined;

/** The simulated ML307R on UART1, on the hardware's timers of the board's timeline (they outlive an ESP32 reboot). */
export function connectModem(internet: HttpTransport, script: ModemScript, timers: Timers): BoardUart {
	const link = new SerialLink(timers, { hostBaud: 115200 });
	const simulator = new Ml307Simulator(link, timers, internet, script);
	const wire: WireRecord = { commandsSent: 0, beforeFirstHttp: undefined };
	const asText = (bytes: Uint8Array): string => String.fromCharCode(...bytes.subarray(0, 16));
	link.onToModem = (bytes) => {
		const head = asText(bytes);
		if (head.startsWith("AT+MHTTPCREATE") && !wire.beforeFirstHttp)
			wire.beforeFirstHttp = { commands: wire.commandsSent, toModem: link.stats.hostToModem, fromModem: link.stats.modemToHost };
		if (head.startsWith("AT")) wire.commandsSent++;
	};
	uart = { link, simulator, wire };
	return uart;
}

export function boardUart(): BoardUart {
	if (!uart) throw new Error("serial: no modem is wired to this board run");
	return uart;
}
