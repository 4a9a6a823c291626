/*
 * What the emulator tests share: a real HTTPS client that trusts the emulator's test CA,
 * the captured device request, and a small virtual clock with timers.
 */
import { request as httpsRequest } from "node:https";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { IncomingHttpHeaders } from "node:http";
import type { Emulator, EmulatorClock } from "../../desktop/emulator/server.ts";

export const FIXTURES_DIR = fileURLToPath(new URL("../fixtures/", import.meta.url));

export function fixtureText(name: string): string {
	return readFileSync(`${FIXTURES_DIR}${name}`, "utf8").trim();
}

export function fixtureJson(name: string): Record<string, unknown> {
	return JSON.parse(fixtureText(name)) as Record<string, unknown>;
}

/** The captured device's identity (test/fixtures/ota-request-1.json). */
export const DEVICE_ID = "94:a9:90:2c:84:b8";
export const CLIENT_ID = "e2314aed-0a16-43f0-8128-766fbd3207f2";
export const CHECK_BODY = fixtureText("ota-request-1.json");

/** Headers in the order the reference firmware sends them. */
export function deviceHeaders(overrides: Record<string, string | undefined> = {}): Record<string, string> {
	const headers: Record<string, string | undefined> = {
		"Activation-Version": "1",
		"Device-Id": DEVICE_ID,
		"Client-Id": CLIENT_ID,
		"User-Agent": "bread-compact-ml307/2.0.4",
		"Accept-Language": "zh-CN",
		"Content-Type": "application/json",
		...overrides,
	};
	const present: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers)) if (value !== undefined) present[name] = value;
	return present;
}

export interface Reply {
	status: number;
	headers: IncomingHttpHeaders;
	body: string;
}

export interface SendOptions {
	method?: string;
	headers?: Record<string, string>;
	body?: string;
	/** PEM to trust; default the emulator's CA. `null` trusts only the system store. */
	ca?: string | null;
	/** Called with the outgoing request, e.g. to abort it later. */
	onRequest?: (abort: () => void) => void;
}

/** One real HTTPS request; rejects with the transport error (code kept) when there is no full answer. */
export function send(url: string, emulator: Pick<Emulator, "caPem">, options: SendOptions = {}): Promise<Reply> {
	return new Promise((resolve, reject) => {
		const body = options.body ?? "";
		const request = httpsRequest(
			url,
			{
				method: options.method ?? "POST",
				headers: { ...options.headers, ...(body ? { "Content-Length": Buffer.byteLength(body) } : {}) },
				...(options.ca === null ? {} : { ca: options.ca ?? emulator.caPem }),
				agent: false,
			},
			(response) => {
				const chunks: Buffer[] = [];
				response.on("data", (chunk: Buffer) => chunks.push(chunk));
				response.on("error", (error) => reject(Object.assign(error, { partialBody: Buffer.concat(chunks).toString("utf8") })));
				response.on("aborted", () => reject(Object.assign(new Error("aborted"), { code: "ECONNRESET", partialBody: Buffer.concat(chunks).toString("utf8") })));
				response.on("end", () => {
					if (response.complete) resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString("utf8") });
				});
			},
		);
		request.on("error", reject);
		options.onRequest?.(() => request.destroy());
		request.end(body);
	});
}

export function check(emulator: Emulator, headers: Record<string, string> = deviceHeaders(), body = CHECK_BODY): Promise<Reply> {
	return send(emulator.otaUrl, emulator, { headers, body });
}

export function activate(emulator: Emulator, headers: Record<string, string> = deviceHeaders(), body = "{}"): Promise<Reply> {
	return send(`${emulator.otaUrl}activate`, emulator, { headers, body });
}

export function parse(reply: Reply): Record<string, unknown> {
	return JSON.parse(reply.body) as Record<string, unknown>;
}

/** Virtual time with timers that fire as the clock is advanced. */
export class TestClock implements EmulatorClock {
	#now: number;
	#timers: { at: number; fire: () => void }[] = [];
	advances: number[] = [];

	constructor(start = 1_000_000) {
		this.#now = start;
	}

	now(): number {
		return this.#now;
	}

	advance(ms: number): void {
		if (!(ms >= 0)) throw new RangeError(`advance needs ms >= 0, got ${ms}`);
		this.advances.push(ms);
		const target = this.#now + ms;
		for (;;) {
			this.#timers.sort((a, b) => a.at - b.at);
			const next = this.#timers[0];
			if (!next || next.at > target) break;
			this.#timers.shift();
			this.#now = next.at;
			next.fire();
		}
		this.#now = target;
	}

	/** Runs `fire` when the clock reaches now + ms. */
	at(ms: number, fire: () => void): void {
		this.#timers.push({ at: this.#now + ms, fire });
	}
}
