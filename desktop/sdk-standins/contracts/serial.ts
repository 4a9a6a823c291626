/*
 * The contract of the SDK's ECMA-419 "embedded:io/serial" on the ESP32
 * ($(MODULES)/io/serial/esp32/serial.c): the constructor's checks and their classes, its 128-byte
 * hardware FIFOs (a write that does not fit the free TX space is "output full" and writes
 * nothing), a read with nothing received. The lin SDK has no such module (the simulator's
 * modem port is the project's hosts/lin/io/modem-serial): this contract runs on the stand-in only.
 */
import { expectEqual, expectNoThrow, expectThrows, type ContractCheck } from "sdk-contracts/contract";

export interface ContractSerial {
	read(count?: number): ArrayBuffer | undefined;
	write(data: ArrayBuffer): void;
	close(): void;
}
export type ContractSerialClass = new (options: { port: number; transmit: number; receive: number; baud: number; format: string }) => ContractSerial;

/** serial.c's TX and RX FIFO (SOC_UART_FIFO_LEN). */
const FIFO_BYTES = 128;

export function serialContract(Serial: ContractSerialClass, pins: { readonly port: number; readonly transmit: number; readonly receive: number }): ContractCheck[] {
	const options = (baud = 115200, format = "buffer") => ({ ...pins, baud, format });
	const withPort = (run: (serial: ContractSerial) => void) => () => {
		const serial = new Serial(options());
		try {
			run(serial);
		} finally {
			serial.close();
		}
	};
	return [
		{
			name: "a baud of 0 or over 20 MHz is RangeError \"invalid baud\"; a format other than number or buffer \"invalid format\"",
			only: "esp32",
			run() {
				expectThrows(() => new Serial(options(115200, "string")), RangeError, "invalid format", "format string");
				expectThrows(() => new Serial(options(0)), RangeError, "invalid baud", "0 baud");
				expectThrows(() => new Serial(options(20_000_001)), RangeError, "invalid baud", "20 000 001 baud");
			},
		},
		{
			name: "a port already open is RangeError \"port in use\"; once closed it opens again",
			only: "esp32",
			run() {
				withPort(() => expectThrows(() => new Serial(options()), RangeError, "port in use", "a second open"))();
				expectNoThrow(withPort(() => undefined), "opening it again once closed");
			},
		},
		{
			name: "a write over the free TX FIFO is Error \"output full\" and writes nothing; one that fits is taken",
			only: "esp32",
			run: withPort((serial) => {
				expectThrows(() => serial.write(new ArrayBuffer(FIFO_BYTES + 1)), Error, "output full", "129 bytes");
				expectNoThrow(() => serial.write(new ArrayBuffer(FIFO_BYTES)), "128 bytes after the refused write");
				expectThrows(() => serial.write(new ArrayBuffer(1)), Error, "output full", "1 byte into a full FIFO");
			}),
		},
		{
			name: "a read with nothing received is undefined",
			only: "esp32",
			run: withPort((serial) => {
				expectEqual(serial.read(), undefined, "read()");
				expectEqual(serial.read(10), undefined, "read(10)");
			}),
		},
	];
}
