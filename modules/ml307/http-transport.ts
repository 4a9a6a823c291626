/*
 * HttpTransport over the ML307R's own HTTP(S) stack (the AT+MHTTP* commands esp-ml307 3.3.7 uses): one modem HTTP
 * instance per request, created, configured, used and deleted again on every path.
 *
 * Differences from esp-ml307's Ml307Http, for correctness: headers go in the order the
 * request gives them (the core already orders them); a command that fails stops the
 * request instead of being ignored; bodies over 4096 bytes go in several
 * AT+MHTTPCONTENT pieces (eof 1, …, eof 0); the response body is capped while it arrives.
 */

import type { HttpRequest, HttpResult, HttpTransport, NoNetworkCause, TransportFailureKind } from "activation/interfaces";
import { splitHttpUrl } from "activation/url-text";
import type { AtChannel, AtResult } from "ml307/at-channel";
import { parseInfoLine, integerArgument, isQuotable, quoteArgument } from "ml307/at-parse";
import { hexDecode, hexEncode, joinBytes, utf8Decode, utf8Encode, utf8Length } from "ml307/bytes";
import { cmeText, modemHttpError } from "ml307/http-errors";
import type { Timers, TimerHandle } from "activation/interfaces";

/** Vendor limits (HTTP manual): one content piece, one header, the request path. */
export const MAX_CONTENT_PIECE_BYTES = 4096;
export const MAX_HEADER_BYTES = 1024;
export const MAX_PATH_CHARS = 1560;

const METHOD_CODES: Readonly<Record<HttpRequest["method"], number>> = Object.freeze({ GET: 1, POST: 2 });

export interface Ml307HttpOptions {
	/** Each AT command's wait for its final result (library: 1000 ms). */
	readonly commandTimeoutMs?: number;
	/** When given and false, requests fail at once with "no-network" (no SIM, not registered). */
	readonly networkReady?: () => boolean;
	/** Why the network is not ready, for the failure detail. */
	readonly networkDetail?: () => string;
	/** Why the network is not ready, typed for the screen, when the modem knows. */
	readonly networkCause?: () => NoNetworkCause | undefined;
}

export interface ParsedUrl {
	readonly protocol: "http" | "https";
	/** `<protocol>://<host[:port]>`, what AT+MHTTPCREATE takes. */
	readonly origin: string;
	/** Path and query, `/` when the URL has none. */
	readonly path: string;
}

/** Split the URL as Ml307Http::Open does; undefined when the modem cannot use it. */
export function splitUrl(url: string): ParsedUrl | undefined {
	// AT command arguments cannot carry white space or a double quote; the library sends no fragment.
	if (/[\s"#]/.test(url)) return undefined;
	const parts = splitHttpUrl(url);
	if (!parts || parts.authority === "") return undefined;
	return { protocol: parts.scheme, origin: `${parts.scheme}://${parts.authority}`, path: parts.path };
}

class RequestFailure {
	constructor(
		readonly kind: TransportFailureKind,
		readonly detail: string,
		readonly cause?: NoNetworkCause,
	) {}
}

/** Throws the request's failure when the modem did not accept the command. */
function accepted(result: AtResult, what: string): void {
	if (!result.ok) throw commandFailure(what, result);
}

function commandFailure(what: string, result: AtResult & { ok: false }): RequestFailure {
	if (result.failure === "link") return new RequestFailure("io", result.detail);
	if (result.failure === "timeout" || result.failure === "closed")
		return new RequestFailure("io", `modem not answering: ${result.detail}`);
	return new RequestFailure("modem", `${what} refused: ${result.failure === "cme-error" ? cmeText(result.code) : result.detail}`);
}

/** The response head's headers we act on (names compared case-insensitively). */
function headInfo(head: string): { contentLength?: number; chunked: boolean } {
	let contentLength: number | undefined;
	let chunked = false;
	for (const line of head.split("\n")) {
		const colon = line.indexOf(":");
		if (colon <= 0) continue;
		const name = line.slice(0, colon).trim().toLowerCase();
		const value = line.slice(colon + 1).trim();
		if (name === "content-length" && /^\d+$/.test(value)) contentLength = Number(value);
		else if (name === "transfer-encoding" && value.toLowerCase().includes("chunked")) chunked = true;
	}
	return contentLength === undefined ? { chunked } : { contentLength, chunked };
}

export interface Ml307HttpStats {
	requests: number;
	failures: number;
	instancesDeleted: number;
}

export class Ml307HttpTransport implements HttpTransport {
	readonly #channel: AtChannel;
	readonly #timers: Timers;
	readonly #commandTimeoutMs: number;
	readonly #networkReady: (() => boolean) | undefined;
	readonly #networkDetail: () => string;
	readonly #networkCause: () => NoNetworkCause | undefined;
	/** Made once: every command but a content piece's takes only the timeout. */
	readonly #commandOptions: { readonly timeoutMs: number };
	/** Creates are serialised: the id may come in a `+MHTTPCREATE:` line after the OK. */
	#createQueue: Promise<unknown> = Promise.resolve();
	readonly stats: Ml307HttpStats = { requests: 0, failures: 0, instancesDeleted: 0 };

	constructor(channel: AtChannel, timers: Timers, options: Ml307HttpOptions = {}) {
		this.#channel = channel;
		this.#timers = timers;
		this.#commandTimeoutMs = options.commandTimeoutMs ?? 1000;
		this.#commandOptions = Object.freeze({ timeoutMs: this.#commandTimeoutMs });
		this.#networkReady = options.networkReady;
		this.#networkDetail = options.networkDetail ?? (() => "the modem is not registered on the network");
		this.#networkCause = options.networkCause ?? (() => undefined);
	}

	async request(request: HttpRequest): Promise<HttpResult> {
		this.stats.requests++;
		try {
			return await this.#request(request);
		} catch (error) {
			this.stats.failures++;
			if (!(error instanceof RequestFailure)) return { ok: false, failure: "io", detail: `internal error: ${String(error)}` };
			const { kind: failure, detail, cause } = error;
			return cause === undefined ? { ok: false, failure, detail } : { ok: false, failure, detail, cause };
		}
	}

	/** Sends one command with the command timeout; its caller awaits it and checks it with `accepted` (one await per command). */
	#send(command: string, data?: Uint8Array): Promise<AtResult> {
		return this.#channel.send(command, data ? { data, timeoutMs: this.#commandTimeoutMs } : this.#commandOptions);
	}

	async #request(request: HttpRequest): Promise<HttpResult> {
		const url = splitUrl(request.url);
		if (!url) throw new RequestFailure("bad-url", `the modem cannot request "${request.url}" (http:// or https:// URL expected)`);
		if (url.path.length > MAX_PATH_CHARS) throw new RequestFailure("bad-url", `URL path longer than ${MAX_PATH_CHARS} characters`);
		const method = METHOD_CODES[request.method];
		if (method === undefined) throw new RequestFailure("io", `method ${String(request.method)} not supported over the modem`);
		const headerLines: string[] = [];
		for (let i = 0; i < request.headers.length; i++) {
			const [name, value] = request.headers[i]!;
			const line = `${name}: ${value}`;
			if (!isQuotable(line)) throw new RequestFailure("io", `header ${name} contains a double quote, CR or LF, which AT+MHTTPHEADER cannot carry`);
			if (utf8Length(line) > MAX_HEADER_BYTES) throw new RequestFailure("io", `header ${name} is longer than ${MAX_HEADER_BYTES} bytes`);
			headerLines.push(line);
		}
		if (this.#networkReady && !this.#networkReady()) throw new RequestFailure("no-network", this.#networkDetail(), this.#networkCause());

		const deadline = this.#timers.now() + request.timeoutMs;
		const id = await this.#create(url.origin, deadline);
		try {
			return await this.#exchange(id, url, method, headerLines, request, deadline);
		} finally {
			// Delete on every path: the modem has only four instances.
			await this.#channel.send(`AT+MHTTPDEL=${id}`, { timeoutMs: this.#commandTimeoutMs });
			this.stats.instancesDeleted++;
		}
	}

	#create(origin: string, deadline: number): Promise<number> {
		const run = this.#createQueue.then(() => this.#createNow(origin, deadline));
		this.#createQueue = run.catch(() => undefined);
		return run;
	}

	async #createNow(origin: string, deadline: number): Promise<number> {
		let lateId: number | undefined;
		let wake: (() => void) | undefined;
		const unsubscribe = this.#channel.onUrc("MHTTPCREATE", (line) => {
			lateId = integerArgument(parseInfoLine(line)?.args[0]);
			wake?.();
		});
		try {
			const created = await this.#channel.send(`AT+MHTTPCREATE=${quoteArgument(origin)}`, {
				infoNames: ["MHTTPCREATE"],
				timeoutMs: this.#commandTimeoutMs,
			});
			if (!created.ok) throw commandFailure("AT+MHTTPCREATE", created);
			const line = created.info[0];
			let id = line === undefined ? lateId : integerArgument(parseInfoLine(line)?.args[0]);
			if (id === undefined) {
				// The id line may follow the OK (the ML307R sends it on either side of the OK).
				await new Promise<void>((resolve) => {
					const timer = this.#timers.set(resolve, Math.max(0, Math.min(30_000, deadline - this.#timers.now())));
					wake = () => {
						this.#timers.clear(timer);
						resolve();
					};
				});
				id = lateId;
			}
			if (id === undefined) throw new RequestFailure("io", "AT+MHTTPCREATE gave no instance id");
			return id;
		} finally {
			unsubscribe();
		}
	}

	async #exchange(
		id: number,
		url: ParsedUrl,
		method: number,
		headerLines: readonly string[],
		request: HttpRequest,
		deadline: number,
	): Promise<HttpResult> {
		// Listen before AT+MHTTPREQUEST: the head can follow its OK within a millisecond.
		const response = new ResponseCollector(id, request, this.#timers, deadline);
		// One listener for both names and one for losses, taken off by name: a waiting request keeps two functions, not six.
		const channel = this.#channel;
		const onLine = (line: string): void => response.onLine(line);
		const onLoss = (detail: string): void => response.fail("io", detail);
		channel.onUrc("MHTTPURC", onLine);
		channel.onUrc("MATREADY", onLine);
		channel.onLoss(onLoss);
		try {
			if (url.protocol === "https") accepted(await this.#send(`AT+MHTTPCFG="ssl",${id},1,0`), "TLS configuration");
			accepted(await this.#send(`AT+MHTTPCFG="encoding",${id},0,0`), "encoding configuration");
			for (let i = 0; i < headerLines.length; i++) {
				const line = headerLines[i]!;
				const more = i < headerLines.length - 1 ? 1 : 0;
				accepted(await this.#send(`AT+MHTTPHEADER=${id},${more},${utf8Length(line)},${quoteArgument(line)}`), "AT+MHTTPHEADER");
			}
			if (request.method === "POST") {
				const body = utf8Encode(request.body);
				let offset = 0;
				do {
					const piece = body.subarray(offset, offset + MAX_CONTENT_PIECE_BYTES);
					offset += piece.length;
					const eof = offset < body.length ? 1 : 0;
					accepted(await this.#send(`AT+MHTTPCONTENT=${id},${eof},${piece.length}`, piece), "AT+MHTTPCONTENT");
				} while (offset < body.length);
			}
			accepted(await this.#send(`AT+MHTTPCFG="encoding",${id},1,1`), "encoding configuration");
			accepted(await this.#send(`AT+MHTTPREQUEST=${id},${method},0,${hexEncode(utf8Encode(url.path))}`), "AT+MHTTPREQUEST");
			return await response.result();
		} finally {
			response.dispose();
			channel.offUrc("MHTTPURC", onLine);
			channel.offUrc("MATREADY", onLine);
			channel.offLoss(onLoss);
		}
	}
}
// Preloaded: a frozen prototype needs no RAM for later changes.
Object.freeze(Ml307HttpTransport.prototype);

/**
 * Why `hex` is not the `bytes` bytes its URC announced, or undefined when the length is right.
 * The modem's hex is always whole: anything else is data the UART lost or lines it ran
 * together, never a body to parse.
 */
function hexShortfall(what: string, bytes: number, hex: string): string | undefined {
	const expected = bytes * 2;
	if (hex.length === expected) return undefined;
	if (hex.length < expected) return `modem link lost ${expected - hex.length} bytes: ${what} of ${bytes} bytes carries ${hex.length} of its ${expected} hex digits`;
	return `modem link lost bytes: ${what} of ${bytes} bytes carries ${hex.length} characters where ${expected} hex digits belong (lines run together)`;
}

/** Turns the `+MHTTPURC` lines of one instance into a result, with the body cap and the deadline. */
class ResponseCollector {
	readonly #id: number;
	readonly #request: HttpRequest;
	readonly #timers: Timers;
	#status: number | undefined;
	#contentLength: number | undefined;
	#chunked = false;
	readonly #pieces: Uint8Array[] = [];
	#received = 0;
	#outcome: HttpResult | undefined;
	#settle: ((result: HttpResult) => void) | undefined;
	readonly #timer: TimerHandle;

	constructor(id: number, request: HttpRequest, timers: Timers, deadline: number) {
		this.#id = id;
		this.#request = request;
		this.#timers = timers;
		this.#timer = timers.set(() => {
			const progress =
				this.#status === undefined
					? "no response head"
					: `status ${this.#status}, ${this.#received} of ${this.#contentLength ?? "?"} body bytes`;
			this.fail("timeout", `no complete answer within ${request.timeoutMs} ms (${progress})`);
		}, Math.max(0, deadline - timers.now()));
	}

	result(): Promise<HttpResult> {
		if (this.#outcome) return Promise.resolve(this.#outcome);
		return new Promise((resolve) => {
			this.#settle = resolve;
		});
	}

	dispose(): void {
		this.#timers.clear(this.#timer);
	}

	fail(kind: TransportFailureKind, detail: string): void {
		this.#finish({ ok: false, failure: kind, detail });
	}

	#finish(result: HttpResult): void {
		if (this.#outcome) return;
		this.#outcome = result;
		this.dispose();
		this.#settle?.(result);
	}

	#succeed(): void {
		this.#finish({ ok: true, status: this.#status!, body: utf8Decode(joinBytes(this.#pieces, this.#received)) });
	}

	/** A `+MHTTPURC` line, or `+MATREADY`: the modem restarted, and the request with it. */
	onLine(line: string): void {
		if (line.startsWith("+MATREADY")) this.fail("io", "the modem rebooted during the request");
		else this.#onUrc(line);
	}

	#onUrc(line: string): void {
		if (this.#outcome) return;
		const parsed = parseInfoLine(line);
		if (!parsed || integerArgument(parsed.args[1]) !== this.#id) return;
		const kind = parsed.args[0]?.text;
		const args = parsed.args;
		if (kind === "err") {
			const code = integerArgument(args[2]) ?? 255;
			const error = modemHttpError(code, this.#status !== undefined);
			this.fail(error.kind, error.detail);
		} else if (kind === "header") {
			this.#onHeader(integerArgument(args[2]), integerArgument(args[3]), args[4]?.text);
		} else if (kind === "content") {
			this.#onContent(integerArgument(args[2]), integerArgument(args[3]), integerArgument(args[4]), args[5]?.text ?? "");
		}
	}

	#onHeader(status: number | undefined, length: number | undefined, hex: string | undefined): void {
		if (status === undefined) return this.fail("modem", "response head URC without a status code");
		if (this.#status !== undefined) return; // a head split over URCs: the first one has what we use
		this.#status = status;
		if (hex !== undefined) {
			const lost = length === undefined ? undefined : hexShortfall("the response head", length, hex);
			if (lost) return this.fail("io", lost);
			const head = hexDecode(hex);
			if (!head) return this.fail("io", `modem link lost bytes: the response head's ${hex.length} characters are not hex (lines run together)`);
			const info = headInfo(utf8Decode(head));
			this.#chunked = info.chunked;
			this.#contentLength = info.contentLength;
		}
		if (this.#contentLength !== undefined && this.#contentLength > this.#request.maxBodyBytes)
			return this.fail("too-large", `response body of ${this.#contentLength} bytes is over the ${this.#request.maxBodyBytes}-byte limit`);
		// The modem may send no content URC for an empty body.
		if (!this.#chunked && (this.#contentLength === 0 || status === 204 || status === 304)) this.#succeed();
	}

	#onContent(total: number | undefined, sum: number | undefined, current: number | undefined, hex: string): void {
		if (this.#status === undefined) return this.fail("modem", "response content arrived before the head");
		if (total === undefined || sum === undefined || current === undefined) return this.fail("io", "modem link lost bytes: a content URC without its byte counts");
		const lost = hexShortfall("a content URC", current, hex);
		if (lost) return this.fail("io", lost);
		const data = hexDecode(hex);
		if (!data) return this.fail("io", `modem link lost bytes: a content URC's ${hex.length} characters are not hex (lines run together)`);
		if (this.#received + data.length > this.#request.maxBodyBytes)
			return this.fail("too-large", `response body exceeds the ${this.#request.maxBodyBytes}-byte limit`);
		if (!this.#chunked && total > this.#request.maxBodyBytes)
			return this.fail("too-large", `response body of ${total} bytes is over the ${this.#request.maxBodyBytes}-byte limit`);
		this.#pieces.push(data);
		this.#received += data.length;
		if (sum > this.#received) return this.fail("truncated", `modem link lost ${sum - this.#received} bytes: the modem sent ${sum} body bytes, ${this.#received} arrived`);
		const done = this.#chunked ? current === 0 : sum >= total;
		if (done) this.#succeed();
	}
}
