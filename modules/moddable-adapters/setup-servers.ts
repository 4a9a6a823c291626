/*
 * The setup hotspot's two servers (wifi-setup/interfaces SetupServers): the page's HTTP
 * server (setup-http.ts) and the SDK's DNS server ($(MODULES)/network/dns/dnsserver.js, "dns/server"),
 * which answers every A query with the hotspot's address, as the official firmware's does, so
 * a phone's connectivity probe (any name) reaches the page. On the board they listen on ports
 * 80 and 53; a desktop run or the simulator give free high ports instead.
 */
import DNSServer from "dns/server";
import type { SetupHandler, SetupServers } from "wifi-setup/interfaces";
import { SetupHttpServer } from "moddable-adapters/setup-http";

export interface SetupServerPorts {
	readonly http: number;
	readonly dns: number;
	/** What the DNS server answers for every name (the hotspot's address). */
	readonly address: string;
}

export class ModdableSetupServers implements SetupServers {
	readonly #ports: SetupServerPorts;
	#http: SetupHttpServer | undefined;
	#dns: DNSServer | undefined;

	constructor(ports: SetupServerPorts) {
		this.#ports = ports;
	}

	start(handler: SetupHandler): void {
		this.stop();
		const address = this.#ports.address;
		this.#http = new SetupHttpServer(this.#ports.http, handler);
		this.#dns = new DNSServer((message) => (message === DNSServer.resolve ? address : undefined), { port: this.#ports.dns });
	}

	stop(): void {
		const http = this.#http;
		const dns = this.#dns;
		this.#http = this.#dns = undefined;
		http?.close();
		dns?.close();
	}
}

Object.freeze(ModdableSetupServers.prototype);
