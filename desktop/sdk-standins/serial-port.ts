/*
 * The board run's serial ports on UART1 (TX 12, RX 11), wired to the simulated ML307R: the
 * port model of modules/uart-model with the rules of the module the board would link, on the
 * board's timeline. Its TX line and its interrupts run on the wire's timers (they go on while
 * the VM is busy); its callbacks reach the VM as the SDK's messages do, after the stall the
 * modem script asks for (`hostStallMs`: the VM is busy that long before each serial callback).
 * format "buffer" only, as the board uses.
 */
import type { UartPortModel, UartPortRules } from "uart-model/port-model";
import type { Ecma419Serial } from "ml307/io";
import { LinkedSerialPort } from "../../../ml307-simulator/serial-port.ts";
import type { UartReport } from "../../bridge-protocol.ts";
import { modemTimers, scheduler } from "./scheduler.ts";
import { boardUart } from "./uart.ts";

export interface SerialOptions {
	readonly port: number;
	readonly transmit: number;
	readonly receive: number;
	readonly baud: number;
	readonly format?: string;
	readonly onReadable?: (this: Ecma419Serial, count: number) => void;
	readonly onWritable?: (this: Ecma419Serial, count: number) => void;
}

let open: UartPortModel | undefined;
let folded: UartReport | undefined;

function fold(base: UartReport | undefined, model: UartPortModel): UartReport {
	const figures = model.figures;
	return {
		port: model.rules.name,
		baud: model.baud,
		txCapacity: figures.txCapacity,
		maxWrite: Math.max(base?.maxWrite ?? 0, figures.maxWrite),
		rxCapacity: figures.rxCapacity,
		rxHighWater: Math.max(base?.rxHighWater ?? 0, figures.rxHighWater),
		rxLostBytes: (base?.rxLostBytes ?? 0) + figures.rxLostBytes,
	};
}

/** The figures of every modem port opened so far, or undefined when none was. */
export function uartRunFigures(): UartReport | undefined {
	return open ? fold(folded, open) : folded;
}

/** An ESP32 reboot: the open port is gone with everything in its buffers. */
export function closeBoardPorts(): void {
	if (open) {
		folded = fold(folded, open);
		open.close();
		open = undefined;
	}
}

/** A serial callback reaches the VM: after the scripted stall, before anything else the chip has due. */
function post(deliver: () => void): void {
	const stallMs = boardUart().simulator.script.hostStallMs ?? 0;
	if (stallMs > 0) scheduler.stallThen(deliver, stallMs);
	else scheduler.set(() => deliver(), 0);
}

/** A port on UART1 as the board opens it, on the board's timeline. */
export class BoardSerialPort extends LinkedSerialPort {
	constructor(options: SerialOptions, rules: UartPortRules) {
		if (options.port !== 1 || options.transmit !== 12 || options.receive !== 11)
			throw new RangeError(`serial: only UART1 TX 12 / RX 11 is wired to the modem, not port ${options.port} TX ${options.transmit} RX ${options.receive}`);
		if (options.format !== "buffer") throw new TypeError('serial: the board opens the modem UART with format "buffer"');
		if (!Number.isInteger(options.baud) || options.baud <= 0 || options.baud > 20_000_000) throw new RangeError("invalid baud");
		if (open && !open.closed) throw new Error("port in use");
		super(boardUart().link, modemTimers, rules, options, post);
		if (open) folded = fold(folded, open);
		open = this.model;
	}
}
