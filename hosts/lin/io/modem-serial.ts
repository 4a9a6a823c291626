/*
 * The board's modem port (esp32s3/modem-serial) for Moddable's Linux simulator: the modem's UART
 * of the bread-compact-ml307 (the provider's device.Serial.modem) as a local TCP connection to the ML307R simulator that
 * `npm run test:moddable` starts (desktop/tools/moddable-sim/modem-socket.ts), with the
 * limits of the board's ring-buffered port (modules/uart-model): a write larger than the free
 * TX space throws "output full", the TX ring drains at the baud rate before onWritable comes
 * again, bytes the socket brings while the RX ring is full are lost and counted (the socket is
 * not a timed line: written bytes go to it at once, what it brings is in at once). Each open is
 * one connection whose first line, `BAUD <rate>`, tells the far end the rate this side uses
 * (8N1); bytes then flow as they would on the wire.
 */
import TCP from "embedded:io/socket/tcp";
import { device } from "moddable-adapters/board-provider";
import config from "mc/config";
import Timer from "timer";
import { moddableTimers } from "moddable-adapters/time";
import { bufferOf, utf8Encode } from "moddable-adapters/bytes";
import { RING_BUFFERED_PORT, UartPortModel, type UartFigures } from "uart-model/port-model";

interface ModemSerialOptions {
	readonly port: number;
	readonly transmit: number;
	readonly receive: number;
	readonly baud: number;
	readonly format?: string;
	readonly onReadable?: (this: ModemSerial, count: number) => void;
	readonly onWritable?: (this: ModemSerial, count: number) => void;
}

function modemPort(): number {
	const port = Number(config.modemSocket);
	if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error("serial: no modem simulator (build with modemSocket=<port>)");
	return port;
}

export default class ModemSerial {
	readonly #socket: TCP;
	readonly #model: UartPortModel;
	/** What the ring sent that the socket has not taken yet: the BAUD line first. */
	readonly #unsent: Uint8Array[] = [];
	/** Bytes the socket takes now: it throws "would block" past them (the SDK's lin TCP keeps 1536), and onWritable gives the new figure. */
	#socketSpace = 0;
	/** Inside the socket's onReadable: that is the VM's turn for the bytes, so their message is delivered in it. */
	#inSocketTurn = false;

	constructor(options: ModemSerialOptions) {
		const modem = device.Serial.modem;
		if (options.port !== modem.port || options.transmit !== modem.transmit || options.receive !== modem.receive)
			throw new RangeError(`serial: only the modem's UART${modem.port} (TX ${modem.transmit}, RX ${modem.receive}) exists here`);
		if (options.format !== "buffer") throw new TypeError('serial: the modem port takes format "buffer"');
		const { onReadable, onWritable } = options;
		this.#unsent.push(new Uint8Array(bufferOf(utf8Encode(`BAUD ${options.baud}\n`))));
		this.#model = new UartPortModel(
			RING_BUFFERED_PORT,
			options.baud,
			moddableTimers,
			{
				// write() gives the model a view of the whole buffer it was handed: that buffer goes to the socket.
				transmit: (bytes) => this.#send(bytes.buffer as ArrayBuffer),
				readable: (count) => onReadable?.call(this, count),
				writable: (count) => onWritable?.call(this, count),
			},
			{
				handOverAtOnce: true,
				post: (deliver) => {
					if (this.#inSocketTurn) deliver();
					else Timer.set(deliver, 0);
				},
			},
		);
		this.#socket = new TCP({
			address: "127.0.0.1",
			port: modemPort(),
			nodelay: true,
			format: "buffer",
			onWritable: (count: number) => {
				this.#socketSpace = count;
				this.#flush();
			},
			onReadable: () => {
				if (this.#model.closed) return;
				// The socket is the line: what it brings is in now, into the RX ring while it has room.
				this.#inSocketTurn = true;
				try {
					for (let data = this.#socket.read() as ArrayBuffer | undefined; data && data.byteLength > 0; data = this.#socket.read() as ArrayBuffer | undefined)
						this.#model.arrive(new Uint8Array(data), moddableTimers.now(), 0);
				} finally {
					this.#inSocketTurn = false;
				}
			},
			onError: () => {
				trace("serial: the modem simulator's socket failed\n");
			},
		});
	}

	read(count?: number): ArrayBuffer | undefined {
		if (this.#model.closed) return undefined;
		return this.#model.read(count)?.buffer as ArrayBuffer | undefined;
	}

	write(data: ArrayBuffer): void {
		if (!(data instanceof ArrayBuffer)) throw new TypeError("serial: write takes an ArrayBuffer");
		this.#model.write(new Uint8Array(data));
	}

	get figures(): UartFigures {
		return this.#model.figures;
	}

	get rxLostBytes(): number {
		return this.#model.rxLostBytes;
	}

	close(): void {
		this.#model.close();
		this.#socket.close();
	}

	#send(buffer: ArrayBuffer): void {
		this.#unsent.push(new Uint8Array(buffer));
		this.#flush();
	}

	/** As much as the socket takes now, in order; the rest when it says it has room again. */
	#flush(): void {
		while (this.#unsent.length > 0 && this.#socketSpace > 0) {
			const head = this.#unsent[0]!;
			const size = Math.min(head.length, this.#socketSpace);
			this.#socket.write(head.byteOffset === 0 && size === head.buffer.byteLength ? (head.buffer as ArrayBuffer) : head.slice(0, size).buffer);
			this.#socketSpace -= size;
			if (size === head.length) this.#unsent.shift();
			else this.#unsent[0] = head.subarray(size);
		}
	}
}
