/*
 * The rest of an HTTP/1.1 request after its request line (headers, then a body of
 * Content-Length bytes), read from bytes as they arrive. The SDK's http Server answers in
 * the same turn a request completes, so a request whose answer waits for the radio
 * (POST /submit joins first) is taken off it right after the request line (Server.detach)
 * and finished here. Bounded: headers up to 2 KB, a body up to 1 KB; no chunked bodies.
 */
import { MAX_BODY_BYTES } from "wifi-setup/credentials";

export const MAX_HEADER_BYTES = 2048;

export type TailState =
	| { readonly done: false }
	| { readonly done: true; readonly contentType: string; readonly body: Uint8Array }
	/** The request cannot be taken: answer `status` and close. */
	| { readonly done: true; readonly refused: 400 | 413 | 431; readonly message: string };

const CR = 0x0d;
const LF = 0x0a;
const NOT_DONE: TailState = Object.freeze({ done: false });

export class RequestTail {
	readonly #head = new Uint8Array(MAX_HEADER_BYTES);
	#headLength = 0;
	/** Where the headers end (after the empty line), once seen. */
	#bodyAt = -1;
	#contentType = "";
	#body: Uint8Array | undefined;
	#bodyLength = 0;
	#state: TailState = NOT_DONE;

	get state(): TailState {
		return this.#state;
	}

	/** Takes the next bytes; returns the state after them (done once the whole request is in, or refused). */
	push(bytes: Uint8Array): TailState {
		if (this.#state.done) return this.#state;
		let from = 0;
		if (this.#bodyAt < 0) {
			const room = MAX_HEADER_BYTES - this.#headLength;
			const take = Math.min(room, bytes.length);
			this.#head.set(bytes.subarray(0, take), this.#headLength);
			const before = this.#headLength;
			this.#headLength += take;
			const end = this.#headersEnd(Math.max(0, before - 3));
			if (end < 0) {
				if (this.#headLength >= MAX_HEADER_BYTES) return this.#refuse(431, "Request header fields too large");
				return this.#state;
			}
			this.#bodyAt = end;
			const problem = this.#readHeaders(end);
			if (problem) return problem;
			// What came after the empty line is the body's start: the part copied with the
			// headers, then what did not fit the header buffer.
			this.#take(this.#head.subarray(end, this.#headLength));
			from = take;
		}
		if (from < bytes.length) this.#take(bytes.subarray(from));
		return this.#finishIfComplete();
	}

	#headersEnd(start: number): number {
		const head = this.#head;
		for (let i = start; i + 3 < this.#headLength; i++) if (head[i] === CR && head[i + 1] === LF && head[i + 2] === CR && head[i + 3] === LF) return i + 4;
		return -1;
	}

	/** Content-Type and Content-Length; undefined when they are usable. */
	#readHeaders(end: number): TailState | undefined {
		let length = 0;
		let lineStart = 0;
		const head = this.#head;
		for (let i = 0; i + 1 < end; i++) {
			if (head[i] !== CR || head[i + 1] !== LF) continue;
			const line = asciiText(head, lineStart, i);
			lineStart = i + 2;
			const colon = line.indexOf(":");
			if (colon <= 0) continue;
			const name = line.slice(0, colon).trim().toLowerCase();
			const value = line.slice(colon + 1).trim();
			if (name === "content-type") this.#contentType = value;
			else if (name === "transfer-encoding") return this.#refuse(400, "Chunked request bodies are not taken: send Content-Length");
			else if (name === "content-length") {
				if (!/^[0-9]{1,9}$/.test(value)) return this.#refuse(400, "Bad Content-Length");
				length = Number(value);
			}
		}
		if (length > MAX_BODY_BYTES) return this.#refuse(413, `Payload too large (more than ${MAX_BODY_BYTES} bytes)`);
		this.#body = new Uint8Array(length);
		return undefined;
	}

	#take(bytes: Uint8Array): void {
		const body = this.#body!;
		const take = Math.min(bytes.length, body.length - this.#bodyLength);
		body.set(bytes.subarray(0, take), this.#bodyLength);
		this.#bodyLength += take;
	}

	#finishIfComplete(): TailState {
		const body = this.#body!;
		if (this.#bodyLength < body.length) return this.#state;
		this.#state = { done: true, contentType: this.#contentType, body };
		return this.#state;
	}

	#refuse(refused: 400 | 413 | 431, message: string): TailState {
		this.#state = { done: true, refused, message };
		return this.#state;
	}
}

/** Header bytes as text, one character a byte (header values that matter here are ASCII). */
function asciiText(bytes: Uint8Array, start: number, end: number): string {
	let text = "";
	for (let i = start; i < end; i++) text += String.fromCharCode(bytes[i]!);
	return text;
}

Object.freeze(RequestTail.prototype);
