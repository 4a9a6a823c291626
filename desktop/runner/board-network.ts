/*
 * The board run's sockets on this machine: what the board's TCP listeners (the setup page's
 * HTTP server) and UDP sockets (its DNS server) do, on 127.0.0.1, for the stand-ins inside XS
 * (desktop/sdk-standins/socket.ts). XS blocks while it runs, so everything that happens
 * here is queued as events; the board's driver collects them with `wait`, which returns at
 * once when some are queued and otherwise waits (real time) for the first one or `ms`.
 */
import { createServer, type Server, type Socket } from "node:net";
import { createSocket, type Socket as UdpSocket } from "node:dgram";
import type { NetEvent } from "./bridge-protocol.ts";

/** Open connections kept at most (the ESP32's lwIP serves a handful; the hotspot allows 4 stations). */
const MAX_CONNECTIONS = 16;

export class BoardNetwork {
	readonly #events: NetEvent[] = [];
	readonly #listeners = new Map<number, Server>();
	readonly #connections = new Map<number, Socket>();
	readonly #udp = new Map<number, UdpSocket>();
	#nextId = 1;
	#wake: (() => void) | undefined;

	/** Listens on 127.0.0.1:port; resolves with the listener's id. */
	async listen(port: number): Promise<number> {
		const id = this.#nextId++;
		const server = createServer((socket) => this.#accept(id, socket));
		await new Promise<void>((resolve, reject) => {
			server.once("error", reject);
			server.listen(port, "127.0.0.1", () => {
				server.off("error", reject);
				resolve();
			});
		}).catch((error: unknown) => {
			throw new Error(`listen on 127.0.0.1:${port} failed: ${(error as Error).message}`, { cause: error });
		});
		this.#listeners.set(id, server);
		return id;
	}

	async udp(port: number): Promise<number> {
		const id = this.#nextId++;
		const socket = createSocket("udp4");
		socket.on("message", (data, remote) => this.#push({ id, kind: "datagram", hex: data.toString("hex"), address: remote.address, port: remote.port }));
		await new Promise<void>((resolve, reject) => {
			socket.once("error", reject);
			socket.bind(port, "127.0.0.1", () => {
				socket.off("error", reject);
				resolve();
			});
		}).catch((error: unknown) => {
			throw new Error(`UDP bind on 127.0.0.1:${port} failed: ${(error as Error).message}`, { cause: error });
		});
		this.#udp.set(id, socket);
		return id;
	}

	write(id: number, hex: string): void {
		const socket = this.#connections.get(id);
		if (!socket) return;
		const bytes = Buffer.from(hex, "hex");
		socket.write(bytes, () => this.#push({ id, kind: "sent", count: bytes.length }));
	}

	send(id: number, address: string, port: number, hex: string): void {
		this.#udp.get(id)?.send(Buffer.from(hex, "hex"), port, address);
	}

	close(id: number): void {
		const listener = this.#listeners.get(id);
		if (listener) {
			this.#listeners.delete(id);
			listener.close();
		}
		const connection = this.#connections.get(id);
		if (connection) {
			this.#connections.delete(id);
			connection.end();
		}
		const udp = this.#udp.get(id);
		if (udp) {
			this.#udp.delete(id);
			udp.close();
		}
	}

	/** The events queued (at once), or those of the first moment something happens within `ms`. */
	async wait(ms: number): Promise<{ events: NetEvent[]; elapsedMs: number }> {
		const started = performance.now();
		if (this.#events.length === 0 && ms > 0) {
			await new Promise<void>((resolve) => {
				const timer = setTimeout(done, ms);
				function done(): void {
					clearTimeout(timer);
					resolve();
				}
				this.#wake = done;
			});
			this.#wake = undefined;
		}
		return { events: this.#events.splice(0), elapsedMs: performance.now() - started };
	}

	/** Everything closed (the run ended). */
	closeAll(): void {
		for (const id of [...this.#listeners.keys(), ...this.#connections.keys(), ...this.#udp.keys()]) this.close(id);
		for (const socket of this.#connections.values()) socket.destroy();
	}

	#accept(listener: number, socket: Socket): void {
		if (this.#connections.size >= MAX_CONNECTIONS) return void socket.destroy();
		const id = this.#nextId++;
		this.#connections.set(id, socket);
		socket.setNoDelay(true);
		this.#push({ id: listener, kind: "accept", connection: id });
		socket.on("data", (data) => this.#push({ id, kind: "data", hex: data.toString("hex") }));
		socket.on("error", () => undefined);
		socket.on("close", () => {
			if (this.#connections.delete(id)) this.#push({ id, kind: "closed" });
		});
	}

	#push(event: NetEvent): void {
		this.#events.push(event);
		this.#wake?.();
	}
}
