/*
 * Stand-in for the board's native modem port, "esp32s3/modem-serial" (the ESP-IDF UART driver
 * with an 8 KB RX ring and a 4 KB TX ring): the ring-buffered port model, with its figures and
 * its count of lost bytes. A host that says its modem port is "sdk-fifo" gets the SDK's
 * FIFO-only serial in its place (no figures, no count), as if the board linked
 * embedded:io/serial for the modem.
 */
import { RING_BUFFERED_PORT, SDK_FIFO_PORT } from "uart-model/port-model";
import { hostPart } from "./host.ts";
import { StandinSerialPort, type SerialOptions } from "./serial-port.ts";

export default class ModemSerial extends StandinSerialPort {
	constructor(options: SerialOptions) {
		super(options, hostPart("uart", "modem-serial").modemPort === "sdk-fifo" ? SDK_FIFO_PORT : RING_BUFFERED_PORT);
	}
}
