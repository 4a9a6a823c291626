/*
 * Fake of Moddable's "http" Request with the device runtime's contract
 * ($(MODULES)/network/http/http.js): options checked as the client reads them, callback
 * codes 0 requestFragment, 1 status, 2 header (lower-case name), 3 headersComplete,
 * 4 responseFragment (count; the app reads with read()), 5 responseComplete, -2 error;
 * the client closes itself after 5 and -2, and a closed request calls back no more.
 * Tests script the server side through `FakeRequest.emit…`.
 */

export type Message = -2 | 0 | 1 | 2 | 3 | 4 | 5;

export interface FakeRequestOptions {
	host?: string;
	address?: string;
	port?: number;
	path?: string;
	method?: string;
	headers?: unknown[];
	body?: unknown;
	response?: unknown;
	Socket?: unknown;
	secure?: Record<string, unknown>;
}

export const requests: FakeRequest[] = [];
/** When set, the next constructor throws this (as SecureSocket does on a bad certificate). */
export const failNextConstruction: { error: Error | undefined } = { error: undefined };

export class FakeRequest {
	static readonly requestFragment = 0;
	static readonly status = 1;
	static readonly header = 2;
	static readonly headersComplete = 3;
	static readonly responseFragment = 4;
	static readonly responseComplete = 5;
	static readonly error = -2;

	readonly options: FakeRequestOptions;
	callback: ((this: FakeRequest, message: Message, value1?: unknown, value2?: unknown) => unknown) | undefined;
	closed = false;
	closeCalls = 0;
	#pending: Uint8Array = new Uint8Array(0);

	constructor(options: FakeRequestOptions) {
		if (failNextConstruction.error) {
			const error = failNextConstruction.error;
			failNextConstruction.error = undefined;
			throw error;
		}
		if (!options.host && !options.address) throw new Error("http: no host or address");
		if (options.headers !== undefined) {
			if (!Array.isArray(options.headers) || options.headers.length % 2) throw new TypeError("http: headers must be a flat name/value array");
			for (const item of options.headers) if (typeof item !== "string") throw new TypeError("http: header names and values must be strings");
		}
		if (options.body !== undefined && options.body !== true && typeof options.body !== "string" && !(options.body instanceof ArrayBuffer))
			throw new TypeError("http: body must be a string, an ArrayBuffer or true");
		if (typeof options.body === "string" && [...options.body].some((character) => character.charCodeAt(0) > 0x7f))
			throw new RangeError("http: a string body goes out with its UTF-16 length as content-length; send bytes");
		if (options.Socket !== undefined && typeof options.Socket !== "function") throw new TypeError("http: Socket must be a class");
		this.options = { port: 80, method: "GET", path: "/", ...options };
		requests.push(this);
	}

	/** Bytes available with no type; otherwise up to `limit` of them. */
	read(type?: unknown, limit?: number): number | ArrayBuffer | string {
		if (this.closed) throw new Error("http: read after close");
		if (type === undefined) return this.#pending.length;
		const count = limit === undefined ? this.#pending.length : Math.min(limit, this.#pending.length);
		const out = this.#pending.slice(0, count);
		this.#pending = this.#pending.slice(count);
		if (type === ArrayBuffer) return out.buffer;
		if (type === String) return Buffer.from(out).toString("utf8");
		throw new TypeError("http: read type must be String or ArrayBuffer");
	}

	close(): void {
		this.closeCalls++;
		this.closed = true;
		this.callback = undefined;
	}

	#call(message: Message, value1?: unknown, value2?: unknown): void {
		if (this.closed || !this.callback) return;
		this.callback.call(this, message, value1, value2);
	}

	/**
	 * The client asking for a streamed body (body: true) while the socket can take `room`
	 * bytes at a time, until the app returns undefined. A piece larger than the room fails
	 * as the socket's write does ("can't write all data").
	 */
	sendBody(room: number): Uint8Array {
		if (this.options.body !== true) throw new Error("http fake: the body was not streamed");
		const pieces: Uint8Array[] = [];
		for (let calls = 0; ; calls++) {
			if (calls > 10000) throw new Error("http fake: body never ended");
			if (this.closed || !this.callback) break;
			const piece = this.callback.call(this, 0, room);
			if (piece === undefined) break;
			const bytes = typeof piece === "string" ? new Uint8Array(Buffer.from(piece, "latin1")) : piece instanceof ArrayBuffer ? new Uint8Array(piece) : undefined;
			if (!bytes) throw new TypeError("http fake: a body piece must be a string or an ArrayBuffer");
			if (bytes.length > room) throw new Error("can't write all data");
			pieces.push(bytes);
		}
		return new Uint8Array(Buffer.concat(pieces));
	}

	emitStatus(status: number): void {
		this.#call(1, status);
	}

	emitHeader(name: string, value: string): void {
		this.#call(2, name.toLowerCase(), value);
	}

	emitHeadersComplete(): void {
		this.#call(3);
	}

	/** Delivers body bytes as callback 4; whatever the app leaves unread is skipped, as the client does. */
	emitFragment(bytes: Uint8Array): void {
		if (this.closed) return;
		this.#pending = bytes;
		this.#call(4, bytes.length);
		if (!this.closed) this.#pending = new Uint8Array(0);
	}

	emitComplete(): void {
		this.#call(5);
		if (!this.closed) this.close();
	}

	emitError(): void {
		this.#call(-2);
		if (!this.closed) this.close();
	}

	/** A whole answer: status, headers, body in fragments of `fragmentSize` bytes, completion. */
	respond(status: number, body: string | Uint8Array, fragmentSize = 64, headers: [string, string][] = []): void {
		const bytes = typeof body === "string" ? new Uint8Array(Buffer.from(body, "utf8")) : body;
		this.emitStatus(status);
		this.emitHeader("Content-Length", String(bytes.length));
		for (const [name, value] of headers) this.emitHeader(name, value);
		this.emitHeadersComplete();
		for (let at = 0; at < bytes.length; at += fragmentSize) this.emitFragment(bytes.slice(at, at + fragmentSize));
		this.emitComplete();
	}
}

export function resetHttp(): void {
	requests.length = 0;
	failNextConstruction.error = undefined;
}

export { FakeRequest as Request };
