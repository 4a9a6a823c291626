/*
 * What the modem code needs from its host: a serial port (and the device's time, the
 * Timers port of activation/interfaces). The port is tiny so the same driver runs over the
 * board's ECMA-419 UART, over the simulator's in-memory link, on Node and on XS.
 */

export type SerialData = ArrayBuffer | Uint8Array;

/** One full-duplex serial link to the modem (8N1, no flow control). */
export interface SerialPort {
	/**
	 * Queue bytes for transmission; must not block for long and must not reorder. The port may
	 * keep `bytes` until they are sent: the caller must not change them afterwards.
	 */
	write(bytes: SerialData): void;
	/**
	 * Install the one receiver of incoming bytes (replacing any earlier one), and of the news
	 * that the port lost `count` received bytes after those it has delivered.
	 */
	setReceiver(receiver: (bytes: Uint8Array) => void, lost?: (count: number) => void): void;
	/**
	 * Present when writes can wait in the port (paced to the UART's free space): when bytes
	 * wait, keeps `callback` (the last one given) to call once they are all handed to the
	 * UART, and returns true; returns false when nothing waits.
	 */
	whenSent?(callback: () => void): boolean;
	/** Present with whenSent: bytes written that still wait for UART space. */
	readonly waitingBytes?: number;
	/** Present when the port can change its rate (needed for baud detection). */
	setBaudRate?(baud: number): void;
	readonly baudRate?: number;
}

/**
 * An ECMA-419 `Serial` instance as the board gives it (format "buffer"). Declared here so
 * this module needs no Moddable import.
 */
export interface Ecma419Serial {
	read(): ArrayBuffer | undefined;
	/** Takes the whole buffer or throws ("output full") when it is larger than the free TX space. */
	write(data: ArrayBuffer): void;
	close(): void;
	/** Bytes lost to a full receive buffer, when the port counts them (the board's modem port does; the SDK's serial does not). */
	readonly rxLostBytes?: number;
}

/** Opens the UART at a rate with the given callbacks (the host fills in pins and port). */
export type Ecma419SerialOpener = (options: {
	readonly baud: number;
	readonly onReadable: (this: Ecma419Serial, count: number) => void;
	/** Called after open with the free TX space, and again when space frees after a write. */
	readonly onWritable: (this: Ecma419Serial, count: number) => void;
}) => Ecma419Serial;

/**
 * Bytes that may wait in Ecma419SerialPort for TX space: the AT channel writes one command
 * line (at most about 3.2 KB: AT+MHTTPREQUEST with a 1560-character path in hex) and, after
 * its `>` prompt, one content piece (at most 4096 bytes); twice the larger leaves room for a
 * command written while a timed-out one still waits. A write beyond it throws: a line that
 * never drains cannot grow the queue.
 */
export const TX_QUEUE_BYTES = 8192;

/**
 * An ArrayBuffer of exactly `view`'s bytes from `start` to `end`: the view's own buffer when
 * that is all of it (the serial copies what it is given into its TX buffer, and the caller
 * does not change written bytes), else a copy (slice(): a view's buffer may be a HostBuffer on
 * Moddable, which has no slice()).
 */
function bufferOf(view: Uint8Array, start: number, end: number): ArrayBuffer {
	const buffer = view.buffer;
	if (start === 0 && end === view.length && view.byteOffset === 0 && buffer instanceof ArrayBuffer && buffer.byteLength === end) return buffer;
	return view.slice(start, end).buffer;
}

/**
 * SerialPort over ECMA-419. Writes are paced: the serial is never handed more than the TX
 * space it announced through onWritable (the SDK's port throws beyond its 128-byte FIFO, the
 * board's ring-buffered port beyond its TX ring); what does not fit waits here, in order, and
 * goes out from onWritable. A port that counts lost received bytes is checked after every
 * read, so a gap in the stream is reported where it happened. The ESP32 driver has no
 * runtime baud setter, so a rate change closes the port and opens a new one.
 */
export class Ecma419SerialPort implements SerialPort {
	#serial: Ecma419Serial;
	#receiver: ((bytes: Uint8Array) => void) | undefined;
	#lost: ((count: number) => void) | undefined;
	#baud: number;
	readonly #open: Ecma419SerialOpener;
	/** TX space the serial announced, less what was written since. */
	#writable = 0;
	/** Writes waiting for TX space; the first one is sent from `#offset` on. */
	readonly #waiting: Uint8Array[] = [];
	#offset = 0;
	#waitingBytes = 0;
	#sent: (() => void) | undefined;
	/** The serial's rxLostBytes when last looked at. */
	#lostSeen = 0;
	/** Counts the opens: a closed serial's late callbacks are not the open one's. */
	#opens = 0;

	constructor(open: Ecma419SerialOpener, baud = 115200) {
		this.#open = open;
		this.#baud = baud;
		this.#serial = this.#openAt(baud);
		// A serial may announce its space while it is being made.
		this.#flush();
	}

	get baudRate(): number {
		return this.#baud;
	}

	#openAt(baud: number): Ecma419Serial {
		this.#writable = 0;
		this.#lostSeen = 0;
		const open = ++this.#opens;
		// eslint-disable-next-line @typescript-eslint/no-this-alias -- the serial calls back with itself as `this`
		const port = this;
		return this.#open({
			baud,
			onReadable() {
				// Drain everything now: the SDK's serial holds only its 128-byte FIFO.
				for (let data = this.read(); data && data.byteLength > 0 && open === port.#opens; data = this.read()) port.#received(this, new Uint8Array(data));
			},
			onWritable(count) {
				if (open !== port.#opens) return;
				port.#writable = count;
				// While the serial is being made, the open flushes once it has it.
				if (this === port.#serial) port.#flush();
			},
		});
	}

	#received(serial: Ecma419Serial, bytes: Uint8Array): void {
		this.#receiver?.(bytes);
		// Everything read so far was in the port before it filled up: a loss lies after these bytes.
		const lost = serial.rxLostBytes;
		if (typeof lost === "number" && lost !== this.#lostSeen) {
			const count = lost - this.#lostSeen;
			this.#lostSeen = lost;
			this.#lost?.(count);
		}
	}

	write(bytes: SerialData): void {
		const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
		if (view.length === 0) return;
		if (this.#waitingBytes === 0 && view.length <= this.#writable) {
			// Room for all of it and nothing waits: straight to the serial (the queue's array is not touched).
			this.#writable -= view.length;
			this.#serial.write(bufferOf(view, 0, view.length));
			return;
		}
		if (this.#waitingBytes + view.length > TX_QUEUE_BYTES)
			throw new RangeError(`modem serial: ${view.length} bytes do not fit the output queue (${this.#waitingBytes} of ${TX_QUEUE_BYTES} bytes wait for the UART)`);
		this.#waiting.push(view);
		this.#waitingBytes += view.length;
		this.#flush();
	}

	get waitingBytes(): number {
		return this.#waitingBytes;
	}

	whenSent(callback: () => void): boolean {
		if (this.#waitingBytes === 0) return false;
		this.#sent = callback;
		return true;
	}

	/** Hands the serial as much as it announced room for, each piece an ArrayBuffer of exactly its bytes. */
	#flush(): void {
		while (this.#waitingBytes > 0 && this.#writable > 0) {
			const head = this.#waiting[0]!;
			const count = Math.min(this.#writable, head.length - this.#offset);
			const piece = bufferOf(head, this.#offset, this.#offset + count);
			// Accounted before the write: a serial that calls onWritable from inside write() finds the queue as it is.
			this.#writable -= count;
			this.#waitingBytes -= count;
			this.#offset += count;
			if (this.#offset === head.length) {
				this.#waiting.shift();
				this.#offset = 0;
			}
			this.#serial.write(piece);
		}
		if (this.#waitingBytes === 0 && this.#sent) {
			const sent = this.#sent;
			this.#sent = undefined;
			sent();
		}
	}

	setReceiver(receiver: (bytes: Uint8Array) => void, lost?: (count: number) => void): void {
		this.#receiver = receiver;
		this.#lost = lost;
	}

	setBaudRate(baud: number): void {
		if (baud === this.#baud) return;
		this.close();
		this.#baud = baud;
		this.#serial = this.#openAt(baud);
		this.#flush();
	}

	/** Closes the serial; what still waits for TX space is dropped with it. */
	close(): void {
		this.#opens++;
		this.#writable = 0;
		this.#serial.close();
		this.#waiting.length = 0;
		this.#offset = 0;
		this.#waitingBytes = 0;
		this.#sent = undefined;
	}
}
// Preloaded: a frozen prototype needs no RAM for later changes.
Object.freeze(Ecma419SerialPort.prototype);
