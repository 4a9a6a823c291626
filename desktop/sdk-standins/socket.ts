/*
 * The board run's TCP and UDP sockets inside XS, on the machine's sockets (desktop/runner/
 * board-network.ts, over the bridge), with the ESP32's lwIP socket as the SDK's C has it
 * ($(MODULES)/network/socket/lwip/modSocket.c): received bytes wait until read; `read()` is the
 * count waiting, `read(ArrayBuffer, n)` takes n; `write()` is the room left in the 5744-byte
 * send buffer (CONFIG_LWIP_TCP_SND_BUF_DEFAULT of the ESP32-S3) and a write that does not fit
 * throws "can't write all data"; the room comes back once the peer took everything written,
 * with one "sent" message (3); a peer that goes is message -1. The board's driver hands the
 * events in (dispatch()) between timers.
 */
import type { NetEvent } from "../../bridge-protocol.ts";
import { call } from "../xs-bridge.ts";

export const SEND_BUFFER_BYTES = 5744;
export const MESSAGE_DISCONNECT = -1;
export const MESSAGE_RECEIVED = 2;
export const MESSAGE_SENT = 3;

type Handler = (event: NetEvent) => void;
const handlers = new Map<number, Handler>();
const encoder = new TextEncoder();

const HEX = "0123456789abcdef";

function hexOf(bytes: Uint8Array): string {
	const parts: string[] = [];
	for (let i = 0; i < bytes.length; i++) parts.push(HEX[bytes[i]! >> 4]! + HEX[bytes[i]! & 15]!);
	return parts.join("");
}

export function bytesOfHex(hex: string): Uint8Array {
	const out = new Uint8Array(hex.length / 2);
	for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
	return out;
}

/** Whether any socket is open: the driver then waits for the network between timers. */
export function networkOpen(): boolean {
	return handlers.size > 0;
}

/** Hands what happened on the machine's sockets to the sockets it concerns. */
export function dispatch(events: readonly NetEvent[]): void {
	for (const event of events) handlers.get(event.id)?.(event);
}

/** One TCP connection, as the SDK's Socket behaves on the ESP32. */
export class BoardTcpSocket {
	callback: ((message: number, value?: number) => void) | undefined;
	readonly #id: number;
	#received = new Uint8Array(0);
	#inFlight = 0;
	#closed = false;

	constructor(id: number) {
		this.#id = id;
		handlers.set(id, (event) => this.#on(event));
	}

	read(type?: unknown, limit?: number): number | ArrayBuffer {
		if (this.#closed) throw new Error("read on closed socket");
		if (type === undefined) return this.#received.length;
		if (type !== ArrayBuffer) throw new Error("unsupported output type (the board's code reads ArrayBuffers)");
		const count = limit === undefined ? this.#received.length : Math.min(limit, this.#received.length);
		const out = this.#received.slice(0, count);
		this.#received = this.#received.slice(count);
		return out.buffer;
	}

	write(...data: (string | ArrayBuffer | Uint8Array)[]): number | undefined {
		const room = SEND_BUFFER_BYTES - this.#inFlight;
		if (this.#closed) return data.length === 0 ? 0 : undefined;
		if (data.length === 0) return room;
		const pieces = data.map((piece) => (typeof piece === "string" ? encoder.encode(piece) : piece instanceof Uint8Array ? piece : new Uint8Array(piece)));
		let total = 0;
		for (const piece of pieces) total += piece.length;
		if (total > room) throw new Error("can't write all data");
		const whole = new Uint8Array(total);
		let at = 0;
		for (const piece of pieces) {
			whole.set(piece, at);
			at += piece.length;
		}
		this.#inFlight += total;
		call({ op: "net.write", id: this.#id, hex: hexOf(whole) });
		return undefined;
	}

	/** Bytes the http Server stand-in took from this socket but did not use: they stay for its next reader (Server.detach). */
	unread(bytes: Uint8Array): void {
		const joined = new Uint8Array(bytes.length + this.#received.length);
		joined.set(bytes);
		joined.set(this.#received, bytes.length);
		this.#received = joined;
	}

	close(): void {
		if (this.#closed) return;
		this.#closed = true;
		handlers.delete(this.#id);
		call({ op: "net.close", id: this.#id });
	}

	#on(event: NetEvent): void {
		if (event.kind === "data") {
			const more = bytesOfHex(event.hex);
			const joined = new Uint8Array(this.#received.length + more.length);
			joined.set(this.#received);
			joined.set(more, this.#received.length);
			this.#received = joined;
			this.callback?.(MESSAGE_RECEIVED, more.length);
		} else if (event.kind === "sent") {
			// lwIP's didSend: the message comes once everything written has been taken.
			this.#inFlight = Math.max(0, this.#inFlight - event.count);
			if (this.#inFlight === 0) this.callback?.(MESSAGE_SENT, SEND_BUFFER_BYTES);
		} else if (event.kind === "closed") {
			this.#closed = true;
			handlers.delete(this.#id);
			this.callback?.(MESSAGE_DISCONNECT);
		}
	}
}

/** A listening TCP port: each connection comes as a BoardTcpSocket. */
export function listen(port: number, onAccept: (socket: BoardTcpSocket) => void): { close(): void } {
	const id = call({ op: "net.listen", port }) as number;
	handlers.set(id, (event) => {
		if (event.kind === "accept") onAccept(new BoardTcpSocket(event.connection));
	});
	return {
		close() {
			if (!handlers.delete(id)) return;
			call({ op: "net.close", id });
		},
	};
}

/** A bound UDP port. */
export function bindUdp(port: number, onDatagram: (bytes: Uint8Array, address: string, port: number) => void): { send(address: string, port: number, bytes: Uint8Array): void; close(): void } {
	const id = call({ op: "net.udp", port }) as number;
	handlers.set(id, (event) => {
		if (event.kind === "datagram") onDatagram(bytesOfHex(event.hex), event.address, event.port);
	});
	return {
		send(address, remotePort, bytes) {
			call({ op: "net.send", id, address, port: remotePort, hex: hexOf(bytes) });
		},
		close() {
			if (!handlers.delete(id)) return;
			call({ op: "net.close", id });
		},
	};
}
