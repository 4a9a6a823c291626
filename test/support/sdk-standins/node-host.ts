/*
 * The SDK stand-ins' host for the Node tests (desktop/sdk-standins/host.ts): the outside world
 * as a test sees and drives it. Virtual time (the test advances it), flash in memory with
 * every write counted, an HTTP far end that is either scripted by the test or a real socket
 * (to the project's emulator on 127.0.0.1), resources, what the speaker, the screen and the
 * LED were given, scripted pins, the radio's networks, the wall clock, hashes and randomness
 * from node:crypto. reset() gives a fresh board.
 */
import { createHash, randomBytes } from "node:crypto";
import { request as httpRequest, type ClientRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type {
	AirNetwork,
	AudioDefines,
	AudioEvent,
	FlashHost,
	FlashValue,
	HttpAnswer,
	HttpConnection,
	HttpHost,
	HttpRequestHead,
	PinHost,
	Rgb,
	StandinHost,
	UartHost,
} from "../../../desktop/sdk-standins/host.ts";
import { Timeline } from "../../../desktop/sdk-standins/timeline.ts";

/** NVS in memory: the stand-in applies the ESP32's rules, this only stores and counts. */
export class MemoryFlash implements FlashHost {
	readonly domains = new Map<string, Map<string, FlashValue>>();
	/** `domain/key` of every write and erase that found something, in order (each a flash commit). */
	readonly commits: string[] = [];

	read(domain: string, key: string): FlashValue | undefined {
		return this.domains.get(domain)?.get(key);
	}

	write(domain: string, key: string, value: FlashValue): void {
		let keys = this.domains.get(domain);
		if (!keys) this.domains.set(domain, (keys = new Map()));
		keys.set(key, value);
		this.commits.push(`${domain}/${key}`);
	}

	erase(domain: string, key: string): void {
		this.domains.get(domain)?.delete(key);
	}

	keys(domain: string): string[] {
		return [...(this.domains.get(domain)?.keys() ?? [])];
	}

	clear(): void {
		this.domains.clear();
		this.commits.length = 0;
	}
}

/** One request the http stand-in opened on the scripted far end: the test answers it. */
export class ScriptedExchange implements HttpConnection {
	readonly head: HttpRequestHead;
	readonly answer: HttpAnswer;
	readonly #sent: Uint8Array[] = [];
	/** Whether the far end takes what is written at once (the stand-in's room comes back). */
	autoAcknowledge = true;
	ended = false;
	closed = false;

	constructor(head: HttpRequestHead, answer: HttpAnswer) {
		this.head = head;
		this.answer = answer;
	}

	/** The head's value for `name` (case-insensitive), as the client wrote it. */
	header(name: string): string | undefined {
		return this.head.headers.find(([each]) => each.toLowerCase() === name.toLowerCase())?.[1];
	}

	/** Each body piece as written. */
	get pieces(): readonly Uint8Array[] {
		return this.#sent;
	}

	get body(): Uint8Array {
		return Uint8Array.from(this.#sent.flatMap((piece) => [...piece]));
	}

	send(bytes: Uint8Array): void {
		this.#sent.push(bytes.slice());
		if (this.autoAcknowledge) this.answer.sent(bytes.length);
	}

	end(): void {
		this.ended = true;
	}

	close(): void {
		this.closed = true;
	}

	/** A whole answer: status, headers (a Content-Length first), the body in fragments, the connection's end. */
	respond(status: number, body: string | Uint8Array, fragmentSize = 64, headers: readonly [string, string][] = []): void {
		const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
		this.answer.status(status);
		this.answer.header("Content-Length", String(bytes.length));
		for (const [name, value] of headers) this.answer.header(name, value);
		this.answer.headersComplete();
		for (let at = 0; at < bytes.length; at += fragmentSize) this.answer.body(bytes.slice(at, at + fragmentSize));
		this.answer.closed();
	}
}

/** The http stand-in's far end as the test scripts it: each connection waits for the test's answer. */
export class ScriptedHttp implements HttpHost {
	readonly exchanges: ScriptedExchange[] = [];
	/** The `secure` options of every TLS session opened. */
	readonly tlsSessions: object[] = [];
	/** When set, the next TLS session cannot be made (SecureSocket throws it). */
	refuseNextTls: Error | undefined;
	/** Whether new exchanges take what is written at once. */
	autoAcknowledge = true;

	connect(head: HttpRequestHead, answer: HttpAnswer): ScriptedExchange {
		const exchange = new ScriptedExchange(head, answer);
		exchange.autoAcknowledge = this.autoAcknowledge;
		this.exchanges.push(exchange);
		return exchange;
	}

	openTls(secure: object): void {
		const error = this.refuseNextTls;
		this.refuseNextTls = undefined;
		if (error) throw error;
		this.tlsSessions.push(secure);
	}

	reset(): void {
		this.exchanges.length = 0;
		this.tlsSessions.length = 0;
		this.refuseNextTls = undefined;
		this.autoAcknowledge = true;
	}

	get last(): ScriptedExchange | undefined {
		return this.exchanges.at(-1);
	}
}

/** The http stand-in's far end as a real connection (the emulator on 127.0.0.1), through node:http/https with the head as written. */
export class NetworkHttp implements HttpHost {
	/** Requests whose answer has not ended: the test lets real time pass for them. */
	inFlight = 0;
	readonly #ca: string | undefined;

	constructor(caPem?: string) {
		this.#ca = caPem;
	}

	connect(head: HttpRequestHead, answer: HttpAnswer): HttpConnection {
		const raw = head.headers.flatMap(([name, value]) => [name, value]);
		const options = { method: head.method, host: head.host, port: head.port, path: head.path, headers: raw as unknown as Record<string, string>, agent: false as const };
		const client: ClientRequest = head.secure ? httpsRequest({ ...options, ca: this.#ca }) : httpRequest(options);
		let open = true;
		let answered = false;
		this.inFlight++;
		const finish = (how: "closed" | "failed"): void => {
			if (!open) return;
			open = false;
			this.inFlight--;
			if (how === "closed") answer.closed();
			else answer.failed();
		};
		client.on("response", (response) => {
			answered = true;
			answer.status(response.statusCode ?? 0);
			for (let i = 0; i + 1 < response.rawHeaders.length; i += 2) answer.header(response.rawHeaders[i]!, response.rawHeaders[i + 1]!);
			answer.headersComplete();
			response.on("data", (chunk: Buffer) => open && answer.body(new Uint8Array(chunk)));
			response.on("end", () => finish("closed"));
			response.on("aborted", () => finish("failed"));
			response.on("error", () => finish(answered ? "closed" : "failed"));
		});
		client.on("error", () => finish(answered ? "closed" : "failed"));
		return {
			send: (bytes) => void client.write(bytes, () => open && answer.sent(bytes.length)),
			end: () => void client.end(),
			close() {
				if (open) {
					open = false;
					client.destroy();
					// The app let it go: nothing more is told, and nothing is in flight.
				}
			},
		};
	}
}

export interface ShownFrame {
	readonly pixelsOut: object;
	readonly gray: Uint8Array;
}

/** A PixelsOut for Poco: 128x32 Gray256 as the board's SSD1306 build (the board run's, desktop/sdk-standins/pixels-out.ts). */
export { standinScreen as screen } from "sdk-standins/pixels-out";

export class NodeSdkHost {
	readonly timeline = new Timeline();
	config: Record<string, unknown> = {};
	readonly flash = new MemoryFlash();
	readonly scriptedHttp = new ScriptedHttp();
	/** Which far end the http stand-in talks to. */
	http: HttpHost = this.scriptedHttp;
	readonly resources = new Map<string, Uint8Array>();
	audioDefines: AudioDefines = { sampleRate: 24000, numChannels: 1, bitsPerSample: 16, streams: 1, queueLength: 32 };
	readonly audioEvents: AudioEvent[] = [];
	/** Every AudioOut the app made, in order. */
	readonly audioOutputs: object[] = [];
	readonly frames: ShownFrame[] = [];
	readonly begins: { pixelsOut: object; area: readonly number[] }[] = [];
	readonly heapBitmapDraws: object[] = [];
	readonly ledShows: { pixels: readonly Rgb[]; brightness: number; made: readonly Rgb[] }[] = [];
	ledWiring = { pin: 48, length: 1 };
	/** Input pins wired, with their level (1 released). */
	readonly pinLevels = new Map<number, 0 | 1>();
	readonly #pinWatchers = new Map<number, ((level: 0 | 1) => void)[]>();
	uart: UartHost | undefined;
	air: { networks: AirNetwork[]; ip: string } = { networks: [], ip: "192.168.1.77" };
	restarts = 0;
	readonly wallClockSets: number[] = [];
	ntpSeconds: number | undefined;

	/** The object the stand-ins see (installStandinHost). */
	readonly host: StandinHost;

	constructor() {
		const pins: PinHost = {
			input: (pin) => {
				if (!this.pinLevels.has(pin)) return undefined;
				let watcher: ((level: 0 | 1) => void) | undefined;
				return {
					level: () => this.pinLevels.get(pin) ?? 1,
					watch: (onChange) => {
						watcher = onChange;
						this.#pinWatchers.set(pin, [...(this.#pinWatchers.get(pin) ?? []), onChange]);
					},
					close: () => void this.#pinWatchers.set(pin, (this.#pinWatchers.get(pin) ?? []).filter((each) => each !== watcher)),
				};
			},
		};
		const host = {
			timeline: this.timeline,
			flash: this.flash,
			http: { connect: (head, answer) => this.http.connect(head, answer), openTls: (secure) => this.http.openTls?.(secure) } satisfies HttpHost,
			resource: (path: string) => this.resources.get(path),
			audio: { defines: this.audioDefines, told: (event: AudioEvent) => void this.audioEvents.push(event), opened: (output: object) => void this.audioOutputs.push(output) },
			display: {
				frame: (pixelsOut: object, gray: Uint8Array) => void this.frames.push({ pixelsOut, gray }),
				begin: (pixelsOut: object, area: readonly number[]) => void this.begins.push({ pixelsOut, area }),
				heapBitmap: (pixelsOut: object) => void this.heapBitmapDraws.push(pixelsOut),
			},
			led: { pin: 48, length: 1, show: (pixels: readonly Rgb[], brightness: number, made: readonly Rgb[]) => void this.ledShows.push({ pixels, brightness, made }) },
			pins,
			restart: () => void this.restarts++,
			setWallClock: (seconds: number) => void this.wallClockSets.push(seconds),
			ntpSeconds: () => this.ntpSeconds,
			digest: (algorithm: string, bytes: Uint8Array) => new Uint8Array(createHash(algorithm.toLowerCase()).update(bytes).digest()),
			random: (count: number) => new Uint8Array(randomBytes(count)),
		};
		// The parts a test changes are read live.
		Object.defineProperty(host, "config", { enumerable: true, get: () => this.config });
		Object.defineProperty(host, "uart", { enumerable: true, get: () => this.uart });
		Object.defineProperty(host, "air", { enumerable: true, get: () => this.air });
		Object.defineProperty(host.audio, "defines", { enumerable: true, get: () => this.audioDefines });
		Object.defineProperty(host.led, "pin", { enumerable: true, get: () => this.ledWiring.pin });
		Object.defineProperty(host.led, "length", { enumerable: true, get: () => this.ledWiring.length });
		this.host = host;
	}

	/** Sets an input pin's level, telling the pins watching it. */
	setPin(pin: number, level: 0 | 1): void {
		if (this.pinLevels.get(pin) === level) return;
		this.pinLevels.set(pin, level);
		for (const watcher of this.#pinWatchers.get(pin) ?? []) watcher(level);
	}

	/** Real I/O under way (the network far end): a test lets real time pass for it. */
	get busy(): boolean {
		return this.http instanceof NetworkHttp && this.http.inFlight > 0;
	}

	/** A fresh board: time at 0, nothing stored, scripted, shown or wired. */
	reset(): void {
		this.timeline.reset();
		this.config = {};
		this.flash.clear();
		this.scriptedHttp.reset();
		this.http = this.scriptedHttp;
		this.resources.clear();
		this.audioDefines = { sampleRate: 24000, numChannels: 1, bitsPerSample: 16, streams: 1, queueLength: 32 };
		this.audioEvents.length = 0;
		this.audioOutputs.length = 0;
		this.frames.length = 0;
		this.begins.length = 0;
		this.heapBitmapDraws.length = 0;
		this.ledShows.length = 0;
		this.ledWiring = { pin: 48, length: 1 };
		this.pinLevels.clear();
		this.#pinWatchers.clear();
		this.uart = undefined;
		this.air = { networks: [], ip: "192.168.1.77" };
		this.restarts = 0;
		this.wallClockSets.length = 0;
		this.ntpSeconds = undefined;
	}
}
