/*
 * The ESP32's UART1 on the board run: the ML307R simulator's byte stream (emulator/ml307),
 * on the board's virtual time. The modem keeps running across an ESP32 reboot (it keeps its
 * rate after AT+IPR), as on the real board.
 */
import { SerialLink, Ml307Simulator, type ModemScript } from "../../../emulator/ml307/index.ts";
import type { HttpTransport } from "activation/interfaces";
import { modemTimers } from "./scheduler.ts";

export interface BoardUart {
	readonly link: SerialLink;
	readonly simulator: Ml307Simulator;
}

let uart: BoardUart | undefined;

export function connectModem(internet: HttpTransport, script: ModemScript): BoardUart {
	const link = new SerialLink(modemTimers, { hostBaud: 115200 });
	const simulator = new Ml307Simulator(link, modemTimers, internet, script);
	uart = { link, simulator };
	return uart;
}

export function boardUart(): BoardUart {
	if (!uart) throw new Error("embedded:io/serial: no modem is wired to this board run");
	return uart;
}
