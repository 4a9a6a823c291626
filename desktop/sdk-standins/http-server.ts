/*
 * Stand-in for the "http" module's Server (the Wi-Fi setup page's server), on the socket
 * stand-in (socket.ts: the ESP32's 5744-byte send buffer, over the host's network). It behaves as the SDK's
 * server does ($(MODULES)/network/http/http.js), as far as an app can tell:
 *   - callbacks with the request as `this`: 1 connection, 2 status (path, method), 3 header
 *     (lower-case name, trimmed value), 4 headers complete (String, ArrayBuffer, or false to
 *     read and drop the body), 6 request complete (the body), 8 prepare response, 9 response
 *     fragment (the room in the send buffer), 10 response complete, -1 error;
 *   - a request line that is not `METHOD path HTTP/1.x`, or a chunked body, ends the
 *     connection with -1; Content-Length is parseInt'ed;
 *   - every answer says `connection: close` and closes; a fixed body must fit the send
 *     buffer in one write ("can't write all data" otherwise, which ends the connection), a
 *     `body: true` answer is written a fragment per turn, never more than the room given;
 *   - detach(request), from the status callback, hands the socket over.
 * Stricter than the SDK where it would send wrong bytes without a word: a string body or
 * header that is not ASCII throws (the SDK writes UTF-8 but counts UTF-16 units).
 */
import type { StandinTcpSocket } from "./socket.ts";
import { listen, MESSAGE_DISCONNECT, MESSAGE_RECEIVED, MESSAGE_SENT } from "./socket.ts";

type Callback = (this: object, message: number, value?: unknown, etc?: unknown) => unknown;

interface Response {
	status?: number;
	reason?: string;
	headers?: unknown[];
	body?: string | ArrayBuffer | true;
}

const REASONS: Readonly<Record<number, string>> = Object.freeze({ 200: "OK", 302: "Found", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed", 409: "Conflict", 413: "Payload Too Large", 500: "Internal Server Error" });
const encoder = new TextEncoder();

function ascii(text: string, what: string): string {
	for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7e) throw new Error(`http: ${what} is not ASCII (the SDK counts UTF-16 units and writes UTF-8)`);
	return text;
}

/** One connection: the request's state and the answer being written. */
class Connection {
	readonly request: Record<string, unknown> = {};
	readonly #server: Server;
	#socket: StandinTcpSocket | undefined;
	#buffer = new Uint8Array(0);
	#state: "line" | "headers" | "body" | "answer" | "streaming" | "written" | "done" = "line";
	#total: number | undefined;
	#bodyType: unknown;
	#body: Uint8Array[] = [];
	#received = 0;
	#pending: (string | ArrayBuffer)[] = [];
	#first = true;
	#streaming = false;

	constructor(server: Server, socket: StandinTcpSocket) {
		this.#server = server;
		this.#socket = socket;
		socket.callback = (message, value) => this.#safely(() => this.#onSocket(message, value ?? 0));
		this.#call(Server.connection);
	}

	detach(): StandinTcpSocket {
		const socket = this.#socket;
		if (!socket || this.#state !== "headers") throw new Error("http: detach only from the status callback");
		this.#socket = undefined;
		socket.callback = undefined;
		this.#state = "done";
		// What is left of this request stays in the socket for its new owner.
		socket.unread(this.#buffer);
		return socket;
	}

	close(): void {
		this.#state = "done";
		this.#socket?.close();
		this.#socket = undefined;
		this.#server.forget(this);
	}

	#call(message: number, value?: unknown, etc?: unknown): unknown {
		const callback = this.#server.callback;
		return callback ? callback.call(this.request, message, value, etc) : undefined;
	}

	#safely(work: () => void): void {
		try {
			work();
		} catch {
			if (this.#state !== "done") {
				try {
					this.#call(Server.error);
				} finally {
					this.close();
				}
			}
		}
	}

	#onSocket(message: number, value: number): void {
		const socket = this.#socket;
		if (!socket) return;
		if (message === MESSAGE_DISCONNECT) {
			// A streamed answer is complete once its last fragment went and the peer closed (as the SDK).
			this.#call(this.#state === "written" ? Server.responseComplete : Server.error);
			return this.close();
		}
		if (message === MESSAGE_RECEIVED) {
			const more = new Uint8Array(socket.read(ArrayBuffer, value) as ArrayBuffer);
			const joined = new Uint8Array(this.#buffer.length + more.length);
			joined.set(this.#buffer);
			joined.set(more, this.#buffer.length);
			this.#buffer = joined;
			this.#parse();
		} else if (message === MESSAGE_SENT) this.#write();
	}

	#line(): string | undefined {
		const end = this.#buffer.indexOf(0x0a);
		if (end < 0) return undefined;
		const line = new TextDecoder().decode(this.#buffer.subarray(0, end + 1));
		this.#buffer = this.#buffer.slice(end + 1);
		return line;
	}

	#parse(): void {
		while (this.#state === "line" || this.#state === "headers") {
			const line = this.#line();
			if (line === undefined) return;
			if (this.#state === "line") this.#requestLine(line);
			else if (line === "\r\n") this.#headersComplete();
			else this.#header(line);
			if (!this.#socket) return;
		}
		if (this.#state === "body") this.#takeBody();
	}

	#requestLine(line: string): void {
		const parts = line.split(" ");
		if (parts.length < 3) throw new Error("unexpected status format");
		const protocol = parts[parts.length - 1]!.trim();
		if (protocol !== "HTTP/1.1" && protocol !== "HTTP/1.0") throw new Error("bad protocol ID");
		const method = parts.shift()!;
		parts.length -= 1;
		this.#state = "headers";
		this.#call(Server.status, parts.join(" "), method);
	}

	#header(line: string): void {
		const colon = line.indexOf(":");
		const name = line.substring(0, colon).trim().toLowerCase();
		const data = line.substring(colon + 1).trim();
		if (name === "content-length") {
			const length = parseInt(data);
			if (length) this.#total = length;
		}
		if (name === "transfer-encoding" && data.toLowerCase() === "chunked") throw new Error("chunked request body not implemented");
		this.#call(Server.header, name, data);
	}

	#headersComplete(): void {
		const type = this.#call(Server.headersComplete);
		if (this.#total === undefined) return this.#answer();
		if (type === true) throw new Error("the http Server stand-in takes String, ArrayBuffer or false bodies (the app reads none itself)");
		this.#bodyType = type;
		this.#state = "body";
	}

	#takeBody(): void {
		const take = Math.min(this.#buffer.length, this.#total! - this.#received);
		if (this.#bodyType !== false) this.#body.push(this.#buffer.slice(0, take));
		this.#buffer = this.#buffer.slice(take);
		this.#received += take;
		if (this.#received < this.#total!) return;
		let data: unknown;
		if (this.#bodyType === String || this.#bodyType === ArrayBuffer) {
			const whole = new Uint8Array(this.#received);
			let at = 0;
			for (const piece of this.#body) {
				whole.set(piece, at);
				at += piece.length;
			}
			data = this.#bodyType === String ? new TextDecoder().decode(whole) : whole.buffer;
		}
		this.#body = [];
		this.#call(Server.requestComplete, data);
		this.#answer();
	}

	/** Prepare response: the status line and headers now, the body as the send buffer takes it. */
	#answer(): void {
		this.#state = "answer";
		const response = this.#call(Server.prepareResponse) as Response | undefined;
		const status = response?.status ?? 200;
		const head = [`HTTP/1.1 ${status} ${response?.reason ?? REASONS[status] ?? "OK"}\r\n`, "connection: close\r\n"];
		let length: number | undefined;
		const headers = response?.headers ?? [];
		for (let i = 0; i + 1 < headers.length; i += 2) {
			head.push(`${ascii(String(headers[i]), "a header name")}: ${ascii(String(headers[i + 1]), "a header value")}\r\n`);
			if (String(headers[i]).toLowerCase() === "content-length") length = parseInt(String(headers[i + 1]));
		}
		const body = response?.body;
		if (body === true) {
			this.#streaming = true;
			if (length === undefined) throw new Error("the http Server stand-in streams with a Content-Length only (the app never sends chunked)");
		} else {
			const count = body === undefined ? 0 : typeof body === "string" ? ascii(body, "a string body").length : body.byteLength;
			head.push(`content-length: ${count}\r\n`);
			if (count) this.#pending.push(body as string | ArrayBuffer);
		}
		head.push("\r\n");
		this.#socket!.write(head.join(""));
		this.#state = "streaming";
		this.#write();
	}

	/** Each turn the socket has room: the fixed body whole, or the next fragment; then complete. */
	#write(): void {
		const socket = this.#socket;
		if (!socket || (this.#state !== "streaming" && this.#state !== "written")) return;
		const room = socket.write() as number;
		if (this.#streaming) {
			const piece = this.#call(Server.responseFragment, room) as string | ArrayBuffer | undefined;
			const size = piece === undefined ? 0 : typeof piece === "string" ? ascii(piece, "a body fragment").length : piece.byteLength;
			if (size > 0) socket.write(piece!);
			else if (!this.#first) {
				// Nothing more to write: lwIP sends no further "sent" message, so the peer's close completes it.
				this.#streaming = false;
				this.#state = "written";
			}
			this.#first = false;
			return;
		}
		const piece = this.#pending.shift();
		if (piece !== undefined) {
			const size = typeof piece === "string" ? encoder.encode(piece).length : piece.byteLength;
			if (size > room) {
				this.#pending.unshift(piece);
				if (!this.#first) socket.write(piece); // the SDK writes it anyway: "can't write all data"
				this.#first = false;
				return;
			}
			socket.write(piece);
			this.#first = false;
			return;
		}
		this.#state = "done";
		try {
			this.#call(Server.responseComplete);
		} finally {
			this.close();
		}
	}
}

export class Server {
	static readonly connection = 1;
	static readonly status = 2;
	static readonly header = 3;
	static readonly headersComplete = 4;
	static readonly requestFragment = 5;
	static readonly requestComplete = 6;
	static readonly prepareResponse = 8;
	static readonly responseFragment = 9;
	static readonly responseComplete = 10;
	static readonly error = -1;
	callback: Callback | undefined;
	readonly #listener: { close(): void };
	readonly #connections = new Map<object, Connection>();

	constructor(options: { port?: number } = {}) {
		this.#listener = listen(options.port ?? 80, (socket) => {
			const connection = new Connection(this, socket);
			this.#connections.set(connection.request, connection);
		});
	}

	detach(request: object): StandinTcpSocket {
		const connection = this.#connections.get(request);
		if (!connection) throw new Error("http: no such connection");
		this.#connections.delete(request);
		return connection.detach();
	}

	close(connections = true): void {
		if (connections) for (const connection of [...this.#connections.values()]) connection.close();
		this.#listener.close();
	}

	forget(connection: Connection): void {
		this.#connections.delete(connection.request);
	}
}
