/*
 * The contract of the SDK's "http" Request ($(MODULES)/network/http/http.js) against the
 * project's emulator on 127.0.0.1 over plain HTTP (its POST /echo answers the body verbatim):
 * the callbacks' order and values, a fixed body and one pulled through callback 0, a body kept
 * for callback 5 or read from callback 4, a refused connection. ASCII bodies only: XS has no
 * TextEncoder, and http.js announces a string's UTF-16 length. A fixed body must fit the
 * socket's room after the head or http.js's write throws "can't write all data", uncaught
 * (lin's socket has 1 KB, the ESP32's lwIP 5744 bytes): the fixed bodies here are small, the
 * large ones streamed.
 * The Request is typed here by what the contract calls ("http" is Node's own module in the
 * Node typecheck); the simulator's app passes the SDK's as declared (typings/http.d.ts), which
 * must fit it, as the stand-in must.
 */
import { ContractFailure, expectEqual, type ContractCheck, type ContractEnv } from "sdk-contracts/contract";

/** http.js's callback codes (-2 error, 0 requestFragment … 5 responseComplete). */
export type ContractMessage = -2 | 0 | 1 | 2 | 3 | 4 | 5;

export interface ContractRequest {
	callback: ((message: ContractMessage, value1?: unknown, value2?: unknown) => unknown) | undefined;
	read(type: typeof ArrayBuffer, limit?: number): unknown;
	close(): void;
}
export type ContractRequestClass = new (options: {
	host: string;
	port: number;
	path: string;
	method: string;
	headers?: (string | number)[];
	body?: string | ArrayBuffer | true;
	response?: typeof String | typeof ArrayBuffer;
}) => ContractRequest;

export interface HttpTarget {
	/** The emulator's plain-HTTP host and port (POST /echo). */
	readonly host: string;
	readonly port: number;
	/** A port on the same host nothing listens on. */
	readonly closedPort: number;
}

type Message = readonly [number, unknown?, unknown?];

const ROUNDS = 400;
const ROUND_MS = 25;

function ascii(length: number): string {
	let text = "";
	for (let i = 0; i < length; i++) text += String.fromCharCode(0x41 + (i % 26));
	return text;
}

function bufferOf(text: string): ArrayBuffer {
	const bytes = new Uint8Array(text.length);
	for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
	return bytes.buffer;
}

function textOf(buffer: unknown): string {
	if (!(buffer instanceof ArrayBuffer)) throw new ContractFailure(`not an ArrayBuffer: ${String(buffer)}`);
	let text = "";
	for (const byte of new Uint8Array(buffer)) text += String.fromCharCode(byte);
	return text;
}

/** Answers callback 0 with `body` in pieces of at most 700 bytes and the room offered; `rooms` records the offers. */
function streamer(body: string, rooms: number[]): (room: number) => unknown {
	let sent = 0;
	return (room) => {
		rooms.push(room);
		if (sent >= body.length) return undefined;
		const piece = body.slice(sent, sent + Math.min(room, 700));
		sent += piece.length;
		return bufferOf(piece);
	};
}

/** Every callback of one request until 5 or -2 (or ROUNDS of waiting); `answer` replies to callback 0. */
async function exchange(env: ContractEnv, request: ContractRequest, answer?: (room: number) => unknown, onFragment?: (count: number) => void): Promise<Message[]> {
	const messages: Message[] = [];
	let ended = false;
	request.callback = function (message, value1, value2) {
		messages.push([message, value1, value2]);
		if (message === 0) return answer?.(Number(value1));
		if (message === 4) onFragment?.(Number(value1));
		if (message === 5 || message === -2) ended = true;
		return undefined;
	};
	for (let round = 0; round < ROUNDS && !ended; round++) await env.wait(ROUND_MS);
	if (!ended) throw new ContractFailure(`no end within ${(ROUNDS * ROUND_MS) / 1000} s: ${messages.map(([m]) => m).join(",")}`);
	await env.wait(ROUND_MS);
	return messages;
}

/** The callbacks' codes in order, runs of 0, 2 and 4 folded to one. */
function shape(messages: readonly Message[]): string {
	const codes: number[] = [];
	for (const [message] of messages) if (codes[codes.length - 1] !== message || ![0, 2, 4].includes(message)) codes.push(message);
	return codes.join(",");
}

export function httpContract(Request: ContractRequestClass, target: HttpTarget): ContractCheck[] {
	const post = (body: string | ArrayBuffer | true, response?: typeof String | typeof ArrayBuffer, length?: number) =>
		new Request({ host: target.host, port: target.port, path: "/echo", method: "POST", body, ...(response ? { response } : {}), headers: ["Content-Type", "text/plain", ...(length === undefined ? [] : ["Content-Length", length])] });
	return [
		{
			name: "a fixed body: status, headers (names lower-case), headers complete, then complete with the body kept as a String",
			async run(env) {
				const body = ascii(500);
				const messages = await exchange(env, post(body, String));
				expectEqual(shape(messages), "1,2,3,5", "the callbacks");
				expectEqual(messages[0]![1], 200, "the status");
				const names = messages.filter(([m]) => m === 2).map(([, name]) => String(name));
				expectEqual(names.includes("content-length"), true, `a content-length among ${names.join(" ")}`);
				expectEqual(names.every((name) => name === name.toLowerCase()), true, "names are lower-case");
				expectEqual(messages[messages.length - 1]![1], body, "the body given with 5");
			},
		},
		{
			name: "body: true asks callback 0 with the room left until it returns undefined; the echo is the bytes sent",
			async run(env) {
				const body = ascii(2600);
				const rooms: number[] = [];
				const messages = await exchange(env, post(true, ArrayBuffer, body.length), streamer(body, rooms));
				expectEqual(rooms.every((room) => room > 0), true, `every room offered is positive (${rooms.join(",")})`);
				expectEqual(shape(messages), "0,1,2,3,5", "the callbacks");
				expectEqual(textOf(messages[messages.length - 1]![1]), body, "the echo");
			},
		},
		{
			name: "without a response type the body comes as callback 4 with the bytes readable, read by the app",
			async run(env) {
				const body = ascii(3000);
				const request = post(true, undefined, body.length);
				let received = "";
				const messages = await exchange(env, request, streamer(body, []), (count) => {
					received += textOf(request.read(ArrayBuffer, count));
				});
				expectEqual(shape(messages), "0,1,2,3,4,5", "the callbacks");
				expectEqual(received, body, "what was read");
			},
		},
		{
			name: "a refused connection is callback -2 alone",
			// lwIP reports the refusal (ESP32 modSocket.c); lin's socket finds it only when http.js
			// writes the head, and that write throws "write failed" out of the socket's callback.
			only: "esp32",
			async run(env) {
				const request = new Request({ host: target.host, port: target.closedPort, path: "/", method: "GET" });
				const messages = await exchange(env, request);
				expectEqual(shape(messages), "-2", "the callbacks");
			},
		},
	];
}
