/*
 * Stand-in for the SDK's "dns/server", on a UDP port of the host's network (socket.ts). As
 * the SDK's ($(MODULES)/network/dns/dnsserver.js): the question's name is read label by label, only an A question (type 1) is answered, with what the callback returns
 * (`callback(1, name)`), as the query copied back with QR set, ANCOUNT = QDCOUNT and one A
 * record pointing at the question (TTL from the options, else 60); other queries get nothing.
 */
import type SdkDNSServer from "dns/server";
import { bindUdp } from "./socket.ts";

type Resolve = (message: number, name: string) => string | undefined;

class DNSServer {
	static readonly resolve = 1;
	readonly #socket: { send(address: string, port: number, bytes: Uint8Array): void; close(): void };
	readonly #ttl: number;
	readonly #callback: Resolve;

	constructor(callback: Resolve, options: { port?: number; ttl?: number } = {}) {
		this.#callback = callback;
		this.#ttl = options.ttl || 60;
		this.#socket = bindUdp(options.port || 53, (query, address, port) => this.#answer(query, address, port));
	}

	close(): void {
		this.#socket.close();
	}

	#answer(query: Uint8Array, address: string, port: number): void {
		const labels: string[] = [];
		let at = 12;
		for (let length = query[at++] ?? 0; length; length = query[at++] ?? 0) {
			labels.push(String.fromCharCode(...query.subarray(at, at + length)));
			at += length;
		}
		if ((((query[at] ?? 0) << 8) | (query[at + 1] ?? 0)) !== 1) return;
		const ip = this.#callback(DNSServer.resolve, labels.join("."));
		if (!ip) return;
		const answer = new Uint8Array(query.length + 16);
		answer.set(query);
		answer[2]! |= 0x80;
		answer[6] = answer[4]!;
		answer[7] = answer[5]!;
		const ttl = this.#ttl;
		answer.set([0xc0, 12, 0, 1, 0, 1, (ttl >> 24) & 0xff, (ttl >> 16) & 0xff, (ttl >> 8) & 0xff, ttl & 0xff, 0, 4, ...ip.split(".").map((part) => parseInt(part))], query.length);
		this.#socket.send(address, port, answer);
	}
}
Object.freeze(DNSServer.prototype);

// Typed as the SDK's API as the project declares it (typings/dns-server.d.ts).
export default DNSServer satisfies typeof SdkDNSServer;
