/*
 * Stand-in for Moddable's "http" Request on the board run (Wi-Fi mode): the request goes
 * over the bridge to Node's HTTPS transport, and the answer comes back through the
 * client's callback codes as the runtime sends them: 0 for each body piece, 1 status,
 * 2 header, 3 headers complete, 4 body fragments (read()), 5 complete, -2 error.
 */
import type { HttpResult } from "activation/interfaces";
import { call } from "../xs-bridge.ts";
import { scheduler } from "./scheduler.ts";
import SecureSocket from "./securesocket.ts";

export { Server } from "./http-server.ts";

interface RequestOptions {
	host?: string;
	port?: number;
	path?: string;
	method?: string;
	headers?: (string | number)[];
	body?: true | string | ArrayBuffer;
	Socket?: unknown;
}

type Callback = (this: Request, message: number, value1?: unknown, value2?: unknown) => unknown;

const FRAGMENT_BYTES = 512;
const encoder = new TextEncoder();

export class Request {
	callback: Callback | undefined;
	#pending = new Uint8Array(0);
	#closed = false;

	constructor(options: RequestOptions) {
		if (!options.host) throw new Error("http: no host");
		scheduler.set(() => this.#exchange(options), 0);
	}

	read(type: unknown, limit?: number): ArrayBuffer {
		if (type !== ArrayBuffer) throw new TypeError("http stand-in: read(ArrayBuffer) only");
		const count = limit === undefined ? this.#pending.length : Math.min(limit, this.#pending.length);
		const out = this.#pending.slice(0, count);
		this.#pending = this.#pending.slice(count);
		return out.buffer;
	}

	close(): void {
		this.#closed = true;
		this.callback = undefined;
	}

	#call(message: number, value1?: unknown, value2?: unknown): unknown {
		if (this.#closed || !this.callback) return undefined;
		return this.callback.call(this, message, value1, value2);
	}

	#body(options: RequestOptions): string {
		if (options.body !== true) return typeof options.body === "string" ? options.body : "";
		const pieces: Uint8Array[] = [];
		for (;;) {
			const piece = this.#call(0, 1024);
			if (piece === undefined) break;
			pieces.push(new Uint8Array(piece as ArrayBuffer));
		}
		let length = 0;
		for (const piece of pieces) length += piece.length;
		const whole = new Uint8Array(length);
		let at = 0;
		for (const piece of pieces) {
			whole.set(piece, at);
			at += piece.length;
		}
		return new TextDecoder().decode(whole);
	}

	#exchange(options: RequestOptions): void {
		const secure = options.Socket === SecureSocket;
		const port = options.port ?? (secure ? 443 : 80);
		const url = `${secure ? "https" : "http"}://${options.host}:${port}${options.path ?? "/"}`;
		const flat = options.headers ?? [];
		const headers: [string, string][] = [];
		for (let i = 0; i + 1 < flat.length; i += 2) if (String(flat[i]).toLowerCase() !== "content-length") headers.push([String(flat[i]), String(flat[i + 1])]);
		const body = this.#body(options);
		const method = options.method === "GET" ? "GET" : "POST";
		const result = call({ op: "http", request: { method, url, headers, body, timeoutMs: 60_000, maxBodyBytes: 1 << 20 } }) as HttpResult;
		if (!result.ok) return void this.#call(-2);
		const bytes = encoder.encode(result.body);
		this.#call(1, result.status);
		this.#call(2, "content-length", String(bytes.length));
		this.#call(3);
		for (let at = 0; at < bytes.length && !this.#closed; at += FRAGMENT_BYTES) {
			this.#pending = bytes.slice(at, at + FRAGMENT_BYTES);
			this.#call(4, this.#pending.length);
		}
		this.#call(5);
		this.close();
	}
}
