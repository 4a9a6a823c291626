/*
 * Stand-in for ECMA-419 "embedded:io/serial" on the board run: port 1 (TX 12, RX 11) is
 * wired to the simulated ML307R at the rate the code opens it with (8N1; bytes sent at a
 * rate the modem is not at are lost, as on the wire). format "buffer" only, as the board uses.
 */
import { boardUart } from "./uart.ts";

interface SerialOptions {
	readonly port: number;
	readonly transmit: number;
	readonly receive: number;
	readonly baud: number;
	readonly format?: string;
	readonly onReadable?: (this: Serial, count: number) => void;
}

export default class Serial {
	#queue: Uint8Array[] = [];
	#closed = false;

	constructor(options: SerialOptions) {
		if (options.port !== 1 || options.transmit !== 12 || options.receive !== 11)
			throw new RangeError(`serial: only UART1 TX 12 / RX 11 is wired to the modem, not port ${options.port} TX ${options.transmit} RX ${options.receive}`);
		if (options.format !== "buffer") throw new TypeError('serial: the board opens the modem UART with format "buffer"');
		if (!Number.isInteger(options.baud) || options.baud <= 0) throw new RangeError(`serial: bad baud ${options.baud}`);
		const { link } = boardUart();
		link.host.setBaudRate?.(options.baud);
		const onReadable = options.onReadable;
		// Opening the port takes the UART over: one driver at a time, as on the chip.
		link.host.setReceiver((bytes) => {
			if (this.#closed) return;
			this.#queue.push(bytes);
			onReadable?.call(this, bytes.length);
		});
	}

	read(): ArrayBuffer | undefined {
		if (this.#closed) throw new Error("serial: read after close");
		const next = this.#queue.shift();
		return next ? next.slice().buffer : undefined;
	}

	write(data: ArrayBuffer): void {
		if (this.#closed) throw new Error("serial: write after close");
		if (!(data instanceof ArrayBuffer)) throw new TypeError("serial: write takes an ArrayBuffer");
		boardUart().link.host.write(new Uint8Array(data));
	}

	close(): void {
		this.#closed = true;
		this.#queue = [];
	}
}
