/*
 * The ML307R's UART on the board: an ECMA-419 serial (format "buffer") over the ESP-IDF UART
 * driver with ring buffers (native/modem-serial.c, its logic in native/modem-serial-core.c).
 * The SDK's embedded:io/serial has only the 128-byte hardware FIFOs; this port keeps 8 KB of
 * input while XS is busy and takes a whole 4 KB write at once. `write()` queues the whole
 * buffer or throws "output full" and queues none of it; `rxLostBytes` counts input lost to
 * overflow, for the reader to check on each onReadable. Design and figures:
 * hosts/esp32s3/README.md ("The modem port").
 */

export interface ModemSerialOptions {
	readonly port: number;
	/** GPIO of the ESP32's TX (to the modem's RX). */
	readonly transmit: number;
	/** GPIO of the ESP32's RX (from the modem's TX). */
	readonly receive: number;
	readonly baud: number;
	readonly format?: "buffer";
	/** Bytes are waiting (the count), or some were lost (rxLostBytes grew; the count may be 0). */
	readonly onReadable?: (this: ModemSerial, count: number) => void;
	/** Free TX space: once after open, then whenever space frees after a write. */
	readonly onWritable?: (this: ModemSerial, count: number) => void;
	/** RX ring bytes (default 8192). */
	readonly receiveBufferSize?: number;
	/** TX ring bytes (default 4096): the largest single write. */
	readonly transmitBufferSize?: number;
}

export interface ModemSerialFigures {
	readonly txCapacity: number;
	/** The largest single write accepted. */
	readonly maxWrite: number;
	readonly rxCapacity: number;
	/** The most bytes seen waiting in the RX ring. */
	readonly rxHighWater: number;
	/** Input discarded on RX ring overflow, plus one per hardware FIFO overflow. */
	readonly rxLostBytes: number;
}

export const RECEIVE_BUFFER_BYTES = 8192;
export const TRANSMIT_BUFFER_BYTES = 4096;

export default class ModemSerial extends Native("xs_modem_serial_destructor") {
	constructor(options: ModemSerialOptions) {
		super();
		const { port, transmit, receive, baud, format, onReadable, onWritable, receiveBufferSize, transmitBufferSize } = options;
		native("xs_modem_serial").call(
			this,
			port,
			transmit,
			receive,
			baud,
			format ?? "buffer",
			onReadable,
			onWritable,
			receiveBufferSize ?? RECEIVE_BUFFER_BYTES,
			transmitBufferSize ?? TRANSMIT_BUFFER_BYTES,
		);
	}

	/** All bytes waiting, or at most `count`; undefined when none. */
	read(count?: number): ArrayBuffer | undefined {
		return native("xs_modem_serial_read").call(this, count);
	}

	/** Queues the whole buffer, or throws Error("output full") and queues nothing. */
	write(buffer: ArrayBuffer | ArrayBufferView): void {
		native("xs_modem_serial_write").call(this, buffer);
	}

	/** Releases the driver; bytes not yet sent are discarded (txDiscardedBytes). */
	close(): void {
		native("xs_modem_serial_close").call(this);
	}

	get format(): "buffer" {
		return "buffer";
	}

	get figures(): ModemSerialFigures {
		return Object.freeze({
			txCapacity: native("xs_modem_serial_figure").call(this, 0),
			maxWrite: native("xs_modem_serial_figure").call(this, 1),
			rxCapacity: native("xs_modem_serial_figure").call(this, 2),
			rxHighWater: native("xs_modem_serial_figure").call(this, 3),
			rxLostBytes: native("xs_modem_serial_figure").call(this, 4),
		});
	}

	/** The same as figures.rxLostBytes, without allocating: for a check on every onReadable. */
	get rxLostBytes(): number {
		return native("xs_modem_serial_rx_lost_bytes").call(this);
	}

	/** Bytes still queued for transmission when the port was closed. */
	get txDiscardedBytes(): number {
		return native("xs_modem_serial_tx_discarded_bytes").call(this);
	}
}
// Preloaded: a frozen prototype needs no RAM for later changes.
Object.freeze(ModemSerial.prototype);
