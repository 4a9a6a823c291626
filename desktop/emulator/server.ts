/*
 * A local Xiaozhi OTA/activation server over real HTTPS on 127.0.0.1, for tests, the XS
 * runner and people trying a board or the simulator. See desktop/emulator/README.md (how to use it,
 * its console page).
 *
 * One clock drives everything: with `clock.advance` (virtual time) every hold and delay
 * advances that clock in small steps instead of waiting, so a device running on the same
 * virtual clock sees its own timeouts fire exactly as it would against a slow server.
 */
import { EventEmitter } from "node:events";
import { STATUS_CODES, createServer as createPlainServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer } from "node:https";
import type { AddressInfo, Server } from "node:net";
import { ensureTestCertificates } from "./certs.ts";
import { consolePageHtml } from "./console-page.ts";
import { escapeControls } from "./terminal-text.ts";
import { FaultQueue, hostileCheckBody, type Fault, type FaultOptions, type FaultTarget } from "./faults.ts";
import {
	ACTIVATE_PATH, OTA_PATH, json, makeProfile, text,
	type ActivateOutcome, type Answer, type EmulatorProfile, type IncomingView, type Profile,
} from "./profiles.ts";
import { DeviceRegistry, type ConsoleResult, type DeviceState, type DeviceSummary } from "./registry.ts";

export type { EmulatorProfile } from "./profiles.ts";
export type { Fault } from "./faults.ts";
export type { DeviceState, DeviceSummary } from "./registry.ts";

export interface EmulatorClock {
	now(): number;
	/** Present = virtual time: the emulator advances it instead of waiting. */
	advance?(ms: number): void;
}

export interface EmulatorOptions {
	profile?: EmulatorProfile;
	/** Default 0 (ephemeral); always bound to 127.0.0.1. */
	port?: number;
	clock?: EmulatorClock;
	/** Bind a pending device automatically this long after its code was issued. */
	autoBindAfterMs?: number;
	/** Pending code lifetime (default 24 h); after it the next check issues a new code. */
	codeTtlMs?: number;
	/** Official profile: hold /activate while pending up to this long; 200 as soon as bound, else 202. */
	holdActivateMs?: number;
	/** Known v2 serials; their /activate bodies are HMAC-verified. */
	v2Devices?: { serialNumber: string; hmacKeyHex: string }[];
	/** Version to announce in `firmware`; default: echo the device's own. */
	firmwareVersion?: string;
	/** Where the test CA and leaves are cached (default <repo>/.cache/test-ca-v2). */
	certificateDir?: string;
	/** The request record keeps the newest this many (default 5000), so a long CLI run stays bounded. */
	maxRecordedRequests?: number;
	/**
	 * Serve the device and console over plain `http://` (as a self-hosted server on port 8003
	 * often does) instead of HTTPS; the wrong-host server stays HTTPS.
	 */
	plainHttp?: boolean;
}

export interface RecordedRequest {
	/** clock.now() when the request arrived. */
	at: number;
	method: string;
	/** As sent, including any query string. */
	path: string;
	/** Lower-case names; repeated headers joined with ", ". */
	headers: Record<string, string>;
	/** Header names with the case and order they had on the wire. */
	rawHeaderNames: string[];
	body: string;
	/** 0 while unanswered and when the connection was reset instead. */
	status: number;
	/** What was actually sent (the partial bytes for a truncated answer). */
	responseBody: string;
}

export interface Emulator {
	readonly profile: EmulatorProfile;
	readonly otaUrl: string;
	readonly wrongHostOtaUrl: string;
	readonly consoleUrl: string;
	/** `POST /echo` answers 200 with the request's body verbatim (the board self-test's modem echo). */
	readonly echoUrl: string;
	readonly caPem: string;
	readonly caPath: string;
	readonly requests: readonly RecordedRequest[];
	injectFault(fault: Fault, options?: FaultOptions): void;
	bind(code: string): ConsoleResult;
	unbind(deviceId: string): void;
	bindElsewhere(deviceId: string): void;
	deviceState(deviceId: string): DeviceState;
	pendingCode(deviceId: string): string | undefined;
	devices(): DeviceSummary[];
	on(event: "code", listener: (e: { deviceId: string; code: string }) => void): void;
	on(event: "bound", listener: (e: { deviceId: string }) => void): void;
	/** Every recorded request once answered (or reset); never carries secrets beyond what the device sent. */
	on(event: "request", listener: (e: RecordedRequest) => void): void;
	close(): Promise<void>;
}

const DAY_MS = 24 * 3600 * 1000;
const MAX_REQUEST_BODY_BYTES = 64 * 1024;
/** Virtual-time granularity of holds and delays. */
const VIRTUAL_STEP_MS = 100;
const CONSOLE_PREFIX = "/console";
const ECHO_PATH = "/echo";

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
	const emulator = new EmulatorServer(options);
	await emulator.listen();
	return emulator.facade();
}

/** One emulator: its device registry, fault queue, request record and the two servers. */
class EmulatorServer {
	readonly #options: EmulatorOptions;
	readonly #profileName: EmulatorProfile;
	readonly #clock: EmulatorClock;
	readonly #holdActivateMs: number;
	readonly #events = new EventEmitter();
	readonly #registry: DeviceRegistry;
	readonly #faults = new FaultQueue();
	readonly #requests: RecordedRequest[] = [];
	readonly #maxRecorded: number;
	readonly #certificates: ReturnType<typeof ensureTestCertificates>;
	readonly #closeSignal = new EventEmitter();
	readonly #profile: Profile;
	#closed = false;
	#origin = "";
	#servers: (ReturnType<typeof createPlainServer> | ReturnType<typeof createServer>)[] = [];
	#wrongHostPort = 0;

	constructor(options: EmulatorOptions) {
		this.#options = options;
		this.#profileName = options.profile ?? "official";
		const clock: EmulatorClock = options.clock ?? { now: () => Date.now() };
		this.#clock = clock;
		this.#holdActivateMs = options.holdActivateMs ?? 0;
		if (!(this.#holdActivateMs >= 0)) throw new RangeError(`holdActivateMs must be >= 0, got ${options.holdActivateMs}`);
		const v2Keys = v2KeysOf(options.v2Devices ?? []);

		const wallAtStart = Date.now();
		const clockAtStart = clock.now();
		const wallNow = (): number => wallAtStart + (clock.now() - clockAtStart);

		const events = this.#events;
		this.#registry = new DeviceRegistry({
			now: () => clock.now(),
			codeTtlMs: options.codeTtlMs ?? DAY_MS,
			...(options.autoBindAfterMs !== undefined ? { autoBindAfterMs: options.autoBindAfterMs } : {}),
			onCode: (deviceId, code) => events.emit("code", { deviceId, code }),
			onBound: (deviceId) => events.emit("bound", { deviceId }),
		});
		this.#maxRecorded = options.maxRecordedRequests ?? 5000;
		if (!Number.isInteger(this.#maxRecorded) || this.#maxRecorded < 1)
			throw new RangeError(`maxRecordedRequests must be a positive integer, got ${this.#maxRecorded}`);
		this.#certificates = ensureTestCertificates(options.certificateDir);
		this.#closeSignal.setMaxListeners(0);
		events.setMaxListeners(0);

		// The profile reads the origin per answer: it is known only once the server listens.
		const originNow = (): string => this.#origin;
		this.#profile = makeProfile(this.#profileName, {
			registry: this.#registry,
			wallNow,
			...(options.firmwareVersion !== undefined ? { firmwareVersion: options.firmwareVersion } : {}),
			v2Keys,
			get origin() {
				return originNow();
			},
		});
	}

	async listen(): Promise<void> {
		const options = this.#options;
		const certificates = this.#certificates;
		const onRequest = (request: IncomingMessage, response: ServerResponse): void => this.#onRequest(request, response);
		const server = options.plainHttp
			? createPlainServer(onRequest)
			: createServer({ cert: certificates.localChainPem, key: certificates.localKeyPem }, onRequest);
		const wrongHostServer = createServer({ cert: certificates.wrongHostChainPem, key: certificates.wrongHostKeyPem }, onRequest);
		this.#servers = [server, wrongHostServer];
		const port = await listen(server, options.port ?? 0);
		this.#wrongHostPort = await listen(wrongHostServer, 0);
		this.#origin = `${options.plainHttp ? "http" : "https"}://127.0.0.1:${port}`;
	}

	facade(): Emulator {
		const registry = this.#registry;
		const events = this.#events;
		return {
			profile: this.#profileName,
			otaUrl: `${this.#origin}${OTA_PATH}`,
			wrongHostOtaUrl: `https://127.0.0.1:${this.#wrongHostPort}${OTA_PATH}`,
			consoleUrl: `${this.#origin}${CONSOLE_PREFIX}/`,
			echoUrl: `${this.#origin}${ECHO_PATH}`,
			caPem: this.#certificates.caPem,
			caPath: this.#certificates.caPath,
			requests: this.#requests,
			injectFault: (fault, faultOptions) => this.#faults.add(fault, faultOptions),
			bind: (code) => registry.bind(code),
			unbind: (deviceId) => registry.unbind(deviceId),
			bindElsewhere: (deviceId) => registry.bindElsewhere(deviceId),
			deviceState: (deviceId) => registry.state(deviceId),
			pendingCode: (deviceId) => registry.pendingCode(deviceId),
			devices: () => registry.list(),
			on(event: string, listener: (e: never) => void) {
				events.on(event, listener as (e: unknown) => void);
			},
			close: () => this.#close(),
		};
	}

	async #close(): Promise<void> {
		if (this.#closed) return;
		this.#closed = true;
		this.#closeSignal.emit("close");
		await Promise.all(
			this.#servers.map(
				(each) =>
					new Promise<void>((resolve) => {
						each.close(() => resolve());
						each.closeAllConnections();
					}),
			),
		);
	}

	/** Waits `ms` on the emulator clock, or less if `stop()` turns true or the client leaves. */
	async #waitOnClock(ms: number, response: ServerResponse, stop: () => boolean, nextEventAt: () => number | undefined): Promise<void> {
		const clock = this.#clock;
		const deadline = clock.now() + ms;
		while (!stop() && !this.#clientGone(response) && clock.now() < deadline) {
			const now = clock.now();
			const event = nextEventAt();
			const untilEvent = event !== undefined && event > now ? event - now : Infinity;
			const step = Math.min(deadline - now, untilEvent, clock.advance ? VIRTUAL_STEP_MS : Infinity);
			if (clock.advance) {
				clock.advance(step);
				// Let whatever the advance woke (the device's own timers, its socket) run first.
				await new Promise<void>((resolve) => setImmediate(resolve));
			} else {
				await this.#waitReal(step, response);
			}
		}
	}

	/** Real time: `step` ms, or until a device is bound, the emulator closes or the client leaves. */
	#waitReal(step: number, response: ServerResponse): Promise<void> {
		const events = this.#events;
		const closeSignal = this.#closeSignal;
		return new Promise<void>((resolve) => {
			const finish = (): void => {
				clearTimeout(timer);
				events.off("bound", finish);
				closeSignal.off("close", finish);
				response.off("close", finish);
				resolve();
			};
			const timer = setTimeout(finish, step);
			events.on("bound", finish);
			closeSignal.on("close", finish);
			response.on("close", finish);
		});
	}

	/** The emulator is closing or the client hung up: nobody is waiting for an answer. */
	#clientGone(response: ServerResponse): boolean {
		return this.#closed || response.destroyed || (response.socket?.destroyed ?? true);
	}

	async #normalAnswer(view: IncomingView, response: ServerResponse): Promise<Answer> {
		const profile = this.#profile;
		const target = classify(view.path);
		if (target === "check") return profile.check(view);
		if (target === "activate" && profile.activate) {
			let outcome: ActivateOutcome = profile.activate(view);
			const deviceId = outcome.deviceId;
			if (outcome.pending && deviceId !== undefined && this.#profileName === "official" && this.#holdActivateMs > 0) {
				await this.#waitOnClock(
					this.#holdActivateMs,
					response,
					() => this.#registry.state(deviceId) !== "pending",
					() => this.#registry.autoBindAt(deviceId),
				);
				outcome = profile.activate(view);
			}
			return outcome.answer;
		}
		return profile.other(view);
	}

	/** Records the request (the newest `maxRecordedRequests` are kept) and returns its record. */
	#record(request: IncomingMessage, headers: Record<string, string>, body: string): RecordedRequest {
		const record: RecordedRequest = {
			at: this.#clock.now(),
			method: request.method ?? "",
			path: request.url ?? "/",
			headers,
			rawHeaderNames: request.rawHeaders.filter((_, index) => index % 2 === 0),
			body,
			status: 0,
			responseBody: "",
		};
		const requests = this.#requests;
		requests.push(record);
		if (requests.length > this.#maxRecorded) requests.splice(0, requests.length - this.#maxRecorded);
		return record;
	}

	async #handleDeviceRequest(request: IncomingMessage, response: ServerResponse, body: string): Promise<void> {
		const path = (request.url ?? "/").split("?")[0] ?? "/";
		const headers = flattenHeaders(request);
		const record = this.#record(request, headers, body);
		const view: IncomingView = {
			method: record.method,
			path,
			headers,
			body,
			remoteAddress: request.socket.remoteAddress ?? "127.0.0.1",
		};
		const target = classify(path);
		const fault = target ? this.#faults.take(target) : undefined;
		try {
			if (fault?.kind === "reset") {
				request.socket.destroy();
				return;
			}
			if (fault?.kind === "delay") {
				await this.#waitOnClock(fault.ms, response, () => false, () => undefined);
				if (this.#clientGone(response)) return;
			}
			if (fault?.kind === "accept-unbound" && fault.newCode) this.#forgetPendingCode(headers["device-id"]);
			let answer = (fault && faultAnswer(fault)) ?? (await this.#normalAnswer(view, response));
			if (this.#clientGone(response)) return;
			const hostile = fault && target === "check" ? hostileCheckBody(fault, answer.body) : undefined;
			if (hostile !== undefined) answer = { ...answer, status: 200, contentType: "application/json", body: hostile };
			if (fault?.kind === "oversize") answer = padToSize(answer, fault.bytes);
			if (fault?.kind === "truncated") {
				record.status = answer.status;
				record.responseBody = sendTruncated(response, answer);
				return;
			}
			send(response, answer);
			record.status = answer.status;
			record.responseBody = answer.body;
		} finally {
			this.#events.emit("request", record);
		}
	}

	/** The body back as it came, with its content type; recorded like a device request. */
	#echo(request: IncomingMessage, response: ServerResponse, body: string): void {
		const record = this.#record(request, flattenHeaders(request), body);
		send(response, { status: 200, contentType: request.headers["content-type"] ?? "application/octet-stream", body });
		record.status = 200;
		record.responseBody = body;
		this.#events.emit("request", record);
	}

	/** A pending device's code is forgotten: its next check gets a new one. */
	#forgetPendingCode(deviceId: string | undefined): void {
		if (deviceId !== undefined && this.#registry.state(deviceId) === "pending") this.#registry.unbind(deviceId);
	}

	#handleConsole(request: IncomingMessage, response: ServerResponse, path: string, body: string): void {
		const method = request.method ?? "";
		const refusal = consoleRefusal(request, method);
		if (refusal) {
			send(response, refusal);
			return;
		}
		if (path === CONSOLE_PREFIX) {
			send(response, { status: 301, body: "", headers: { Location: `${CONSOLE_PREFIX}/` } });
			return;
		}
		if (path === `${CONSOLE_PREFIX}/` && method === "GET") {
			send(response, {
				status: 200,
				contentType: "text/html; charset=utf-8",
				body: consolePageHtml(this.#profileName),
				headers: { "Content-Security-Policy": "default-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'" },
			});
			return;
		}
		if (path === `${CONSOLE_PREFIX}/api/devices` && method === "GET") {
			send(response, json(200, { code: 0, msg: "success", data: { profile: this.#profileName, devices: this.#registry.list() } }));
			return;
		}
		if ((path === `${CONSOLE_PREFIX}/api/bind` || path === `${CONSOLE_PREFIX}/api/unbind`) && method === "POST") {
			send(response, this.#consoleBindOrUnbind(path, body));
			return;
		}
		send(response, json(404, { code: 404, msg: "not found" }));
	}

	/** The console's POST /api/bind ({"code"}) and /api/unbind ({"deviceId"}). */
	#consoleBindOrUnbind(path: string, body: string): Answer {
		const parsed = parseJsonObject(body);
		if (path.endsWith("/bind")) {
			const code = parsed?.code;
			if (typeof code !== "string" && code !== undefined) return json(400, { code: 400, msg: 'body must be {"code":"<6 digits>"}' });
			return json(200, this.#registry.bind(code ?? ""));
		}
		const deviceId = parsed?.deviceId;
		if (typeof deviceId !== "string" || deviceId === "") return json(400, { code: 400, msg: 'body must be {"deviceId":"<Device-Id>"}' });
		this.#registry.unbind(deviceId);
		return json(200, { code: 0, msg: "success" });
	}

	#onRequest(request: IncomingMessage, response: ServerResponse): void {
		const chunks: Buffer[] = [];
		let size = 0;
		let refused = false;
		request.on("data", (chunk: Buffer) => {
			size += chunk.length;
			if (size > MAX_REQUEST_BODY_BYTES) {
				if (!refused) {
					refused = true;
					send(response, text(413, "Request body too large"), true);
				}
				return;
			}
			chunks.push(chunk);
		});
		request.on("end", () => {
			if (refused) return;
			const body = Buffer.concat(chunks).toString("utf8");
			const path = (request.url ?? "/").split("?")[0] ?? "/";
			if (path === CONSOLE_PREFIX || path.startsWith(`${CONSOLE_PREFIX}/`)) {
				this.#handleConsole(request, response, path, body);
				return;
			}
			if (path === ECHO_PATH && request.method === "POST") {
				this.#echo(request, response, body);
				return;
			}
			this.#handleDeviceRequest(request, response, body).catch((error: unknown) => {
				// A bug in the emulator: answer 500 so the test sees it, and say why on stderr.
				console.error(`emulator: request handler failed: ${escapeControls(error instanceof Error ? (error.stack ?? error.message) : String(error))}`);
				if (!response.headersSent && !response.destroyed) send(response, text(500, "emulator internal error"));
			});
		});
	}
}

function v2KeysOf(devices: readonly { serialNumber: string; hmacKeyHex: string }[]): Map<string, Buffer> {
	const v2Keys = new Map<string, Buffer>();
	for (const device of devices) {
		if (!/^(?:[0-9a-fA-F]{2})+$/.test(device.hmacKeyHex)) {
			throw new TypeError(`v2 device ${device.serialNumber}: hmacKeyHex must be an even number of hex digits`);
		}
		v2Keys.set(device.serialNumber, Buffer.from(device.hmacKeyHex, "hex"));
	}
	return v2Keys;
}

function classify(path: string): FaultTarget | undefined {
	if (path === OTA_PATH) return "check";
	if (path === ACTIVATE_PATH) return "activate";
	return undefined;
}

function faultAnswer(fault: Fault): Answer | undefined {
	switch (fault.kind) {
		case "status": {
			const body = fault.body ?? STATUS_CODES[fault.status] ?? `HTTP ${fault.status}`;
			return looksLikeJson(body) ? { status: fault.status, contentType: "application/json", body } : text(fault.status, body);
		}
		case "non-json":
			return {
				status: 200,
				contentType: "text/html; charset=utf-8",
				body: "<!DOCTYPE html><html><head><title>Network login</title></head><body><p>Please sign in to use this network.</p></body></html>",
			};
		case "error-object":
			return { status: 200, contentType: "application/json", body: fault.body };
		case "empty-object":
			return json(200, {});
		case "accept-unbound":
			return json(200, { message: "Device activated", device_id: 0 });
		case "redirect":
			return {
				status: 302,
				contentType: "text/plain; charset=utf-8",
				body: "Found",
				headers: { Location: fault.location ?? "https://api.tenclass.net/xiaozhi/ota/" },
			};
		default:
			return undefined; // delay, truncated, oversize and reset shape the normal answer
	}
}

/**
 * Why a console call is refused, or undefined. The console binds and unbinds devices, so
 * only its own page may drive it: Host must be this server (no DNS rebinding), a browser's
 * Origin / Sec-Fetch-Site must say same origin, and a POST must be JSON (a cross-site form
 * or `text/plain` fetch cannot send that without a preflight, which is never answered).
 * Clients without Origin (curl, tests) are not browsers and may call it.
 */
function consoleRefusal(request: IncomingMessage, method: string): Answer | undefined {
	const host = (request.headers.host ?? "").toLowerCase();
	const localPort = request.socket.localPort;
	if (host !== `127.0.0.1:${localPort}` && host !== `localhost:${localPort}`)
		return json(403, { code: 403, msg: "console: the Host header must be this server" });
	const requestOrigin = request.headers.origin;
	// The scheme this very server speaks: http:// with plainHttp (--http), else https://.
	const scheme = (request.socket as { encrypted?: boolean }).encrypted ? "https" : "http";
	if (requestOrigin !== undefined && requestOrigin !== `${scheme}://${host}`)
		return json(403, { code: 403, msg: "console: cross-origin requests are refused" });
	const site = request.headers["sec-fetch-site"];
	if (site !== undefined && site !== "same-origin" && site !== "none")
		return json(403, { code: 403, msg: "console: cross-site requests are refused" });
	if (method === "POST") {
		const type = (request.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
		if (type !== "application/json") return json(415, { code: 415, msg: "console: the body must be application/json" });
	}
	return undefined;
}

function listen(server: Server, port: number): Promise<number> {
	return new Promise((resolve, reject) => {
		server.once("error", reject);
		server.listen(port, "127.0.0.1", () => {
			server.off("error", reject);
			resolve((server.address() as AddressInfo).port);
		});
	});
}

function flattenHeaders(request: IncomingMessage): Record<string, string> {
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(request.headers)) {
		if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
	}
	return headers;
}

function parseJsonObject(body: string): Record<string, unknown> | undefined {
	try {
		const value: unknown = JSON.parse(body);
		return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
}

function looksLikeJson(body: string): boolean {
	try {
		JSON.parse(body);
		return true;
	} catch {
		return false;
	}
}

function send(response: ServerResponse, answer: Answer, closeAfter = false): void {
	const bytes = Buffer.from(answer.body, "utf8");
	const headers: Record<string, string | number> = { "Content-Length": bytes.length, ...answer.headers };
	if (answer.contentType && bytes.length > 0) headers["Content-Type"] = answer.contentType;
	if (closeAfter) headers.Connection = "close";
	response.writeHead(answer.status, headers);
	response.end(bytes);
}

/** Announces the whole body, sends about half of it, then closes the connection. */
function sendTruncated(response: ServerResponse, answer: Answer): string {
	const bytes = Buffer.from(answer.body, "utf8");
	const announced = Math.max(bytes.length, 16);
	const sent = bytes.subarray(0, Math.floor(bytes.length / 2));
	const headers: Record<string, string | number> = { "Content-Length": announced, ...answer.headers };
	if (answer.contentType) headers["Content-Type"] = answer.contentType;
	response.writeHead(answer.status, headers);
	response.write(sent, () => response.socket?.end());
	return sent.toString("utf8");
}

/** The same answer as a JSON object of exactly `bytes` bytes (a `padding` member fills it up). */
function padToSize(answer: Answer, bytes: number): Answer {
	const base = parseJsonObject(answer.body) ?? {};
	const unpadded = Buffer.byteLength(JSON.stringify({ ...base, padding: "" }), "utf8");
	const body = JSON.stringify({ ...base, padding: "x".repeat(Math.max(0, bytes - unpadded)) });
	return { status: 200, contentType: "application/json", body, ...(answer.headers ? { headers: answer.headers } : {}) };
}
