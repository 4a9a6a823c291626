/*
 * The serial ports the stand-ins open (embedded:io/serial, the board's esp32s3/modem-serial):
 * the port model of modules/uart-model with the rules of the module the board would link,
 * on the wire the host has on those pins and on its timeline. The TX line and the port's
 * interrupts run on the hardware's timers (they go on while the VM is busy); a callback
 * reaches the VM as the host posts it (the board run can keep the VM busy first). Format
 * "buffer" only, as the board uses; one port open at a time ("port in use"). The figures of
 * every port opened are kept for the host's report.
 */
import type { UartPortModel, UartPortRules } from "uart-model/port-model";
import type { Ecma419Serial } from "ml307/io";
import { LinkedSerialPort } from "../ml307-simulator/serial-port.ts";
import { hostPart, standinHost } from "./host.ts";
import { hardwareTimers } from "./timeline.ts";

export interface SerialOptions {
	readonly port: number;
	readonly transmit: number;
	readonly receive: number;
	readonly baud: number;
	readonly format?: string;
	readonly onReadable?: (this: Ecma419Serial, count: number) => void;
	readonly onWritable?: (this: Ecma419Serial, count: number) => void;
}

/** A port's figures over a run: maxima over every open, lost bytes summed; its rules' name and the last rate. */
export interface SerialRunFigures {
	readonly port: string;
	readonly baud: number;
	readonly txCapacity: number;
	readonly maxWrite: number;
	readonly rxCapacity: number;
	readonly rxHighWater: number;
	readonly rxLostBytes: number;
}

let open: UartPortModel | undefined;
let folded: SerialRunFigures | undefined;

function fold(base: SerialRunFigures | undefined, model: UartPortModel): SerialRunFigures {
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

/** The figures of every port opened so far, or undefined when none was. */
export function serialRunFigures(): SerialRunFigures | undefined {
	return open ? fold(folded, open) : folded;
}

/** An ESP32 reboot: the open port is gone with everything in its buffers. */
export function closeSerialPorts(): void {
	if (open) {
		folded = fold(folded, open);
		open.close();
		open = undefined;
	}
}

/** A port on the host's wire, under `rules`. */
export class StandinSerialPort extends LinkedSerialPort {
	constructor(options: SerialOptions, rules: UartPortRules) {
		const uart = hostPart("uart", "serial");
		const link = uart.link(options.port, options.transmit, options.receive);
		if (!link) throw new RangeError(`serial: nothing is wired to port ${options.port} TX ${options.transmit} RX ${options.receive}`);
		if (options.format !== "buffer" && options.format !== "number") throw new RangeError("invalid format");
		// serial.c takes "number" too; the board opens its UART with "buffer", and only that is stood in.
		if (options.format !== "buffer") throw new TypeError('serial stand-in: format "number" is not stood in (the board uses "buffer")');
		if (!Number.isInteger(options.baud) || options.baud <= 0 || options.baud > 20_000_000) throw new RangeError("invalid baud");
		if (open && !open.closed) throw new RangeError("port in use");
		super(link, hardwareTimers(standinHost().timeline), rules, options, (deliver) => uart.post(deliver));
		if (open) folded = fold(folded, open);
		open = this.model;
	}
}
