/*
 * An ECMA-419 serial port (format "buffer") on the ESP32 side of a SerialLink, with the limits
 * of a real port: the port model of modules/uart-model under the rules of the module the board
 * links (RING_BUFFERED_PORT: esp32s3/modem-serial; SDK_FIFO_PORT: the SDK's embedded:io/serial).
 * The board run's stand-ins and the Node tests open this one class, so both are as strict as
 * the board. Pure TS: it runs on Node and inside XS.
 */
import type { Ecma419Serial } from "ml307/io";
import type { Timers } from "activation/interfaces";
import { UartPortModel, type UartFigures, type UartPortRules } from "uart-model/port-model";
import type { SerialLink } from "./link.ts";

export interface LinkedSerialOptions {
	readonly baud: number;
	readonly onReadable?: (this: Ecma419Serial, count: number) => void;
	readonly onWritable?: (this: Ecma419Serial, count: number) => void;
}

export class LinkedSerialPort implements Ecma419Serial {
	readonly #model: UartPortModel;

	/**
	 * Opens the port at `options.baud` and takes the link's ESP32 end over. `timers` are the
	 * hardware's (line, interrupts); `post` hands a callback to the VM (default: a 0 ms timer).
	 */
	constructor(link: SerialLink, timers: Timers, rules: UartPortRules, options: LinkedSerialOptions, post?: (deliver: () => void) => void) {
		const { onReadable, onWritable } = options;
		this.#model = new UartPortModel(
			rules,
			options.baud,
			timers,
			{
				transmit: (bytes) => link.toModem(bytes),
				readable: (count) => onReadable?.call(this, count),
				writable: (count) => onWritable?.call(this, count),
			},
			post ? { post } : {},
		);
		link.attachPort(this.#model, options.baud);
	}

	/** The model behind the port, for figures a test or a report reads (the firmware never sees it). */
	get model(): UartPortModel {
		return this.#model;
	}

	/** Everything received (or at most `count` bytes) as a new ArrayBuffer; undefined when nothing is. */
	read(count?: number): ArrayBuffer | undefined {
		return this.#model.read(count)?.buffer as ArrayBuffer | undefined;
	}

	/** All of `data` into the TX buffer, or Error("output full") and nothing when it does not fit. */
	write(data: ArrayBuffer): void {
		if (!(data instanceof ArrayBuffer)) throw new TypeError("serial: write takes an ArrayBuffer");
		this.#model.write(new Uint8Array(data));
	}

	/** Only a port that counts its lost bytes has the number (the SDK's serial has none). */
	get rxLostBytes(): number | undefined {
		return this.#model.rules.countsLoss ? this.#model.rxLostBytes : undefined;
	}

	/** Only the ring-buffered port reports figures. */
	get figures(): UartFigures | undefined {
		return this.#model.rules.countsLoss ? this.#model.figures : undefined;
	}

	close(): void {
		this.#model.close();
	}
}
