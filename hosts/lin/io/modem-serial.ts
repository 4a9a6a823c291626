/*
 * "embedded:io/serial" for Moddable's Linux simulator: UART1 of the bread-compact-ml307
 * (TX 12, RX 11) as a local TCP connection to the ML307R simulator that
 * `npm run test:moddable` starts (desktop/tools/moddable-sim/modem-socket.ts). Each open is one
 * connection whose first line, `BAUD <rate>`, tells the far end the rate this side uses
 * (8N1); bytes then flow as they would on the wire. Only what Ecma419SerialPort uses.
 */
import TCP from "embedded:io/socket/tcp";
import config from "mc/config";
import { bufferOf, utf8Encode } from "moddable-adapters/bytes";

interface SerialOptions {
	readonly port: number;
	readonly transmit: number;
	readonly receive: number;
	readonly baud: number;
	readonly format?: string;
	readonly onReadable?: (this: Serial, count: number) => void;
}

function modemPort(): number {
	const port = Number(config.modemSocket);
	if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error("serial: no modem simulator (build with modemSocket=<port>)");
	return port;
}

export default class Serial {
	readonly #socket: TCP;
	readonly #pending: ArrayBuffer[] = [];
	#connected = false;
	#closed = false;

	constructor(options: SerialOptions) {
		if (options.port !== 1 || options.transmit !== 12 || options.receive !== 11) throw new RangeError("serial: only the modem's UART1 (TX 12, RX 11) exists here");
		const onReadable = options.onReadable;
		this.#pending.push(bufferOf(utf8Encode(`BAUD ${options.baud}\n`)));
		this.#socket = new TCP({
			address: "127.0.0.1",
			port: modemPort(),
			nodelay: true,
			format: "buffer",
			onWritable: () => {
				this.#connected = true;
				this.#flush();
			},
			onReadable: (count: number) => {
				if (!this.#closed) onReadable?.call(this, count);
			},
			onError: () => {
				trace("serial: the modem simulator's socket failed\n");
			},
		});
	}

	read(): ArrayBuffer | undefined {
		if (this.#closed) return undefined;
		const data = this.#socket.read() as ArrayBuffer | undefined;
		return data && data.byteLength > 0 ? data : undefined;
	}

	write(data: ArrayBuffer): void {
		this.#pending.push(data);
		if (this.#connected) this.#flush();
	}

	close(): void {
		this.#closed = true;
		this.#socket.close();
	}

	#flush(): void {
		while (this.#pending.length > 0) this.#socket.write(this.#pending.shift()!);
	}
}
