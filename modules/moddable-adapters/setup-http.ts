/*
 * The setup page's HTTP server on the SDK's `http` Server ($(MODULES)/network/http/http.js),
 * with what its code asks of an app:
 *   - it writes a string with its C length and counts the content length in UTF-16 units, so
 *     every string it gets is ASCII (the routes \u-escape their JSON); the page goes as bytes;
 *   - a fixed body must fit the socket's send buffer in one write (5744 bytes on the ESP32,
 *     1024 on the simulator; more throws "can't write all data" and drops the connection), so
 *     every body is streamed: `body: true` with a Content-Length, a piece as large as the
 *     buffer takes at each responseFragment;
 *   - it asks for the answer in the turn the request completes, so POST /submit, whose answer
 *     waits for a join, is taken off it right after the request line (detach, the only point
 *     its code allows it) and finished on the socket here (wifi-setup/request-tail);
 *   - a body it is told to ignore (headersComplete returns false) is read and dropped, so a
 *     body over 1 KB costs no memory before its 400.
 */
import { Server, type ServerRequest, type ServerResponse, type ServerSocket } from "http";
import { MAX_BODY_BYTES } from "wifi-setup/credentials";
import type { SetupHandler, SetupRequest, SetupResponse } from "wifi-setup/interfaces";
import { RequestTail } from "wifi-setup/request-tail";

/** One request on the server: what the callbacks learn, then the answer being sent. */
interface Exchange {
	method: string;
	target: string;
	contentType: string;
	tooLarge: boolean;
	body: Uint8Array;
	response: SetupResponse | undefined;
	sent: number;
}

const EMPTY = Object.freeze(new Uint8Array(0));
const REASONS: Readonly<Record<number, string>> = Object.freeze({
	200: "OK",
	302: "Found",
	400: "Bad Request",
	405: "Method Not Allowed",
	409: "Conflict",
	413: "Payload Too Large",
	431: "Request Header Fields Too Large",
	500: "Internal Server Error",
});

function bodyLength(response: SetupResponse): number {
	return typeof response.body === "string" ? response.body.length : response.body.byteLength;
}

/** The next piece of the body that fits `room` bytes, or undefined once all was sent. */
function nextPiece(exchange: Exchange, room: number): string | ArrayBuffer | undefined {
	const response = exchange.response!;
	const end = Math.min(bodyLength(response), exchange.sent + room);
	if (end <= exchange.sent) return undefined;
	const piece = typeof response.body === "string" ? response.body.slice(exchange.sent, end) : response.body.slice(exchange.sent, end);
	exchange.sent = end;
	return piece;
}

function requestOf(exchange: Exchange): SetupRequest {
	return { method: exchange.method, target: exchange.target, contentType: exchange.contentType, body: exchange.body };
}

function refusal(status: number, error: string): SetupResponse {
	return { status, headers: ["content-type", "application/json"], body: JSON.stringify({ success: false, error }) };
}

export class SetupHttpServer {
	readonly #server: Server;
	readonly #handler: SetupHandler;
	readonly #waiting = new Set<WaitingExchange>();

	constructor(port: number, handler: SetupHandler) {
		this.#handler = handler;
		const server = new Server({ port });
		this.#server = server;
		// The SDK calls back with the request as `this`; the exchange rides on it.
		const onMessage = (request: ServerRequest, message: number, value: unknown, etc: unknown): unknown => this.#onMessage(request, message, value, etc);
		server.callback = function (this: ServerRequest, message, value, etc) {
			return onMessage(this, message, value, etc);
		};
	}

	close(): void {
		for (const waiting of this.#waiting) waiting.close();
		this.#waiting.clear();
		this.#server.close();
	}

	#onMessage(request: ServerRequest, message: number, value: unknown, etc: unknown): unknown {
		const exchange = request.exchange as Exchange | undefined;
		switch (message) {
			case Server.status: {
				const fresh: Exchange = { method: String(etc), target: String(value), contentType: "", tooLarge: false, body: EMPTY, response: undefined, sent: 0 };
				if (this.#handler.waitsForRadio(fresh.method, fresh.target)) {
					const waiting = new WaitingExchange(this.#server.detach(request), fresh, this.#handler, () => this.#waiting.delete(waiting));
					this.#waiting.add(waiting);
				} else request.exchange = fresh;
				return undefined;
			}
			case Server.header:
				if (exchange && value === "content-type") exchange.contentType = String(etc);
				if (exchange && value === "content-length" && Number(etc) > MAX_BODY_BYTES) exchange.tooLarge = true;
				return undefined;
			case Server.headersComplete:
				return exchange?.tooLarge ? false : ArrayBuffer;
			case Server.requestComplete:
				if (exchange && value instanceof ArrayBuffer) exchange.body = new Uint8Array(value);
				return undefined;
			case Server.prepareResponse:
				return exchange ? this.#prepare(exchange) : { status: 500 };
			case Server.responseFragment:
				return exchange ? nextPiece(exchange, value as number) : undefined;
			case Server.responseComplete:
			case Server.error:
				// A peer that closes as the last bytes are acknowledged can turn the end into an error;
				// the whole body was handed over all the same.
				if (exchange?.response && exchange.sent >= bodyLength(exchange.response)) this.#handler.sent(requestOf(exchange));
				request.exchange = undefined;
				return undefined;
			default:
				return undefined;
		}
	}

	#prepare(exchange: Exchange): ServerResponse {
		let response: SetupResponse;
		if (exchange.tooLarge) response = refusal(400, `Payload too large (more than ${MAX_BODY_BYTES} bytes)`);
		else {
			const answer = this.#handler.handle(requestOf(exchange));
			response = answer instanceof Promise ? refusal(500, "this request's answer waits for the radio but was not detached") : answer;
		}
		exchange.response = response;
		return { status: response.status, reason: REASONS[response.status], headers: [...response.headers, "content-length", String(bodyLength(response))], body: true };
	}
}

/**
 * A request taken off the server after its request line: the headers and body read here,
 * the answer awaited, then written on the socket as the send buffer takes it, and the
 * socket closed once the last piece went out.
 */
class WaitingExchange {
	readonly #socket: ServerSocket;
	readonly #exchange: Exchange;
	readonly #handler: SetupHandler;
	readonly #forget: () => void;
	readonly #tail = new RequestTail();
	#out: (string | ArrayBuffer)[] = [];
	#answered = false;
	#closed = false;

	constructor(socket: ServerSocket, exchange: Exchange, handler: SetupHandler, forget: () => void) {
		this.#socket = socket;
		this.#exchange = exchange;
		this.#handler = handler;
		this.#forget = forget;
		socket.callback = (message, value) => this.#onSocket(message, value ?? 0);
		// The rest of this request may already be here: the simulator keeps it only during this turn.
		this.#read(socket.read());
	}

	close(): void {
		if (this.#closed) return;
		this.#closed = true;
		this.#forget();
		try {
			this.#socket.close();
		} catch {
			// Already closed by the peer.
		}
	}

	#onSocket(message: number, value: number): void {
		if (message === 2) this.#read(value);
		else if (message === 3) this.#write();
		else if (message < 0) this.close();
	}

	#read(count: number): void {
		if (count <= 0 || this.#closed) return;
		const state = this.#tail.push(new Uint8Array(this.#socket.read(ArrayBuffer, count)));
		if (!state.done || this.#answered) return;
		this.#answered = true;
		if ("refused" in state) return this.#respond(refusal(state.refused, state.message));
		this.#exchange.contentType = state.contentType;
		this.#exchange.body = state.body;
		Promise.resolve(this.#handler.handle(requestOf(this.#exchange))).then(
			(response) => this.#respond(response),
			(error: unknown) => this.#respond(refusal(500, (error as Error).message)),
		);
	}

	#respond(response: SetupResponse): void {
		if (this.#closed) return;
		const exchange = this.#exchange;
		exchange.response = response;
		let head = `HTTP/1.1 ${response.status} ${REASONS[response.status] ?? "OK"}\r\nconnection: close\r\n`;
		for (let i = 0; i + 1 < response.headers.length; i += 2) head += `${response.headers[i]}: ${response.headers[i + 1]}\r\n`;
		head += `content-length: ${bodyLength(response)}\r\n\r\n`;
		this.#out = [head];
		for (let piece = nextPiece(exchange, 512); piece !== undefined; piece = nextPiece(exchange, 512)) this.#out.push(piece);
		this.#write();
	}

	/** Writes what fits; after the last piece, the next writable turn (all sent) closes. */
	#write(): void {
		if (this.#closed || !this.#answered || this.#exchange.response === undefined) return;
		if (this.#out.length === 0) {
			this.#handler.sent(requestOf(this.#exchange));
			return this.close();
		}
		let room = this.#socket.write();
		while (this.#out.length > 0) {
			const piece = this.#out[0]!;
			const size = typeof piece === "string" ? piece.length : piece.byteLength;
			if (size > room) break;
			this.#socket.write(piece);
			room -= size;
			this.#out.shift();
		}
	}
}

Object.freeze(SetupHttpServer.prototype);
Object.freeze(WaitingExchange.prototype);
