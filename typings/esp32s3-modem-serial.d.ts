/*
 * The board's native modem port, "esp32s3/modem-serial" (hosts/esp32s3: the ESP-IDF UART driver
 * with ring buffers), as its contract states it: the ECMA-419 serial shape the modem code
 * uses, and the figures it reports.
 */

declare module "esp32s3/modem-serial" {
	export interface ModemSerialOptions {
		port: number;
		transmit: number;
		receive: number;
		baud: number;
		format: "buffer";
		/** Bytes wait in the RX ring (8192 bytes); one notification in flight at a time. */
		onReadable?: (this: ModemSerial, count: number) => void;
		/** Once after open with the free TX space, then whenever space frees after a write. */
		onWritable?: (this: ModemSerial, count: number) => void;
	}
	export interface ModemSerialFigures {
		readonly txCapacity: number;
		readonly maxWrite: number;
		readonly rxCapacity: number;
		readonly rxHighWater: number;
		readonly rxLostBytes: number;
	}
	export default class ModemSerial {
		constructor(options: ModemSerialOptions);
		/** Every byte available (at most `count`), or undefined when none is. */
		read(count?: number): ArrayBuffer | undefined;
		/** Queues the whole buffer into the TX ring (4096 bytes), or throws Error("output full") and queues nothing. */
		write(data: ArrayBuffer): void;
		/** Pending TX bytes are discarded. */
		close(): void;
		/** A fresh frozen record. */
		readonly figures: ModemSerialFigures;
		/** Bytes lost to a full RX ring, as a plain number. */
		readonly rxLostBytes: number;
	}
}
