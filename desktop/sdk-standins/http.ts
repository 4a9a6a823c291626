/*
 * Stand-in for the SDK's "http" Request ($(MODULES)/network/http/http.js), the client's state
 * machine over a connection of the host's (which speaks to the server: the board run's Node
 * HTTPS, a test's script, a real socket). As http.js and the socket under it:
 *   - options default to port 80, GET, "/"; the host is `host` or `address`; header names and
 *     values go out with toString() (a missing one is a TypeError); the head is
 *     `METHOD path HTTP/1.1`, `Connection: close`, the headers, `content-length` for a fixed
 *     body the app did not give one for, `Host` unless the app gave one;
 *   - the connection opens in a later turn; a fixed body goes out whole after the head, and a
 *     body that does not fit the socket's room throws "can't write all data" there (uncaught,
 *     as on the board); `body: true` asks callback 0 (requestFragment) with the room left (the
 *     lwIP send buffer, 5744 bytes, less 128 over TLS, less what is not acknowledged yet) until
 *     it returns undefined, a piece larger than the room throwing the same;
 *   - callbacks: 1 status (a number), 2 each header (name lower-case, both trimmed),
 *     3 headers complete, 4 body bytes readable (at most 1024 a time over TLS), 5 complete,
 *     -2 error; after 5 or -2 the request closes itself, and a closed request calls back no
 *     more; with `response: String` or `ArrayBuffer` the body is kept and given with 5;
 *   - with a content-length, the request completes (in a later turn) once the app has read
 *     that many bytes; a connection that ends before is an error, as is one that ends
 *     before any answer; without a length, the end of the connection completes it; a
 *     transfer-encoding other than chunked or identity completes it at once;
 *   - read(): no type is the count readable; ArrayBuffer, String (UTF-8), Number (one byte)
 *     or null (skip) take at most `limit`; with nothing readable the plain socket throws
 *     "nothing to read" and the TLS one gives undefined.
 * Stricter than the SDK where it would send wrong bytes without a word: a string body that is
 * not ASCII throws (http.js announces its UTF-16 length and writes UTF-8).
 */
import type { Request as SdkRequest } from "http";
import SecureSocket, { TLS_OVERHEAD_BYTES } from "./securesocket.ts";
import { SEND_BUFFER_BYTES } from "./socket.ts";
import { hostPart, standinHost, type HttpAnswer, type HttpConnection } from "./host.ts";

export { Server } from "./http-server.ts";

/** What one socket message brings at most: a TLS record's plain bytes as securesocket.js hands them out, a TCP segment. */
const TLS_PIECE_BYTES = 1024;
const TCP_PIECE_BYTES = 1460;

type Callback = (this: Request, message: number, value1?: unknown, value2?: unknown) => unknown;
type BodyType = typeof String | typeof ArrayBuffer;

interface RequestOptions {
	host?: string;
	address?: string;
	port?: number;
	path?: string;
	method?: string;
	headers?: unknown[];
	body?: unknown;
	response?: BodyType;
	Socket?: unknown;
	secure?: object;
	socket?: unknown;
}

const enum State {
	Connecting = 0,
	SendingBody = 2,
	Status = 3,
	Headers = 4,
	Body = 5,
	Done = 6,
	Closed = 11,
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function bytesOf(piece: unknown): Uint8Array {
	if (typeof piece === "string") return encoder.encode(piece);
	if (piece instanceof ArrayBuffer) return new Uint8Array(piece.slice(0));
	if (ArrayBuffer.isView(piece)) return new Uint8Array(piece.buffer.slice(piece.byteOffset, piece.byteOffset + piece.byteLength));
	throw new Error("unsupported type for write");
}

function isAscii(text: string): boolean {
	for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
	return true;
}

export class Request {
	static readonly requestFragment = 0;
	static readonly status = 1;
	static readonly header = 2;
	static readonly headersComplete = 3;
	static readonly responseFragment = 4;
	static readonly responseComplete = 5;
	static readonly error = -2;

	callback: Callback | undefined;
	readonly #options: RequestOptions;
	readonly #secure: boolean;
	#state = State.Connecting;
	#connection: HttpConnection | undefined;
	/** Body bytes written that the far end has not taken yet. */
	#inFlight = 0;
	/** The head's bytes, until the far end takes anything (it takes the head first). */
	#headInFlight = 0;
	/** The far end's answer, held while the request is still being written. */
	#early: (() => void)[] = [];
	#pending = new Uint8Array(0);
	#total: number | undefined;
	#chunked = false;
	#buffers: Uint8Array[] | undefined;
	#doneTimer: object | undefined;

	constructor(options: RequestOptions) {
		if (options.socket) throw new Error("http stand-in: a Request over a server's socket is not stood in");
		const dictionary: RequestOptions = { port: 80, method: "GET", path: "/", ...options };
		if (!dictionary.host && !dictionary.address) throw new Error("http: no host or address");
		if (dictionary.Socket !== undefined && typeof dictionary.Socket !== "function") throw new TypeError("http: Socket is not a constructor");
		const headers = dictionary.headers ?? [];
		for (let i = 0; i < headers.length; i += 2) if (headers[i] == null || headers[i + 1] == null) throw new TypeError("http: a header name or value is missing");
		if (typeof dictionary.body === "string" && !isAscii(dictionary.body))
			throw new RangeError("http: a string body goes out with its UTF-16 length as content-length; send bytes");
		this.#options = dictionary;
		this.#secure = dictionary.Socket === SecureSocket;
		// As http.js: the socket is made now (a TLS session the host cannot open throws here).
		if (this.#secure) new SecureSocket(dictionary);
		standinHost().timeline.add(() => this.#connect(), 0);
	}

	read(type?: unknown, limit?: number): number | ArrayBuffer | string | undefined {
		if (this.#state === State.Closed) throw new Error("read on closed socket");
		const available = this.#pending.length;
		if (type === undefined) return available;
		if (available === 0) {
			if (this.#secure) return undefined;
			throw new Error("nothing to read");
		}
		let count = limit === undefined ? available : Math.min(Number(limit) | 0, available);
		if (type === Number) count = 1;
		const bytes = this.#pending.slice(0, count);
		this.#pending = this.#pending.slice(count);
		if (this.#total !== undefined && this.#total > 0) {
			this.#total -= count;
			if (this.#total === 0) this.#doneTimer = standinHost().timeline.add(() => this.#done(false), 0);
		}
		if (type === null) return count;
		if (type === Number) return bytes[0];
		if (type === String) return decoder.decode(bytes);
		if (type === ArrayBuffer) return bytes.buffer;
		throw new Error("unsupported output type");
	}

	close(): void {
		this.#connection?.close();
		this.#connection = undefined;
		this.callback = undefined;
		this.#buffers = undefined;
		this.#clearDoneTimer();
		this.#state = State.Closed;
	}

	#clearDoneTimer(): void {
		if (this.#doneTimer) standinHost().timeline.remove(this.#doneTimer);
		this.#doneTimer = undefined;
	}

	/** Whether the app closed the request (in a callback). */
	#isClosed(): boolean {
		return this.#state === State.Closed;
	}

	#call(message: number, value1?: unknown, value2?: unknown): unknown {
		if (this.#state === State.Closed || !this.callback) return undefined;
		return this.callback.call(this, message, value1, value2);
	}

	get #room(): number {
		return SEND_BUFFER_BYTES - (this.#secure ? TLS_OVERHEAD_BYTES : 0) - this.#headInFlight - this.#inFlight;
	}

	/** The head as http.js writes it. */
	#head(): [string, string][] {
		const options = this.#options;
		const lines: [string, string][] = [["Connection", "close"]];
		let length = false;
		let host: string | undefined = options.host ? options.host : options.address;
		const headers = options.headers ?? [];
		for (let i = 0; i < headers.length; i += 2) {
			const name = String((headers[i] as object).toString());
			lines.push([name, String((headers[i + 1] as object).toString())]);
			if (name.toLowerCase() === "content-length") length = true;
			else if (name.toLowerCase() === "host") host = undefined;
		}
		const body = options.body;
		if (body && body !== true && !length) lines.push(["content-length", String(body instanceof ArrayBuffer ? body.byteLength : (body as string).length)]);
		if (host) lines.push(["Host", host]);
		return lines;
	}

	#connect(): void {
		if (this.#state !== State.Connecting) return;
		const options = this.#options;
		const headers = this.#head();
		let headBytes = `${options.method} ${options.path} HTTP/1.1\r\n\r\n`.length;
		for (const [name, value] of headers) headBytes += name.length + value.length + 4;
		const answer: HttpAnswer = {
			status: (code) => this.#answer(() => this.#status(code)),
			header: (name, value) => this.#answer(() => this.#header(name, value)),
			headersComplete: () => this.#answer(() => this.#headersComplete()),
			body: (bytes) => this.#answer(() => this.#body(bytes)),
			closed: () => this.#answer(() => this.#ended()),
			failed: () => this.#done(true),
			sent: (count) => this.#sent(count),
		};
		this.#connection = hostPart("http", "http").connect(
			{ secure: this.#secure, host: String(options.host ?? options.address), port: Number(options.port), method: String(options.method), path: String(options.path), headers },
			answer,
		);
		this.#headInFlight = headBytes;
		this.#state = State.SendingBody;
		this.#writeBody();
	}

	/** The body after the head: whole, or piece by piece as the room allows. */
	#writeBody(): void {
		if (this.#state !== State.SendingBody || !this.#connection) return;
		const body = this.#options.body;
		if (body === true) {
			const piece = this.#call(Request.requestFragment, this.#room);
			if (this.#state !== State.SendingBody) return;
			if (piece !== undefined) return this.#send(bytesOf(piece));
		} else if (body) this.#send(bytesOf(body));
		this.#connection.end();
		this.#state = State.Status;
		const early = this.#early;
		this.#early = [];
		for (const event of early) event();
	}

	#send(bytes: Uint8Array): void {
		if (bytes.length > this.#room) throw new Error("can't write all data");
		this.#inFlight += bytes.length;
		this.#connection!.send(bytes);
	}

	/** What the far end took (of the body; the head went first): once it has everything written, the next piece goes (in a later turn). */
	#sent(count: number): void {
		this.#headInFlight = 0;
		this.#inFlight = Math.max(0, this.#inFlight - count);
		if (this.#inFlight === 0 && this.#state === State.SendingBody && this.#options.body === true) standinHost().timeline.add(() => this.#writeBody(), 0);
	}

	#answer(event: () => void): void {
		if (this.#state === State.Closed || this.#state === State.Done) return;
		if (this.#state < State.Status) this.#early.push(event);
		else event();
	}

	#status(code: number): void {
		if (this.#state !== State.Status) return;
		this.#state = State.Headers;
		this.#total = undefined;
		this.#chunked = false;
		this.#call(Request.status, code);
	}

	#header(name: string, value: string): void {
		if (this.#state !== State.Headers) return;
		const lower = name.trim().toLowerCase();
		const data = value.trim();
		this.#call(Request.header, lower, data);
		if (lower === "content-length") this.#total = parseInt(data);
		else if (lower === "transfer-encoding") {
			if (data.toLowerCase() === "chunked") this.#chunked = true;
			else if (data.toLowerCase() !== "identity") this.#done(false);
		}
	}

	#headersComplete(): void {
		if (this.#state !== State.Headers) return;
		this.#call(Request.headersComplete);
		if (this.#isClosed()) return;
		this.#state = State.Body;
		if (this.#options.response) this.#buffers = [];
		if (this.#total === 0) this.#done(false);
	}

	#body(bytes: Uint8Array): void {
		const piece = this.#secure ? TLS_PIECE_BYTES : TCP_PIECE_BYTES;
		for (let at = 0; at < bytes.length && this.#state === State.Body; at += piece) this.#take(bytes.subarray(at, at + piece));
	}

	/** One socket message's bytes in the body state, as http.js handles them. */
	#take(bytes: Uint8Array): void {
		const joined = new Uint8Array(this.#pending.length + bytes.length);
		joined.set(this.#pending);
		joined.set(bytes, this.#pending.length);
		this.#pending = joined;
		const response = this.#options.response;
		const available = this.#pending.length;
		if (this.#chunked) {
			if (response) this.#buffers!.push(new Uint8Array(this.#pending));
			else this.#call(Request.responseFragment, available);
			// Whatever the app left unread is skipped.
			if (this.#state === State.Body) this.#pending = new Uint8Array(0);
		} else if (this.#total !== undefined) {
			const count = Math.min(this.#total, available);
			if (response) {
				this.#buffers!.push(this.#pending.slice(0, count));
				this.#pending = this.#pending.slice(count);
				this.#total -= count;
				if (this.#total === 0) this.#done(false);
			} else this.#call(Request.responseFragment, count);
		} else if (response) {
			this.#buffers!.push(this.#pending);
			this.#pending = new Uint8Array(0);
		} else this.#call(Request.responseFragment, available);
	}

	/** The connection ended: complete when the body was whole (or had no length), an error otherwise. */
	#ended(): void {
		const whole = this.#state === State.Body && (this.#total === 0 || (this.#total === undefined && !this.#chunked) || this.#chunked);
		this.#done(!whole);
	}

	#done(error: boolean): void {
		if (this.#state === State.Done || this.#state === State.Closed) return;
		this.#state = State.Done;
		this.#clearDoneTimer();
		let data: unknown;
		const response = this.#options.response;
		if (response && !error && this.#buffers) {
			let length = 0;
			for (const buffer of this.#buffers) length += buffer.length;
			const whole = new Uint8Array(length);
			let at = 0;
			for (const buffer of this.#buffers) {
				whole.set(buffer, at);
				at += buffer.length;
			}
			data = response === String ? decoder.decode(whole) : whole.buffer;
		}
		const callback = this.callback;
		try {
			if (callback) callback.call(this, error ? Request.error : Request.responseComplete, data);
		} finally {
			this.close();
		}
	}
}
// Typed as the SDK's API as the project declares it (typings/http.d.ts).
Request satisfies new (options: ConstructorParameters<typeof SdkRequest>[0]) => unknown;
