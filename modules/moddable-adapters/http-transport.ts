/*
 * HttpTransport on Moddable's HTTP client (`http` Request) and its TLS socket
 * (`securesocket`). It never rejects: every way a request can fail resolves to
 * {ok: false, failure, detail}. The body goes out as UTF-8 bytes, streamed through callback 0
 * in pieces no larger than the socket can take (the client writes a fixed body in one call,
 * which over TLS fails with "can't write all data" for a report of ~1.2 KB); the answer is
 * streamed in and refused once it passes maxBodyBytes; a timer ends a request that has not
 * completed in time.
 *
 * TLS: the server chain must lead to a CA in the firmware's resources (the Moddable CA
 * store files ca.ski + caN.der that the manifest ships), or to the one extra certificate
 * given here (a self-hosted server's own CA, as DER). See hosts/esp32s3/README.md.
 */
import { Request, type RequestOptions } from "http";
import SecureSocket from "securesocket";
import Timer, { type TimerId } from "timer";
import type { HttpRequest, HttpResult, HttpTransport, TransportFailureKind } from "activation/interfaces";
import { bufferOf, joinBytes, utf8Decode, utf8Encode } from "moddable-adapters/bytes";
import { parseHttpUrl, type HttpTarget } from "moddable-adapters/url";

/** The client's callback codes, as the runtime sends them ($(MODULES)/network/http/http.js). */
export const HttpMessage = Object.freeze({
	requestFragment: 0,
	status: 1,
	header: 2,
	headersComplete: 3,
	responseFragment: 4,
	responseComplete: 5,
	error: -2,
} as const);

const TLS_1_2 = 0x303;
/** Largest body piece handed to the socket at once (bounds the copy). */
const MAX_BODY_PIECE = 1024;

export interface ModdableHttpOptions {
	/** DER of one more trusted CA, e.g. `new Resource("my-ca.der")`. */
	readonly trustedCertificate?: ArrayBuffer | HostBuffer;
}

function failure(kind: TransportFailureKind, detail: string): HttpResult {
	return { ok: false, failure: kind, detail };
}

function isAsciiHeaderText(text: string): boolean {
	return /^[\x20-\x7e]*$/.test(text);
}

/** The header pairs as the client takes them (name, value, …), or why they cannot be sent. */
function flatHeaders(pairs: HttpRequest["headers"]): string[] | string {
	const headers: string[] = [];
	for (const [name, value] of pairs) {
		if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) || !isAsciiHeaderText(value)) return `header ${JSON.stringify(name)} cannot be sent as HTTP/1.1 ASCII`;
		if (name.toLowerCase() === "content-length") continue; // ours is the byte count
		headers.push(name, value);
	}
	return headers;
}

/** One request on the wire: its body going out, its answer coming in, its timer; settles once. */
class HttpExchange {
	readonly #request: HttpRequest;
	readonly #target: HttpTarget;
	readonly #body: Uint8Array;
	readonly #resolve: (result: HttpResult) => void;
	readonly #chunks: Uint8Array[] = [];
	#bodySent = 0;
	#received = 0;
	#status = 0;
	#settled = false;
	#client: Request | undefined;
	#timer: TimerId | undefined;

	constructor(request: HttpRequest, target: HttpTarget, body: Uint8Array, resolve: (result: HttpResult) => void) {
		this.#request = request;
		this.#target = target;
		this.#body = body;
		this.#resolve = resolve;
	}

	start(options: RequestOptions): void {
		const target = this.#target;
		try {
			this.#client = new Request(options);
		} catch (error) {
			// The TLS session or the socket refused the options (bad certificate, no network).
			this.#finish(failure(target.secure ? "tls" : "connect", `cannot open ${target.host}:${target.port}: ${(error as Error).message}`));
			return;
		}
		this.#timer = Timer.set(() => {
			this.#timer = undefined;
			this.#finish(failure("timeout", `no complete answer from ${target.host} within ${this.#request.timeoutMs} ms`));
		}, Math.max(0, this.#request.timeoutMs));
		const client = this.#client;
		client.callback = (message, value1, value2) => {
			if (this.#settled) return;
			try {
				return this.#onMessage(client, message, value1, value2);
			} catch (error) {
				this.#finish(failure("io", (error as Error).message));
			}
		};
	}

	#onMessage(client: Request, message: number, value1: unknown, value2: unknown): ArrayBuffer | undefined {
		switch (message) {
			case HttpMessage.requestFragment:
				return this.#nextBodyPiece(value1 as number);
			case HttpMessage.status:
				this.#status = value1 as number;
				break;
			case HttpMessage.header:
				if (value1 === "content-length") {
					const announced = Number(value2);
					if (announced > this.#request.maxBodyBytes) this.#finish(this.#tooLarge(announced));
				}
				break;
			case HttpMessage.responseFragment: {
				const fragment = new Uint8Array(client.read(ArrayBuffer, value1 as number));
				this.#received += fragment.length;
				if (this.#received > this.#request.maxBodyBytes) this.#finish(this.#tooLarge(this.#received));
				else this.#chunks.push(fragment);
				break;
			}
			case HttpMessage.responseComplete:
				this.#finish({ ok: true, status: this.#status, body: utf8Decode(joinBytes(this.#chunks, this.#received)) });
				break;
			case HttpMessage.error:
				this.#finish(
					this.#status
						? failure("truncated", `connection closed after HTTP ${this.#status} and ${this.#received} body bytes`)
						: failure("connect", `no HTTP answer from ${this.#target.host}:${this.#target.port} (TCP, DNS or TLS failure)`),
				);
				break;
		}
		return undefined;
	}

	/** `room`: bytes the socket can take now. undefined ends the body. */
	#nextBodyPiece(room: number): ArrayBuffer | undefined {
		if (this.#bodySent >= this.#body.length) return undefined;
		const size = Math.max(0, Math.min(room, MAX_BODY_PIECE));
		const piece = bufferOf(this.#body.subarray(this.#bodySent, this.#bodySent + size));
		this.#bodySent += piece.byteLength;
		return piece;
	}

	#tooLarge(bytes: number): HttpResult {
		return failure("too-large", `answer body of ${bytes} bytes is over the ${this.#request.maxBodyBytes}-byte limit`);
	}

	#finish(result: HttpResult): void {
		if (this.#settled) return;
		this.#settled = true;
		if (this.#timer !== undefined) Timer.clear(this.#timer);
		try {
			this.#client?.close();
		} catch {
			// Already closed by the client itself (it closes after 5 and -2).
		}
		this.#client = undefined;
		this.#chunks.length = 0;
		this.#resolve(result);
	}
}

export class ModdableHttpTransport implements HttpTransport {
	readonly #trustedCertificate: ArrayBuffer | HostBuffer | undefined;
	/**
	 * The last URL and header list, checked and converted: a poll sends the same ones every
	 * 3 s (the core hands out the same frozen header list), so it redoes no parsing.
	 */
	#lastUrl: { url: string; parsed: ReturnType<typeof parseHttpUrl> } | undefined;
	#lastHeaders: { pairs: HttpRequest["headers"]; flat: string[] | string } | undefined;

	constructor(options: ModdableHttpOptions = {}) {
		this.#trustedCertificate = options.trustedCertificate;
	}

	request(request: HttpRequest): Promise<HttpResult> {
		return new Promise<HttpResult>((resolve) => {
			if (this.#lastUrl?.url !== request.url) this.#lastUrl = { url: request.url, parsed: parseHttpUrl(request.url) };
			const parsed = this.#lastUrl.parsed;
			if (!parsed.ok) return resolve(failure("bad-url", parsed.problem));
			const flat = this.#flatHeaders(request.headers);
			if (typeof flat === "string") return resolve(failure("bad-url", flat));
			const body = utf8Encode(request.body);
			new HttpExchange(request, parsed.target, body, resolve).start(this.#options(request, parsed.target, flat, body.length));
		});
	}

	/** Only a frozen list can be kept: a caller may change its own array between requests. */
	#flatHeaders(pairs: HttpRequest["headers"]): string[] | string {
		if (this.#lastHeaders?.pairs === pairs) return this.#lastHeaders.flat;
		const flat = flatHeaders(pairs);
		this.#lastHeaders = Object.isFrozen(pairs) ? { pairs, flat } : undefined;
		return flat;
	}

	#options(request: HttpRequest, target: HttpTarget, flat: readonly string[], bodyBytes: number): RequestOptions {
		// A streamed body (true) gets no Content-Length from the client: send the byte count.
		const headers = bodyBytes > 0 ? flat.concat("Content-Length", String(bodyBytes)) : flat.slice();
		const options: RequestOptions = { host: target.host, port: target.port, path: target.path, method: request.method, headers };
		if (bodyBytes > 0) options.body = true;
		if (target.secure) {
			options.Socket = SecureSocket;
			options.secure = this.#trustedCertificate
				? { protocolVersion: TLS_1_2, certificate: this.#trustedCertificate }
				: { protocolVersion: TLS_1_2 };
		}
		return options;
	}
}
