/* A TCP (and the same UDP) port free on 127.0.0.1 right now, for a server that must be told its port before it starts (the board run's setup page). */
import { createServer } from "node:net";
import { createSocket } from "node:dgram";

/** A TCP port the system gave and took back: nothing listens on it (until someone binds it). */
export async function freeTcpPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve, reject) => {
		server.once("error", reject);
		server.listen(0, "127.0.0.1", resolve);
	});
	const port = (server.address() as { port: number }).port;
	await new Promise((resolve) => server.close(resolve));
	return port;
}

async function udpFree(port: number): Promise<boolean> {
	const socket = createSocket("udp4");
	try {
		await new Promise<void>((resolve, reject) => {
			socket.once("error", reject);
			socket.bind(port, "127.0.0.1", resolve);
		});
		return true;
	} catch {
		return false;
	} finally {
		try {
			socket.close();
		} catch {
			// never bound
		}
	}
}

/** Two ports, free for TCP (the page) and UDP (its DNS server). */
export async function freeSetupPorts(): Promise<{ http: number; dns: number }> {
	const http = await freeTcpPort();
	for (let tries = 0; tries < 20; tries++) {
		const dns = await freeTcpPort();
		if (dns !== http && (await udpFree(dns))) return { http, dns };
	}
	throw new Error("no free UDP port on 127.0.0.1");
}
