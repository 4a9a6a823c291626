/*
 * The UART between the ESP32 and the simulated modem. The modem's output goes out at the
 * line rate (8N1, 10 bits a byte, one transmission after the other), so the ESP32 side knows
 * when each byte is in. The ESP32 side is either the board's port model
 * (modules/uart-model, attached with `attachPort`: its own buffers and timing) or, when none
 * is attached, `host`: an ideal port with no buffer limits that sends at once and hands
 * received bytes over when they are in (in pieces of `chunkBytes`, to exercise partial
 * lines). The link counts every byte each way (for the benchmark) and loses bytes while the
 * two ends disagree on the baud rate.
 */

import type { SerialData, SerialPort } from "ml307/io";
import type { TimerHandle, Timers } from "activation/interfaces";
import { byteTimeMs } from "uart-model/port-model";

export interface LinkStats {
	/** ESP32 TX → modem RX, bytes on the wire (including bytes lost to a wrong rate). */
	hostToModem: number;
	/** Modem TX → ESP32 RX. */
	modemToHost: number;
}

export interface LinkOptions {
	/** ESP32-side rate at start (the library opens the UART at 115200). */
	readonly hostBaud?: number;
	/** Latency of modem output before its first bit, ms. */
	readonly latencyMs?: number;
	/** The ideal port hands received bytes over in pieces of at most this many bytes. */
	readonly chunkBytes?: number;
}

export interface ModemEnd {
	/** Bytes from the ESP32 arrive here, only when the rates match. */
	receive(bytes: Uint8Array): void;
	readonly baud: number;
}

/** The ESP32's receiving end when a port model is attached: bytes on the line with their timing. */
export interface PortEnd {
	arrive(bytes: Uint8Array, startAt: number, byteMs: number): void;
}

export class SerialLink {
	readonly stats: LinkStats = { hostToModem: 0, modemToHost: 0 };
	readonly host: SerialPort;
	#hostBaud: number;
	#receiver: ((bytes: Uint8Array) => void) | undefined;
	#port: PortEnd | undefined;
	#modem: ModemEnd | undefined;
	readonly #timers: Timers;
	/** When the modem's TX line has sent everything so far. */
	#modemLineIdleAt = 0;
	/**
	 * The modem's bytes on their way to the ideal port, in wire order, each with the time its
	 * last byte is in. One timer at a time delivers the head: timers set one per piece with
	 * delays reckoned from one reading of the clock can swap two pieces on a real clock (the
	 * delays of a long transmission's tail are set later than the next one's head).
	 */
	readonly #inbound: { readonly piece: Uint8Array; readonly inAt: number }[] = [];
	#inboundTimer: TimerHandle | undefined;
	latencyMs: number;
	chunkBytes: number;
	/** Bytes the modem wrote while the rates differed (garbage on the ESP32 side). */
	lostToBaudMismatch = 0;
	/**
	 * A fault on the wire (tests): what of each modem transmission reaches the ESP32. Bytes it
	 * leaves out are lost where no port can count them.
	 */
	lineFault: ((bytes: Uint8Array) => Uint8Array) | undefined;
	/** Sees every byte the ESP32 puts on the wire, before the link counts it (the board run counts AT commands with it). */
	onToModem: ((bytes: Uint8Array) => void) | undefined;

	constructor(timers: Timers, options: LinkOptions = {}) {
		this.#timers = timers;
		this.#hostBaud = options.hostBaud ?? 115200;
		this.latencyMs = options.latencyMs ?? 1;
		this.chunkBytes = options.chunkBytes ?? 0;
		const hostBaud = (): number => this.#hostBaud;
		this.host = {
			write: (data: SerialData) => {
				this.toModem(data instanceof Uint8Array ? data.slice() : new Uint8Array(data.slice(0)));
			},
			setReceiver: (receiver) => {
				this.#port = undefined;
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

	get hostBaud(): number {
		return this.#hostBaud;
	}

	attach(modem: ModemEnd): void {
		this.#modem = modem;
	}

	/** A port model opened on the ESP32 side at `baud`: it receives from now on (replacing the ideal port). */
	attachPort(port: PortEnd, baud: number): void {
		this.#port = port;
		this.#hostBaud = baud;
	}

	/** Bytes the ESP32's UART has put on the wire (already timed by its port). */
	toModem(bytes: Uint8Array): void {
		this.onToModem?.(bytes);
		this.stats.hostToModem += bytes.length;
		if (this.#modem && this.#modem.baud === this.#hostBaud) this.#modem.receive(bytes);
	}

	/** The modem transmits: its bytes go out at the line rate after whatever it is still sending. */
	fromModem(sent: Uint8Array): void {
		this.stats.modemToHost += sent.length;
		if (!this.#modem || this.#modem.baud !== this.#hostBaud) {
			this.lostToBaudMismatch += sent.length;
			return;
		}
		const bytes = this.lineFault ? this.lineFault(sent) : sent;
		const byteMs = byteTimeMs(this.#modem.baud);
		const now = this.#timers.now();
		const startAt = Math.max(now + this.latencyMs, this.#modemLineIdleAt);
		this.#modemLineIdleAt = startAt + bytes.length * byteMs;
		if (this.#port) {
			this.#port.arrive(bytes, startAt, byteMs);
			return;
		}
		const size = this.chunkBytes > 0 ? this.chunkBytes : bytes.length;
		for (let offset = 0; offset < bytes.length; offset += size) {
			const piece = bytes.slice(offset, offset + size);
			this.#inbound.push({ piece, inAt: startAt + (offset + piece.length) * byteMs });
		}
		if (this.#inboundTimer === undefined) this.#deliverNextWhenIn();
	}

	#deliverNextWhenIn(): void {
		const next = this.#inbound[0];
		if (next === undefined) return;
		this.#inboundTimer = this.#timers.set(() => {
			this.#inboundTimer = undefined;
			this.#inbound.shift();
			// The next piece's timer first: a receiver that throws stops no later bytes.
			this.#deliverNextWhenIn();
			this.#receiver?.(next.piece);
		}, next.inAt - this.#timers.now());
	}
}
