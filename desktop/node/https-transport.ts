/*
 * HttpTransport on node:http/node:https, sending what the Wi-Fi firmware's HttpClient
 * sends: `Host` first (":port" only when not the default), the core's headers in the
 * order given, then `Content-Length` and `Connection: close`; one connection per request,
 * no redirects followed. It never rejects: every failure becomes a TransportFailureKind.
 */
import { request as httpRequest, type ClientRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import type { TLSSocket } from "node:tls";
import type {
	HttpRequest,
	HttpResult,
	HttpTransport,
	TransportFailureKind,
} from "../../modules/activation/interfaces.ts";

export interface NodeHttpTransportOptions {
	/** CA certificate(s) to trust, PEM. Without it, Node's bundled public roots are used. */
	readonly caPem?: string | readonly string[];
	/**
	 * The clock the device runs on. When it is virtual, a request whose answer took longer
	 * than timeoutMs of this clock (the emulator "held" it by advancing time) is a timeout,
	 * as it would have been on the device.
	 */
	readonly clock?: { now(): number };
	/** Aborting it ends every request in flight at once (failure "io", "stopped by the host"), so a stop never waits for the request timer. */
	readonly signal?: AbortSignal;
}

const TLS_ERROR_CODES = new Set([
	"ERR_TLS_CERT_ALTNAME_INVALID",
	"UNABLE_TO_VERIFY_LEAF_SIGNATURE",
	"UNABLE_TO_GET_ISSUER_CERT",
	"UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
	"SELF_SIGNED_CERT_IN_CHAIN",
	"DEPTH_ZERO_SELF_SIGNED_CERT",
	"CERT_HAS_EXPIRED",
	"CERT_NOT_YET_VALID",
	"CERT_UNTRUSTED",
	"CERT_REJECTED",
	"HOSTNAME_MISMATCH",
	"EPROTO",
]);

/** Maps a Node socket/TLS error to the core's failure kinds. */
export function classifyNodeError(error: unknown, phase: { secureConnected: boolean; https: boolean }): TransportFailureKind {
	const code = (error as NodeJS.ErrnoException | undefined)?.code ?? "";
	if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "EAI_NONAME" || code === "EAI_FAIL") return "dns";
	if (code === "ECONNREFUSED" || code === "EHOSTUNREACH" || code === "EADDRNOTAVAIL") return "connect";
	if (code === "ENETUNREACH" || code === "ENETDOWN") return "no-network";
	if (code === "ETIMEDOUT") return "timeout";
	if (TLS_ERROR_CODES.has(code) || code.startsWith("ERR_SSL_") || code.startsWith("ERR_TLS_")) return "tls";
	// A reset before the handshake finished is the server refusing our TLS, not a dropped answer.
	if (phase.https && !phase.secureConnected && (code === "ECONNRESET" || code === "EPIPE")) return "tls";
	return "io";
}

/** One line: OpenSSL's messages end in a newline and may hold several lines. */
function describe(error: unknown): string {
	const e = error as NodeJS.ErrnoException | undefined;
	const message = (e?.message ?? String(error)).trim().replace(/\s*\n\s*/g, " ");
	return e?.code && !message.includes(e.code) ? `${e.code}: ${message}` : message;
}

const STOPPED: HttpResult = Object.freeze({ ok: false, failure: "io", detail: "stopped by the host" });

export class NodeHttpTransport implements HttpTransport {
	readonly #ca: string[] | undefined;
	readonly #clock: { now(): number } | undefined;
	readonly #signal: AbortSignal | undefined;

	constructor(options: NodeHttpTransportOptions = {}) {
		this.#ca = options.caPem === undefined ? undefined : typeof options.caPem === "string" ? [options.caPem] : [...options.caPem];
		this.#clock = options.clock;
		this.#signal = options.signal;
	}

	request(request: HttpRequest): Promise<HttpResult> {
		return new Promise<HttpResult>((resolve) => {
			if (this.#signal?.aborted) {
				resolve(STOPPED);
				return;
			}
			try {
				this.#send(request, resolve);
			} catch (error) {
				resolve({ ok: false, failure: "io", detail: describe(error) });
			}
		});
	}

	#send(request: HttpRequest, resolve: (result: HttpResult) => void): void {
		let url: URL;
		try {
			url = new URL(request.url);
		} catch {
			resolve({ ok: false, failure: "bad-url", detail: `not a URL: ${request.url}` });
			return;
		}
		const https = url.protocol === "https:";
		if (!https && url.protocol !== "http:") {
			resolve({ ok: false, failure: "bad-url", detail: `unsupported scheme ${url.protocol}` });
			return;
		}
		if (!(request.timeoutMs > 0) || !(request.maxBodyBytes >= 0)) {
			resolve({ ok: false, failure: "bad-url", detail: "timeoutMs must be > 0 and maxBodyBytes >= 0" });
			return;
		}

		for (const [name, value] of request.headers) {
			// Refused here rather than by Node, which throws after it has already started connecting.
			if (/[\r\n\0]/.test(name) || /[\r\n\0]/.test(value)) {
				resolve({ ok: false, failure: "io", detail: `header ${JSON.stringify(name)} contains a line break or NUL` });
				return;
			}
		}
		const body = Buffer.from(request.body, "utf8");
		// Raw header list: Node writes it exactly as given, in this order, and adds nothing.
		const rawHeaders: string[] = ["Host", url.host];
		for (const [name, value] of request.headers) rawHeaders.push(name, value);
		if (body.length > 0 || request.method === "POST") rawHeaders.push("Content-Length", String(body.length));
		rawHeaders.push("Connection", "close");

		const hostname = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
		const options = {
			method: request.method,
			host: hostname,
			port: url.port === "" ? (https ? 443 : 80) : Number(url.port),
			path: `${url.pathname}${url.search}`,
			headers: rawHeaders as unknown as Record<string, string>,
			agent: false as const,
			...(https ? { ca: this.#ca, rejectUnauthorized: true } : {}),
		};
		const startedAt = this.#clock?.now();
		const phase = { https, secureConnected: false };
		let settled = false;
		let client: ClientRequest | undefined = undefined;
		// Still throws at once on a header Node refuses for another reason; request() turns that into "io".
		client = https
			? httpsRequest(options, (response) => this.#receive(request, response, startedAt, finish))
			: httpRequest(options, (response) => this.#receive(request, response, startedAt, finish));
		const timer = setTimeout(
			() => finish({ ok: false, failure: "timeout", detail: `no complete answer within ${request.timeoutMs} ms` }),
			request.timeoutMs,
		);
		const signal = this.#signal;
		const onAbort = (): void => finish(STOPPED);
		signal?.addEventListener("abort", onAbort, { once: true });
		function finish(result: HttpResult): void {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			signal?.removeEventListener("abort", onAbort);
			if (client && !client.destroyed) client.destroy();
			resolve(result);
		}
		client.on("socket", (socket) => {
			if (https) (socket as TLSSocket).once("secureConnect", () => (phase.secureConnected = true));
		});
		client.on("error", (error) => finish({ ok: false, failure: classifyNodeError(error, phase), detail: describe(error) }));
		client.end(body);
	}

	#receive(
		request: HttpRequest,
		response: IncomingMessage,
		startedAt: number | undefined,
		finish: (result: HttpResult) => void,
	): void {
		const status = response.statusCode ?? 0;
		const announced = response.headers["content-length"];
		const announcedLength = announced === undefined ? undefined : Number(announced);
		if (announcedLength !== undefined && announcedLength > request.maxBodyBytes) {
			finish({ ok: false, failure: "too-large", detail: `status ${status}, Content-Length ${announcedLength} > ${request.maxBodyBytes}` });
			return;
		}
		const chunks: Buffer[] = [];
		let received = 0;
		response.on("data", (chunk: Buffer) => {
			received += chunk.length;
			if (received > request.maxBodyBytes) {
				finish({ ok: false, failure: "too-large", detail: `status ${status}, body over ${request.maxBodyBytes} bytes` });
				return;
			}
			chunks.push(chunk);
		});
		response.on("end", () => {
			if (!response.complete || (announcedLength !== undefined && received < announcedLength)) {
				finish({ ok: false, failure: "truncated", detail: `status ${status}, got ${received} of ${announced ?? "?"} bytes` });
				return;
			}
			if (this.#clock && startedAt !== undefined && this.#clock.now() - startedAt > request.timeoutMs) {
				finish({ ok: false, failure: "timeout", detail: `answer took ${this.#clock.now() - startedAt} ms > ${request.timeoutMs} ms` });
				return;
			}
			finish({ ok: true, status, body: Buffer.concat(chunks).toString("utf8") });
		});
		// Closed before the end of the body: Node reports "aborted"/ECONNRESET on the response.
		response.on("error", () =>
			finish({ ok: false, failure: "truncated", detail: `status ${status}, connection closed after ${received} of ${announced ?? "?"} bytes` }),
		);
		response.on("close", () => {
			if (!response.complete)
				finish({ ok: false, failure: "truncated", detail: `status ${status}, connection closed after ${received} of ${announced ?? "?"} bytes` });
		});
	}
}
