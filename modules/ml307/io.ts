/*
 * What the modem code needs from its host: a serial port and timers. Both are tiny so
 * the same driver runs over the board's ECMA-419 UART, over the simulator's in-memory
 * link, on Node and on XS.
 */

export type SerialData = ArrayBuffer | Uint8Array;

/** One full-duplex serial link to the modem (8N1, no flow control). */
export interface SerialPort {
	/** Queue bytes for transmission; must not block for long and must not reorder. */
	write(bytes: SerialData): void;
	/** Install the one receiver of incoming bytes (replacing any earlier one). */
	setReceiver(receiver: (bytes: Uint8Array) => void): void;
	/** Present when the port can change its rate (needed for baud detection). */
	setBaudRate?(baud: number): void;
	readonly baudRate?: number;
}

/** Opaque handle of a pending timer. */
export type TimerHandle = unknown;

/** Cancellable one-shot timers with a monotonic millisecond clock. */
export interface Timers {
	now(): number;
	set(callback: () => void, ms: number): TimerHandle;
	clear(handle: TimerHandle): void;
}

/** Resolves after `ms` of the given timers. */
export function delay(timers: Timers, ms: number): Promise<void> {
	return new Promise((resolve) => {
		timers.set(resolve, ms);
	});
}

/**
 * Timers over the activation core's Clock, for hosts that only have that. Cancelled
 * timers simply fire into nothing when their sleep ends.
 */
export function timersFromClock(clock: { now(): number; sleep(ms: number): Promise<void> }): Timers {
	return {
		now: () => clock.now(),
		set(callback, ms) {
			const handle = { cancelled: false };
			void clock.sleep(ms).then(() => {
				if (!handle.cancelled) callback();
			});
			return handle;
		},
		clear(handle) {
			if (handle && typeof handle === "object" && "cancelled" in handle) (handle as { cancelled: boolean }).cancelled = true;
		},
	};
}

/**
 * An ECMA-419 `Serial` instance as the board gives it (`device.io.Serial`, format
 * "buffer"). Declared here so this module needs no Moddable import.
 */
export interface Ecma419Serial {
	read(): ArrayBuffer | undefined;
	write(data: ArrayBuffer): void;
	close(): void;
}

/** Opens the UART at a rate with the given onReadable callback (the host fills in pins and port). */
export type Ecma419SerialOpener = (options: {
	readonly baud: number;
	readonly onReadable: (this: Ecma419Serial, count: number) => void;
}) => Ecma419Serial;

/**
 * SerialPort over ECMA-419. The ESP32 driver has no runtime baud setter, so a rate change
 * closes the port and opens a new one.
 */
export class Ecma419SerialPort implements SerialPort {
	#serial: Ecma419Serial;
	#receiver: ((bytes: Uint8Array) => void) | undefined;
	#baud: number;
	readonly #open: Ecma419SerialOpener;

	constructor(open: Ecma419SerialOpener, baud = 115200) {
		this.#open = open;
		this.#baud = baud;
		this.#serial = this.#openAt(baud);
	}

	get baudRate(): number {
		return this.#baud;
	}

	#openAt(baud: number): Ecma419Serial {
		const deliver = (bytes: Uint8Array): void => this.#receiver?.(bytes);
		return this.#open({
			baud,
			onReadable() {
				// Drain everything now: the ESP32 driver has no software ring buffer.
				for (let data = this.read(); data && data.byteLength > 0; data = this.read()) deliver(new Uint8Array(data));
			},
		});
	}

	write(bytes: SerialData): void {
		const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
		// A copy of exactly these bytes; `view.buffer` may be a HostBuffer on Moddable, which has no slice().
		const copy = view.slice().buffer;
		this.#serial.write(copy);
	}

	setReceiver(receiver: (bytes: Uint8Array) => void): void {
		this.#receiver = receiver;
	}

	setBaudRate(baud: number): void {
		if (baud === this.#baud) return;
		this.#serial.close();
		this.#baud = baud;
		this.#serial = this.#openAt(baud);
	}

	close(): void {
		this.#serial.close();
	}
}
// Preloaded: a frozen prototype needs no RAM for later changes.
Object.freeze(Ecma419SerialPort.prototype);
