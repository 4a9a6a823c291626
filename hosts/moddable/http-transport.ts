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
import { bufferOf, utf8Decode, utf8Encode } from "host/bytes";
import { parseHttpUrl } from "host/url";

/** The client's callback codes, as the runtime sends them (modules/network/http/http.js). */
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
			const target = parsed.target;

			const body = utf8Encode(request.body);
			// Only a frozen list can be kept: a caller may change its own array between requests.
			let flat: string[] | string;
			if (this.#lastHeaders?.pairs === request.headers) flat = this.#lastHeaders.flat;
			else {
				flat = flatHeaders(request.headers);
				this.#lastHeaders = Object.isFrozen(request.headers) ? { pairs: request.headers, flat } : undefined;
			}
			if (typeof flat === "string") return resolve(failure("bad-url", flat));
			// A streamed body (true) gets no Content-Length from the client: send the byte count.
			const headers = body.length > 0 ? flat.concat("Content-Length", String(body.length)) : flat.slice();
			const options: RequestOptions = {
				host: target.host,
				port: target.port,
				path: target.path,
				method: request.method,
				headers,
			};
			if (body.length > 0) options.body = true;
			let bodySent = 0;
			if (target.secure) {
				options.Socket = SecureSocket;
				options.secure = this.#trustedCertificate
					? { protocolVersion: TLS_1_2, certificate: this.#trustedCertificate }
					: { protocolVersion: TLS_1_2 };
			}

			const maxBodyBytes = request.maxBodyBytes;
			const chunks: Uint8Array[] = [];
			let received = 0;
			let status = 0;
			let settled = false;
			let client: Request | undefined;
			let timer: TimerId | undefined;

			const finish = (result: HttpResult): void => {
				if (settled) return;
				settled = true;
				if (timer !== undefined) Timer.clear(timer);
				try {
					client?.close();
				} catch {
					// Already closed by the client itself (it closes after 5 and -2).
				}
				client = undefined;
				chunks.length = 0;
				resolve(result);
			};

			const tooLarge = (bytes: number): HttpResult =>
				failure("too-large", `answer body of ${bytes} bytes is over the ${maxBodyBytes}-byte limit`);

			try {
				client = new Request(options);
			} catch (error) {
				// The TLS session or the socket refused the options (bad certificate, no network).
				return finish(failure(target.secure ? "tls" : "connect", `cannot open ${target.host}:${target.port}: ${(error as Error).message}`));
			}
			timer = Timer.set(() => {
				timer = undefined;
				finish(failure("timeout", `no complete answer from ${target.host} within ${request.timeoutMs} ms`));
			}, Math.max(0, request.timeoutMs));

			client.callback = function (message, value1, value2) {
				if (settled) return;
				try {
					switch (message) {
						case HttpMessage.requestFragment: {
							// value1: bytes the socket can take now. undefined ends the body.
							if (bodySent >= body.length) return undefined;
							const room = Math.max(0, Math.min(value1 as number, MAX_BODY_PIECE));
							const piece = bufferOf(body.subarray(bodySent, bodySent + room));
							bodySent += piece.byteLength;
							return piece;
						}
						case HttpMessage.status:
							status = value1 as number;
							break;
						case HttpMessage.header:
							if (value1 === "content-length") {
								const announced = Number(value2);
								if (announced > maxBodyBytes) finish(tooLarge(announced));
							}
							break;
						case HttpMessage.headersComplete:
							break;
						case HttpMessage.responseFragment: {
							const fragment = new Uint8Array(this.read(ArrayBuffer, value1 as number));
							received += fragment.length;
							if (received > maxBodyBytes) finish(tooLarge(received));
							else chunks.push(fragment);
							break;
						}
						case HttpMessage.responseComplete: {
							const whole = new Uint8Array(received);
							let at = 0;
							for (const chunk of chunks) {
								whole.set(chunk, at);
								at += chunk.length;
							}
							finish({ ok: true, status, body: utf8Decode(whole) });
							break;
						}
						case HttpMessage.error:
							finish(
								status
									? failure("truncated", `connection closed after HTTP ${status} and ${received} body bytes`)
									: failure("connect", `no HTTP answer from ${target.host}:${target.port} (TCP, DNS or TLS failure)`),
							);
							break;
					}
				} catch (error) {
					finish(failure("io", (error as Error).message));
				}
			};
		});
	}
}
