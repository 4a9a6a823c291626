/*
 * A scripted ML307R: the AT command set the Xiaozhi firmware uses (esp-ml307 3.3.7),
 * answering over a SerialLink. Its HTTP stack forwards each AT+MHTTPREQUEST through an
 * injected HttpTransport (real HTTPS to the local emulator on Node, a stand-in in specs)
 * and streams the answer back as `+MHTTPURC` lines, hex-encoded as the firmware asks.
 *
 * Pure TS (no Node module): the same simulator runs inside XS for the portable specs.
 */

import type { BoardFacts, HttpRequest, HttpResult, HttpTransport, TransportFailureKind } from "activation/interfaces";
import { splitArguments, integerArgument } from "ml307/at-parse";
import { hexDecode, hexEncode, utf8Decode, utf8Encode } from "ml307/bytes";
import type { Timers } from "activation/interfaces";
import { byteTimeMs } from "uart-model/port-model";
import type { SerialLink } from "./link.ts";

export interface ModemFacts {
	readonly revision: string;
	readonly carrier: string;
	readonly csq: number;
	readonly imei: string;
	readonly iccid: string;
	readonly tac: string;
	readonly ci: string;
	readonly act: number;
	readonly ip: string;
}

/** What the captured bread-compact-ml307 reported (test/fixtures/ota-request-1.json). */
export const CAPTURED_MODEM_FACTS: ModemFacts = Object.freeze({
	revision: "ML307R-DL-MBRH0S00",
	carrier: "CHINA MOBILE",
	csq: 24,
	imei: "869663071312008",
	iccid: "898604670224D0049048",
	tac: "2490",
	ci: "015B290F",
	act: 7,
	ip: "10.81.41.153",
});

export interface HttpFaults {
	/** Delay from AT+MHTTPREQUEST's OK to the head URC (field: 0.5–2 s). */
	firstByteDelayMs?: number;
	/** Data bytes per content URC. */
	contentPieceBytes?: number;
	/** Gap between content URCs. */
	contentGapMs?: number;
	/** `+MHTTPURC: "err"` with this code instead of any answer (1 DNS, 4 TLS, 6 timeout, …). */
	errBeforeHeader?: number;
	/** Send the head and this many body bytes, then `"err"` with `code` (5: connection dropped). */
	errAfterBody?: { code: number; afterBytes: number };
	/** Answer with Transfer-Encoding: chunked, content_len 0 and a final empty URC. */
	chunked?: boolean;
	/** Leave out one content URC (index from 0): data lost on the UART side. */
	dropContentIndex?: number;
	/** Never send anything after the request's OK. */
	silent?: boolean;
	/** Send `+MHTTPCREATE: <id>` after the OK instead of before it (the ML307R does either). */
	createIdAfterOk?: boolean;
}

export interface ModemScript {
	facts?: Partial<ModemFacts>;
	/** The modem's UART rate at start: 921600 after an earlier AT+IPR (as on the captured device). */
	baud?: number;
	echo?: boolean;
	sim?: "ready" | "absent" | { busyTimes: number };
	/** Registration: home network at once, denied, searching forever, or registered after a delay. */
	registration?: "home" | "denied" | "searching" | { registerAfterMs: number };
	/** Whether AT+MIPCALL? shows an IP. */
	dataCall?: boolean;
	/** Answer time of simple commands (field: 1–3 ms). */
	answerDelayMs?: number;
	/** Commands (by prefix) answered late, e.g. AT+CSQ after 500 ms. */
	slowCommands?: { prefix: string; delayMs: number }[];
	/** Lines sent between a command's answer lines and its OK, e.g. a +CEREG URC during AT+CSQ. */
	urcsDuringResponse?: { prefix: string; line: string }[];
	/** Stop answering anything after this many commands. */
	silentAfterCommands?: number;
	/** Stop answering from the first command that starts with this, e.g. "AT+MHTTPREQUEST" (a modem hung mid-request). */
	silentFromCommand?: string;
	http?: HttpFaults;
	/** The ICCID query the modem knows: both (default) or only the vendor's AT+MCCID. */
	iccidCommand?: "both" | "AT+MCCID";
	/** Answer for AT+MHTTPDEL of an instance that does not exist (not confirmed on hardware). */
	deleteMissing?: "cme-652" | "ok";
	/**
	 * The ESP32's side of the link (board run, tests): its VM is busy this long before each
	 * serial callback (onReadable, onWritable), while the modem keeps sending.
	 */
	hostStallMs?: number;
	/**
	 * The ESP32's modem port: the board's ring-buffered esp32s3/modem-serial (default) or the
	 * SDK's FIFO-only embedded:io/serial (128-byte FIFOs, no loss count).
	 */
	port?: "ring-buffered" | "sdk-fifo";
}

interface HttpInstance {
	readonly origin: string;
	ssl: boolean;
	inputHex: boolean;
	outputHex: boolean;
	headers: [string, string][];
	headersLocked: boolean;
	content: number[];
	busy: boolean;
}

const HTTP_REASONS: Readonly<Record<number, string>> = Object.freeze({
	200: "OK",
	202: "Accepted",
	204: "No Content",
	301: "Moved Permanently",
	302: "Found",
	400: "Bad Request",
	401: "Unauthorized",
	403: "Forbidden",
	404: "Not Found",
	500: "Internal Server Error",
	502: "Bad Gateway",
	503: "Service Unavailable",
});

const FAILURE_TO_ERR: Readonly<Record<TransportFailureKind, number>> = Object.freeze({
	"no-network": 2,
	dns: 1,
	connect: 2,
	tls: 4,
	timeout: 6,
	"too-large": 8,
	truncated: 5,
	"bad-url": 255,
	modem: 255,
	io: 255,
});

type Reply = string[];

export interface SimulatorLogEntry {
	readonly at: number;
	readonly command: string;
}

export class Ml307Simulator {
	readonly script: ModemScript;
	readonly facts: ModemFacts;
	readonly #timers: Timers;
	readonly #link: SerialLink;
	readonly #internet: HttpTransport;
	#baud: number;
	#echo: boolean;
	#cmee = 1;
	#ceregMode = 0;
	#stat: number;
	#ci: string;
	#csq: number;
	#simBusyLeft: number;
	#registerTimerSet = false;
	#input: number[] = [];
	#dataMode: { id: number; remaining: number; eof: number; fresh: boolean } | undefined;
	#silent = false;
	#commandCount = 0;
	/** When the modem is free to send again: answers go out in order. */
	#busyUntil = 0;
	readonly #instances: (HttpInstance | undefined)[] = [undefined, undefined, undefined, undefined];
	/** Every command received, with its virtual time (for assertions). */
	readonly commands: SimulatorLogEntry[] = [];
	/** Every request forwarded to the internet side. */
	readonly forwarded: HttpRequest[] = [];
	/** Forwarded requests still waiting for the internet's answer. */
	forwardsInFlight = 0;

	constructor(link: SerialLink, timers: Timers, internet: HttpTransport, script: ModemScript = {}) {
		this.script = script;
		this.facts = { ...CAPTURED_MODEM_FACTS, ...script.facts };
		this.#timers = timers;
		this.#link = link;
		this.#internet = internet;
		this.#baud = script.baud ?? 921600;
		this.#echo = script.echo ?? false;
		this.#csq = this.facts.csq;
		this.#ci = this.facts.ci;
		this.#simBusyLeft = typeof script.sim === "object" ? script.sim.busyTimes : 0;
		const registration = script.registration ?? "home";
		this.#stat = this.#simPresent() ? (registration === "home" ? 1 : registration === "denied" ? 3 : 2) : 0;
		const baud = (): number => this.#baud;
		link.attach({
			get baud() {
				return baud();
			},
			receive: (bytes) => this.#receive(bytes),
		});
	}

	get baud(): number {
		return this.#baud;
	}

	get liveHttpInstances(): number {
		return this.#instances.filter(Boolean).length;
	}

	#simPresent(): boolean {
		return this.script.sim !== "absent";
	}

	// ---- scripted events -------------------------------------------------------------

	/** The modem stops answering (hung firmware, power loss). */
	stopAnswering(): void {
		this.#silent = true;
	}

	resumeAnswering(): void {
		this.#silent = false;
	}

	/** Send an unsolicited line now. */
	injectUrc(line: string): void {
		this.#send([line], 0);
	}

	/** A cell change or a new stat; sends the +CEREG URC when AT+CEREG=2 is on. */
	setRegistration(stat: number, ci = this.#ci): void {
		this.#stat = stat;
		this.#ci = ci;
		if (this.#ceregMode >= 1) this.#send([this.#ceregUrc()], 0);
	}

	setSignal(csq: number): void {
		this.#csq = csq;
	}

	/** The modem restarted: HTTP instances gone, URC +MATREADY. */
	reboot(): void {
		for (let i = 0; i < 4; i++) this.#instances[i] = undefined;
		this.#ceregMode = 0;
		this.#send(["+MATREADY"], 0);
	}

	// ---- link ------------------------------------------------------------------------

	#send(lines: Reply, delayMs: number): void {
		let text = "";
		for (const line of lines) text += line === ">" ? "\r\n> " : `\r\n${line}\r\n`;
		this.#sendRaw(utf8Encode(text), delayMs);
	}

	#sendRaw(bytes: Uint8Array, delayMs: number): void {
		const due = Math.max(this.#timers.now() + delayMs, this.#busyUntil);
		this.#busyUntil = due;
		const baud = this.#baud;
		this.#timers.set(() => {
			// An answer is sent at the rate the modem had when it was produced (AT+IPR: OK at the old rate).
			const current = this.#baud;
			this.#baud = baud;
			this.#link.fromModem(bytes);
			this.#baud = current;
		}, due - this.#timers.now());
	}

	#receive(bytes: Uint8Array): void {
		if (this.#silent) return;
		for (const byte of bytes) {
			if (this.#dataMode) {
				this.#dataByte(byte);
				continue;
			}
			if (byte === 0x0d) {
				const line = utf8Decode(Uint8Array.from(this.#input));
				this.#input = [];
				if (this.#echo) this.#send([line], 0);
				if (line.trim().length > 0) this.#command(line.trim());
			} else if (byte !== 0x0a) {
				this.#input.push(byte);
			}
		}
	}

	#dataByte(byte: number): void {
		const mode = this.#dataMode!;
		// The LF of the command's CR LF belongs to the command line, not to the data.
		const fresh = mode.fresh;
		mode.fresh = false;
		if (fresh && byte === 0x0a) return;
		this.#instances[mode.id]?.content.push(byte);
		mode.remaining--;
		if (mode.remaining === 0) {
			this.#dataMode = undefined;
			this.#send(["OK"], this.script.answerDelayMs ?? 1);
		}
	}

	// ---- commands --------------------------------------------------------------------

	#error(code: number): string {
		return this.#cmee === 0 ? "ERROR" : `+CME ERROR: ${code}`;
	}

	#command(line: string): void {
		this.commands.push({ at: this.#timers.now(), command: line });
		this.#commandCount++;
		const limit = this.script.silentAfterCommands;
		const hangsOn = this.script.silentFromCommand;
		if ((limit !== undefined && this.#commandCount > limit) || (hangsOn !== undefined && line.startsWith(hangsOn))) {
			this.#silent = true;
			return;
		}
		let delayMs = this.script.answerDelayMs ?? 1;
		for (const slow of this.script.slowCommands ?? []) if (line.startsWith(slow.prefix)) delayMs = slow.delayMs;
		const reply = this.#execute(line);
		if (reply.length === 0) return;
		const final = reply[reply.length - 1]!;
		const isFinal = final === "OK" || final === "ERROR" || final.startsWith("+CME ERROR");
		const extra = (this.script.urcsDuringResponse ?? []).filter((urc) => line.startsWith(urc.prefix)).map((urc) => urc.line);
		if (isFinal && extra.length > 0) reply.splice(reply.length - 1, 0, ...extra);
		this.#send(reply, delayMs);
		if (line.toUpperCase().startsWith("AT+IPR=") && final === "OK") this.#baud = Number(line.slice(7));
	}

	#execute(line: string): Reply {
		const upper = line.toUpperCase();
		if (upper === "AT") return ["OK"];
		if (upper === "ATE0" || upper === "ATE1") {
			this.#echo = upper === "ATE1";
			return ["OK"];
		}
		const eq = line.indexOf("=");
		const name = (eq < 0 ? line : line.slice(0, eq)).toUpperCase();
		const args = eq < 0 ? [] : splitArguments(line.slice(eq + 1));
		switch (name) {
			case "AT+CMEE":
				this.#cmee = integerArgument(args[0]) ?? 1;
				return ["OK"];
			case "AT+IPR": {
				const rate = integerArgument(args[0]);
				return rate && [9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600].includes(rate) ? ["OK"] : [this.#error(50)];
			}
			case "AT+CGMR":
				return [this.facts.revision, "OK"];
			case "AT+CGSN":
				return [`+CGSN: ${this.facts.imei}`, "OK"];
			case "AT+CPIN?":
				if (!this.#simPresent()) return [this.#error(10)];
				if (this.#simBusyLeft > 0) {
					this.#simBusyLeft--;
					return [this.#error(14)];
				}
				return ["+CPIN: READY", "OK"];
			case "AT+ICCID":
				if (this.script.iccidCommand === "AT+MCCID") return ["ERROR"];
				return this.#simPresent() ? [`+ICCID: ${this.facts.iccid}`, "OK"] : [this.#error(10)];
			case "AT+MCCID":
				return this.#simPresent() ? [`+MCCID: ${this.facts.iccid}`, "OK"] : [this.#error(10)];
			case "AT+CSQ":
				return [`+CSQ: ${this.#csq},99`, "OK"];
			case "AT+COPS?":
				return [this.#registered() ? `+COPS: 0,0,"${this.facts.carrier}",${this.facts.act}` : "+COPS: 0", "OK"];
			case "AT+CEREG":
				this.#ceregMode = integerArgument(args[0]) ?? 0;
				this.#scheduleRegistration();
				return ["OK"];
			case "AT+CEREG?":
				return [this.#ceregQuery(), "OK"];
			case "AT+MIPCALL?":
				return [
					this.#registered() && this.script.dataCall !== false ? `+MIPCALL: 1,1,"${this.facts.ip}"` : "+MIPCALL: 1,0",
					"OK",
				];
			case "AT+MHTTPCREATE":
				return this.#httpCreate(args[0]?.text ?? "");
			case "AT+MHTTPCFG":
				return this.#httpConfig(args);
			case "AT+MHTTPHEADER":
				return this.#httpHeader(line.slice(eq + 1), args);
			case "AT+MHTTPCONTENT":
				return this.#httpContent(args);
			case "AT+MHTTPREQUEST":
				return this.#httpRequest(args);
			case "AT+MHTTPDEL": {
				const id = integerArgument(args[0]);
				if (id === undefined || id > 3) return [this.#error(50)];
				if (!this.#instances[id]) return this.script.deleteMissing === "ok" ? ["OK"] : [this.#error(652)];
				this.#instances[id] = undefined;
				return ["OK"];
			}
			default:
				return ["ERROR"];
		}
	}

	#registered(): boolean {
		return this.#stat === 1 || this.#stat === 5;
	}

	#location(): string {
		return `"${this.facts.tac}","${this.#ci}",${this.facts.act}`;
	}

	#ceregQuery(): string {
		if (this.#ceregMode >= 2 && this.#registered()) return `+CEREG: ${this.#ceregMode},${this.#stat},${this.#location()}`;
		return `+CEREG: ${this.#ceregMode},${this.#stat}`;
	}

	#ceregUrc(): string {
		if (this.#ceregMode >= 2 && this.#registered()) return `+CEREG: ${this.#stat},${this.#location()}`;
		return `+CEREG: ${this.#stat}`;
	}

	#scheduleRegistration(): void {
		const registration = this.script.registration;
		if (this.#registerTimerSet || typeof registration !== "object" || !this.#simPresent()) return;
		this.#registerTimerSet = true;
		this.#timers.set(() => this.setRegistration(1), registration.registerAfterMs);
	}

	// ---- HTTP stack ------------------------------------------------------------------

	#instance(arg: { text: string; quoted: boolean } | undefined): number | undefined {
		const id = integerArgument(arg);
		return id !== undefined && id <= 3 && this.#instances[id] ? id : undefined;
	}

	#httpCreate(url: string): Reply {
		if (!/^https?:\/\/[^/]+$/i.test(url)) return [this.#error(654)];
		const id = this.#instances.findIndex((instance) => !instance);
		if (id < 0) return [this.#error(651)];
		this.#instances[id] = {
			origin: url,
			ssl: false,
			inputHex: false,
			outputHex: false,
			headers: [],
			headersLocked: false,
			content: [],
			busy: false,
		};
		return this.script.http?.createIdAfterOk ? ["OK", `+MHTTPCREATE: ${id}`] : [`+MHTTPCREATE: ${id}`, "OK"];
	}

	#httpConfig(args: readonly { text: string; quoted: boolean }[]): Reply {
		const kind = args[0]?.text;
		const id = this.#instance(args[1]);
		if (id === undefined) return [this.#error(652)];
		const instance = this.#instances[id]!;
		if (kind === "ssl") instance.ssl = integerArgument(args[2]) === 1;
		else if (kind === "encoding") {
			instance.inputHex = integerArgument(args[2]) === 1;
			instance.outputHex = integerArgument(args[3]) === 1;
		} else if (!["chunked", "timeout", "cached", "fragment", "header", "cid", "urlencode"].includes(kind ?? "")) return [this.#error(50)];
		return ["OK"];
	}

	#httpHeader(rawArgs: string, args: readonly { text: string; quoted: boolean }[]): Reply {
		const id = this.#instance(args[0]);
		if (id === undefined) return [this.#error(652)];
		const instance = this.#instances[id]!;
		const eof = integerArgument(args[1]);
		if (eof === 2) {
			instance.headers = [];
			instance.headersLocked = false;
			return ["OK"];
		}
		if (instance.headersLocked || (eof !== 0 && eof !== 1)) return [this.#error(3)];
		// The header text is everything inside the quotes (it may hold commas).
		const open = rawArgs.indexOf('"');
		const close = rawArgs.lastIndexOf('"');
		if (open < 0 || close <= open) return [this.#error(50)];
		const text = rawArgs.slice(open + 1, close);
		const length = integerArgument(args[2]);
		if (length === undefined || (length > 0 && length !== utf8Encode(text).length)) return [this.#error(50)];
		const colon = text.indexOf(":");
		if (colon <= 0) return [this.#error(50)];
		instance.headers.push([text.slice(0, colon), text.slice(colon + 1).trim()]);
		if (eof === 0) instance.headersLocked = true;
		return ["OK"];
	}

	#httpContent(args: readonly { text: string; quoted: boolean }[]): Reply {
		const id = this.#instance(args[0]);
		if (id === undefined) return [this.#error(652)];
		const eof = integerArgument(args[1]);
		const length = integerArgument(args[2]);
		if (eof === undefined || eof > 2 || length === undefined || length > 4096) return [this.#error(50)];
		if (eof === 2) {
			this.#instances[id]!.content = [];
			return ["OK"];
		}
		if (args[3] !== undefined) {
			const data = this.#instances[id]!.inputHex ? hexDecode(args[3].text) : utf8Encode(args[3].text);
			if (!data) return [this.#error(50)];
			this.#instances[id]!.content.push(...data);
			return ["OK"];
		}
		if (length === 0) return ["OK"];
		this.#dataMode = { id, remaining: length, eof, fresh: true };
		return [">"];
	}

	#httpRequest(args: readonly { text: string; quoted: boolean }[]): Reply {
		const id = this.#instance(args[0]);
		if (id === undefined) return [this.#error(652)];
		const instance = this.#instances[id]!;
		if (instance.busy) return [this.#error(653)];
		const method = integerArgument(args[1]);
		const methods: Record<number, "GET" | "POST"> = { 1: "GET", 2: "POST" };
		const methodName = method === undefined ? undefined : methods[method];
		if (!methodName) return [this.#error(50)];
		const pathArg = args[3]?.text ?? "/";
		const pathBytes = instance.inputHex ? hexDecode(pathArg) : utf8Encode(pathArg);
		if (!pathBytes) return [this.#error(50)];
		const path = utf8Decode(pathBytes);
		if (!path.startsWith("/")) return [this.#error(50)];
		if (instance.ssl !== instance.origin.toLowerCase().startsWith("https")) {
			// TLS switched on for an http:// origin or off for https:// : the handshake cannot work.
			this.#afterRequest(() => this.#send([`+MHTTPURC: "err",${id},4`], 0));
			return ["OK"];
		}
		instance.busy = true;
		const request: HttpRequest = {
			method: methodName,
			url: instance.origin + path,
			headers: instance.headers.map(([name, value]) => [name, value] as const),
			body: utf8Decode(Uint8Array.from(instance.content)),
			timeoutMs: 60_000,
			maxBodyBytes: 1 << 20,
		};
		this.#afterRequest(() => this.#forward(id, instance, request));
		return ["OK"];
	}

	/**
	 * Run once the request's OK has reached the ESP32: its "\r\nOK\r\n" on the line, and the
	 * port's idle time that announces it (a forward that blocks, as the board run's does while
	 * the server holds the request, must not freeze time with the OK still on its way).
	 */
	#afterRequest(action: () => void): void {
		const onTheLine = Math.ceil((6 + 10) * byteTimeMs(this.#baud));
		this.#timers.set(action, (this.script.answerDelayMs ?? 1) + this.#link.latencyMs + onTheLine + 1);
	}

	#forward(id: number, instance: HttpInstance, request: HttpRequest): void {
		const faults = this.script.http ?? {};
		if (faults.silent) return;
		const firstByte = faults.firstByteDelayMs ?? 5;
		if (faults.errBeforeHeader !== undefined) {
			this.#timers.set(() => this.#send([`+MHTTPURC: "err",${id},${faults.errBeforeHeader}`], 0), firstByte);
			return;
		}
		this.forwarded.push(request);
		const started = this.#timers.now();
		this.forwardsInFlight++;
		void this.#internet.request(request).then(
			(result) => {
				this.forwardsInFlight--;
				const wait = Math.max(0, firstByte - (this.#timers.now() - started));
				this.#timers.set(() => this.#answer(id, instance, result), wait);
			},
			(error: unknown) => {
				this.forwardsInFlight--;
				this.#send([`+MHTTPURC: "err",${id},255`], 0);
				void error;
			},
		);
	}

	#data(instance: HttpInstance, bytes: Uint8Array): string {
		return instance.outputHex ? hexEncode(bytes) : utf8Decode(bytes);
	}

	#answer(id: number, instance: HttpInstance, result: HttpResult): void {
		if (this.#instances[id] !== instance) return; // deleted meanwhile
		instance.busy = false;
		if (!result.ok) {
			this.#send([`+MHTTPURC: "err",${id},${FAILURE_TO_ERR[result.failure]}`], 0);
			return;
		}
		const faults = this.script.http ?? {};
		const body = utf8Encode(result.body);
		const chunked = faults.chunked === true;
		let head = `HTTP/1.1 ${result.status} ${HTTP_REASONS[result.status] ?? "Status"}\r\nContent-Type: application/json\r\n`;
		head += chunked ? "Transfer-Encoding: chunked\r\n" : `Content-Length: ${body.length}\r\n`;
		const headBytes = utf8Encode(head);
		const lines: string[] = [`+MHTTPURC: "header",${id},${result.status},${headBytes.length},${this.#data(instance, headBytes)}`];
		const pieceBytes = Math.max(1, faults.contentPieceBytes ?? 1024);
		const cutAt = faults.errAfterBody ? Math.min(faults.errAfterBody.afterBytes, body.length) : body.length;
		const total = chunked ? 0 : body.length;
		let sum = 0;
		let index = 0;
		for (let offset = 0; offset < cutAt; offset += pieceBytes, index++) {
			const piece = body.subarray(offset, Math.min(offset + pieceBytes, cutAt));
			sum += piece.length;
			if (index !== faults.dropContentIndex)
				lines.push(`+MHTTPURC: "content",${id},${total},${sum},${piece.length},${this.#data(instance, piece)}`);
		}
		if (faults.errAfterBody) lines.push(`+MHTTPURC: "err",${id},${faults.errAfterBody.code}`);
		else if (chunked) lines.push(`+MHTTPURC: "content",${id},0,${sum},0,`);
		const gap = faults.contentGapMs ?? 0;
		lines.forEach((line, i) => this.#send([line], i * gap));
	}
}

/** The facts a simulated modem answers with so a device profile's 4G report is its own (none for a Wi-Fi board). */
export function modemFactsOfBoard(board: BoardFacts): Partial<ModemFacts> {
	if (board.network !== "ml307") return {};
	return {
		revision: board.revision,
		carrier: board.carrier,
		csq: board.csq,
		imei: board.imei,
		iccid: board.iccid,
		...(board.cereg.tac !== undefined ? { tac: board.cereg.tac } : {}),
		...(board.cereg.ci !== undefined ? { ci: board.cereg.ci } : {}),
		...(board.cereg.AcT !== undefined ? { act: board.cereg.AcT } : {}),
	};
}
