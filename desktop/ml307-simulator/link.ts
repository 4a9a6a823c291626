/*
 * The UART between the ESP32 and the simulated modem: a SerialPort for the driver on one
 * side, the simulator on the other. It counts every byte each way (for the benchmark),
 * delivers modem output after a latency in chunks of a chosen size (to exercise partial
 * lines), and loses bytes while the two ends disagree on the baud rate.
 */

import type { SerialData, SerialPort, Timers } from "ml307/io";

export interface LinkStats {
	/** ESP32 TX → modem RX, bytes on the wire (including bytes lost to a wrong rate). */
	hostToModem: number;
	/** Modem TX → ESP32 RX. */
	modemToHost: number;
}

export interface LinkOptions {
	/** ESP32-side rate at start (the library opens the UART at 115200). */
	readonly hostBaud?: number;
	/** Latency of modem output, ms. */
	readonly latencyMs?: number;
	/** Split modem output into pieces of at most this many bytes, each delivered separately. */
	readonly chunkBytes?: number;
}

export interface ModemEnd {
	/** Bytes from the ESP32 arrive here, only when the rates match. */
	receive(bytes: Uint8Array): void;
	readonly baud: number;
}

export class SerialLink {
	readonly stats: LinkStats = { hostToModem: 0, modemToHost: 0 };
	readonly host: SerialPort;
	#hostBaud: number;
	#receiver: ((bytes: Uint8Array) => void) | undefined;
	#modem: ModemEnd | undefined;
	readonly #timers: Timers;
	latencyMs: number;
	chunkBytes: number;
	/** Bytes the modem wrote while the rates differed (garbage on the ESP32 side). */
	lostToBaudMismatch = 0;

	constructor(timers: Timers, options: LinkOptions = {}) {
		this.#timers = timers;
		this.#hostBaud = options.hostBaud ?? 115200;
		this.latencyMs = options.latencyMs ?? 1;
		this.chunkBytes = options.chunkBytes ?? 0;
		const hostBaud = (): number => this.#hostBaud;
		this.host = {
			write: (data: SerialData) => {
				const bytes = data instanceof Uint8Array ? data.slice() : new Uint8Array(data.slice(0));
				this.stats.hostToModem += bytes.length;
				if (this.#modem && this.#modem.baud === this.#hostBaud) this.#modem.receive(bytes);
			},
			setReceiver: (receiver) => {
				this.#receiver = receiver;
			},
			setBaudRate: (baud: number) => {
				this.#hostBaud = baud;
			},
			get baudRate() {
				return hostBaud();
			},
		};
	}

	attach(modem: ModemEnd): void {
		this.#modem = modem;
	}

	/** The modem transmits; the ESP32 gets it after the latency, chunked. */
	fromModem(bytes: Uint8Array): void {
		this.stats.modemToHost += bytes.length;
		if (!this.#modem || this.#modem.baud !== this.#hostBaud) {
			this.lostToBaudMismatch += bytes.length;
			return;
		}
		const size = this.chunkBytes > 0 ? this.chunkBytes : bytes.length;
		for (let offset = 0; offset < bytes.length; offset += size) {
			const piece = bytes.slice(offset, offset + size);
			this.#timers.set(() => this.#receiver?.(piece), this.latencyMs);
		}
	}
}
