/* Our declaration of ECMA-419 "embedded:io/serial" as the ESP32 port provides it (format "buffer"). */

declare module "embedded:io/serial" {
	export interface SerialOptions {
		port: number;
		receive: number;
		transmit: number;
		baud: number;
		format?: "buffer" | "number";
		onReadable?: (this: Serial, count: number) => void;
		onWritable?: (this: Serial, count: number) => void;
		onError?: (this: Serial) => void;
	}
	export default class Serial {
		constructor(options: SerialOptions);
		read(): ArrayBuffer | undefined;
		write(data: ArrayBuffer): void;
		close(): void;
	}
}
