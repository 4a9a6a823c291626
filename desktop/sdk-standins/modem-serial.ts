/*
 * Stand-in for the board's native modem port, "esp32s3/modem-serial" (the ESP-IDF UART driver
 * with an 8 KB RX ring and a 4 KB TX ring): the ring-buffered port model, with its figures and
 * its count of lost bytes. With `"port":"sdk-fifo"` in the modem script the board gets the
 * SDK's FIFO-only serial in its place (no figures, no count), as if it linked
 * embedded:io/serial for the modem.
 */
import { RING_BUFFERED_PORT, SDK_FIFO_PORT } from "uart-model/port-model";
import { boardSetup } from "./setup.ts";
import { BoardSerialPort, type SerialOptions } from "./uart-port.ts";

export default class ModemSerial extends BoardSerialPort {
	constructor(options: SerialOptions) {
		super(options, boardSetup.modem.script.port === "sdk-fifo" ? SDK_FIFO_PORT : RING_BUFFERED_PORT);
	}
}
