/*
 * XS side of the modem's allocation test (allocation.test.ts): one activation poll through
 * the AT HTTP stack (AtChannel + Ml307HttpTransport) against a replaying UART that answers
 * each command with bytes made once, before any measure, so what a crank allocates is the
 * device side's alone. Timers are handles made once too (nothing fires: every answer is there
 * before its timeout could matter).
 */
import type { HttpRequest } from "activation/interfaces";
import { AtChannel } from "ml307/at-channel";
import { Ml307HttpTransport } from "ml307/http-transport";
import { Ecma419SerialPort, type Ecma419Serial, type SerialData, type SerialPort } from "ml307/io";
import type { Timers } from "activation/interfaces";
import { utf8Encode, hexEncode } from "ml307/bytes";

const ANSWER_BODY = '{"code":0,"msg":"pending"}';
const ANSWER_HEAD = "HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: 26\r\nConnection: close\r\n\r\n";

const bytes = (text: string): Uint8Array => utf8Encode(text);
const CONTENT = bytes(`\r\n+MHTTPURC: "content",0,26,26,26,"${hexEncode(utf8Encode(ANSWER_BODY))}"\r\n`);
interface Answer {
	/** The command's first bytes. */
	readonly prefix: Uint8Array;
	readonly pieces: readonly Uint8Array[];
	readonly thenData: boolean;
}
/** What the modem answers, by the command's start (the first that matches; the last matches all). */
const ANSWERS: readonly Answer[] = [
	{ prefix: bytes("AT+MHTTPCREATE="), pieces: [bytes("+MHTTPCREATE: 0\r\n\r\nOK\r\n")], thenData: false },
	{ prefix: bytes("AT+MHTTPCONTENT="), pieces: [bytes(">")], thenData: true },
	{
		prefix: bytes("AT+MHTTPREQUEST="),
		pieces: [bytes("\r\nOK\r\n"), bytes(`\r\n+MHTTPURC: "header",0,202,${ANSWER_HEAD.length},"${hexEncode(utf8Encode(ANSWER_HEAD))}"\r\n`), CONTENT],
		thenData: false,
	},
	{ prefix: new Uint8Array(0), pieces: [bytes("\r\nOK\r\n")], thenData: false },
];
const DATA_ACCEPTED = [bytes("\r\nOK\r\n")];
/** The same modem with a network that never answers: AT+MHTTPREQUEST gets its OK, then nothing. */
const HOLDING_ANSWERS: readonly Answer[] = [ANSWERS[0]!, ANSWERS[1]!, { prefix: bytes("AT+MHTTPREQUEST="), pieces: [bytes("\r\nOK\r\n")], thenData: false }, ANSWERS[3]!];

class ReplayingUart implements SerialPort {
	#receiver: ((bytes: Uint8Array) => void) | undefined;
	#awaitingData = false;
	readonly #answers: readonly Answer[];

	constructor(answers: readonly Answer[] = ANSWERS) {
		this.#answers = answers;
	}

	setReceiver(receiver: (bytes: Uint8Array) => void): void {
		this.#receiver = receiver;
	}

	/** Allocates nothing itself (indexed loops over byte tables), so the meter sees the device's side only. */
	write(data: SerialData): void {
		const view = data as Uint8Array;
		if (this.#awaitingData) {
			this.#awaitingData = false;
			return this.#answer(DATA_ACCEPTED);
		}
		const answers = this.#answers;
		for (let a = 0; a < answers.length; a++) {
			const prefix = answers[a]!.prefix;
			let i = 0;
			while (i < prefix.length && view[i] === prefix[i]) i++;
			if (i < prefix.length) continue;
			this.#awaitingData = answers[a]!.thenData;
			return this.#answer(answers[a]!.pieces);
		}
	}

	answerNow(pieces: readonly Uint8Array[]): void {
		this.#answer(pieces);
	}

	#answer(pieces: readonly Uint8Array[]): void {
		for (let i = 0; i < pieces.length; i++) this.#receiver?.(pieces[i]!);
	}
}

/**
 * The same modem behind the ECMA-419 shape of the board's modem port, for the driver's paced
 * writes (Ecma419SerialPort): each write is followed by onWritable with the ring's 4096 bytes,
 * answers come through onReadable, and read() copies into a new buffer as the native does.
 */
class ReplayingSerial implements Ecma419Serial {
	readonly #modem = new ReplayingUart();
	readonly #received: Uint8Array[] = [];
	readonly #onReadable: (this: Ecma419Serial, count: number) => void;
	readonly #onWritable: (this: Ecma419Serial, count: number) => void;

	constructor(options: Parameters<ConstructorParameters<typeof Ecma419SerialPort>[0]>[0]) {
		this.#onReadable = options.onReadable;
		this.#onWritable = options.onWritable;
		this.#modem.setReceiver((bytes) => {
			this.#received.push(bytes);
			this.#onReadable.call(this, bytes.length);
		});
		this.#onWritable.call(this, 4096);
	}

	read(): ArrayBuffer | undefined {
		return this.#received.shift()?.slice().buffer as ArrayBuffer | undefined;
	}

	write(data: ArrayBuffer): void {
		this.#modem.write(new Uint8Array(data));
		this.#onWritable.call(this, 4096);
	}

	close(): void {}
}

const HANDLE = Object.freeze({});
const timers: Timers = { now: () => 0, set: () => HANDLE, clear: () => undefined };
const uart = new ReplayingUart();
const channel = new AtChannel(uart, timers);
const http = new Ml307HttpTransport(channel, timers);
const heldHttp = new Ml307HttpTransport(new AtChannel(new ReplayingUart(HOLDING_ANSWERS), timers), timers);
const heldRequests: Promise<unknown>[] = [];
const pacedHttp = new Ml307HttpTransport(new AtChannel(new Ecma419SerialPort((options) => new ReplayingSerial(options)), timers), timers);

const activate: HttpRequest = {
	method: "POST",
	url: "https://api.tenclass.net/xiaozhi/ota/activate",
	headers: [
		["Activation-Version", "1"],
		["Device-Id", "94:a9:90:2c:84:b8"],
		["Client-Id", "0b5a1c7e-34f2-4d6b-9f0e-2a8c3d4e5f60"],
		["User-Agent", "bread-compact-ml307/2.0.4"],
		["Accept-Language", "zh-CN"],
		["Content-Type", "application/json"],
	],
	body: '{"algorithm":"hmac-sha256","serial_number":"SN-94A9902C84B8","challenge":"5a0b3c2d-1e4f-4a6b-8c7d-9e0f1a2b3c4d","hmac":"0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0"}',
	timeoutMs: 10000,
	maxBodyBytes: 8192,
};

let last: unknown;

const modemMemory = {
	noop(): void {},
	/** One activation poll answered 202; `last` keeps its result for `reportResult`. */
	poll(): void {
		last = undefined;
		void http.request(activate).then((result) => {
			last = result;
		});
	},
	/** The same poll through Ecma419SerialPort over the modem port's ECMA-419 shape. */
	pacedPoll(): void {
		last = undefined;
		void pacedHttp.request(activate).then((result) => {
			last = { paced: result };
		});
	},
	/** One poll left waiting for its response head (kept, so what it holds stays live). */
	heldPoll(): void {
		heldRequests.push(heldHttp.request(activate));
	},
	/** One command answered OK. */
	command(): void {
		void channel.send('AT+MHTTPCFG="encoding",0,0,0');
	},
	/** The received bytes of one content URC, through the framer and the channel. */
	contentLine(): void {
		uart.answerNow([CONTENT]);
	},
	/** Sends the last poll's result to Node. */
	reportResult(): void {
		issueCommand(new TextEncoder().encode(JSON.stringify(last)).buffer as ArrayBuffer);
	},
};
(globalThis as unknown as { modemMemory: typeof modemMemory }).modemMemory = modemMemory;
