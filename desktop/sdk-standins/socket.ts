/*
 * A TCP connection as the SDK's Socket behaves on the ESP32's lwIP ($(MODULES)/network/socket/lwip/modSocket.c),
 * over a wire of the host's network; the http Server and its detached sockets use it.
 * Received bytes wait until read: `read()` is the count waiting, `read(ArrayBuffer, n)` takes
 * at most n (reading a closed socket throws "read on closed socket"). `write()` is the room
 * left in the send buffer (CONFIG_LWIP_TCP_SND_BUF_DEFAULT, 5744 bytes on the ESP32-S3); a
 * write that does not fit whole throws "can't write all data" and writes nothing; a write on
 * a closed socket writes nothing. The room comes back once the peer took everything written,
 * with one "sent" message (3); bytes in are message 2 with their count; a peer that goes is -1.
 */
import { hostPart, type TcpWire, type UdpPort } from "./host.ts";

export const SEND_BUFFER_BYTES = 5744;
export const MESSAGE_DISCONNECT = -1;
export const MESSAGE_RECEIVED = 2;
export const MESSAGE_SENT = 3;

const encoder = new TextEncoder();

export class StandinTcpSocket {
	callback: ((message: number, value?: number) => void) | undefined;
	readonly #wire: TcpWire;
	#received = new Uint8Array(0);
	#inFlight = 0;
	#closed = false;

	constructor(wire: TcpWire) {
		this.#wire = wire;
		wire.events = {
			data: (bytes) => this.#arrived(bytes),
			sent: (count) => this.#sent(count),
			closed: () => this.#gone(),
		};
	}

	read(type?: unknown, limit?: number): number | ArrayBuffer {
		if (this.#closed) throw new Error("read on closed socket");
		if (type === undefined) return this.#received.length;
		if (type !== ArrayBuffer) throw new Error("unsupported output type (this stand-in reads into ArrayBuffers)");
		const count = limit === undefined ? this.#received.length : Math.min(Number(limit) | 0, this.#received.length);
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
		this.#wire.write(whole);
		return undefined;
	}

	/** Bytes the http Server took from this socket but did not use: they stay for its next reader (Server.detach). */
	unread(bytes: Uint8Array): void {
		const joined = new Uint8Array(bytes.length + this.#received.length);
		joined.set(bytes);
		joined.set(this.#received, bytes.length);
		this.#received = joined;
	}

	close(): void {
		if (this.#closed) return;
		this.#closed = true;
		this.#wire.events = undefined;
		this.#wire.close();
	}

	#arrived(bytes: Uint8Array): void {
		const joined = new Uint8Array(this.#received.length + bytes.length);
		joined.set(this.#received);
		joined.set(bytes, this.#received.length);
		this.#received = joined;
		this.callback?.(MESSAGE_RECEIVED, bytes.length);
	}

	#sent(count: number): void {
		// lwIP's didSend: the message comes once everything written has been taken.
		this.#inFlight = Math.max(0, this.#inFlight - count);
		if (this.#inFlight === 0) this.callback?.(MESSAGE_SENT, SEND_BUFFER_BYTES);
	}

	#gone(): void {
		this.#closed = true;
		this.#wire.events = undefined;
		this.callback?.(MESSAGE_DISCONNECT);
	}
}

/** A listening TCP port of the host's network: each connection comes as a socket. */
export function listen(port: number, onAccept: (socket: StandinTcpSocket) => void): { close(): void } {
	return hostPart("net", "socket").listen(port, (wire) => onAccept(new StandinTcpSocket(wire)));
}

/** A bound UDP port of the host's network. */
export function bindUdp(port: number, onDatagram: (bytes: Uint8Array, address: string, port: number) => void): UdpPort {
	return hostPart("net", "socket").udp(port, onDatagram);
}
