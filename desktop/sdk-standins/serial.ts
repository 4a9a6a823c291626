/*
 * Stand-in for the SDK's ECMA-419 "embedded:io/serial" on ESP32 ($(MODULES)/io/serial/esp32/serial.c):
 * only its 128-byte hardware FIFOs, a write beyond the free TX space throws "output full",
 * bytes that arrive while the RX FIFO is full are lost, and nothing tells JS how many. The
 * board's platform opens the modem with esp32s3/modem-serial instead; this one is what a
 * board linking the SDK's serial would get.
 */
import { SDK_FIFO_PORT } from "uart-model/port-model";
import { StandinSerialPort, type SerialOptions } from "./serial-port.ts";

export default class Serial extends StandinSerialPort {
	constructor(options: SerialOptions) {
		super(options, SDK_FIFO_PORT);
	}
}
