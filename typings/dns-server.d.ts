/* Our declaration of Moddable's DNS server ($(MODULES)/network/dns/dnsserver.js, module "dns/server"): only what this project uses. */

declare module "dns/server" {
	export default class DNSServer {
		/** `callback(1, name)` answers an A query with an IPv4 address, or nothing to leave it unanswered. */
		constructor(callback: (message: number, name: string) => string | undefined, options?: { port?: number; ttl?: number });
		close(): void;
		static readonly resolve: 1;
	}
}
