/*
 * The ML307R simulator on a local TCP port, for the Moddable simulator's 4G run: the app's
 * modem port (hosts/lin/io/modem-serial.ts) connects here, one connection per open,
 * each starting with `BAUD <rate>\n`; after that the bytes are the UART's. The modem (and
 * its rate after AT+IPR) outlives the connections, as it outlives an ESP32 port reopen.
 * Its HTTP stack forwards over real HTTPS (to the emulator).
 */
import { createServer, type Server, type Socket } from "node:net";
import { createSimulatedModem, type ModemScript, type SimulatedModem } from "../../ml307-simulator/index.ts";
import { nodeTimers } from "../../ml307-simulator/node.ts";
import { NodeHttpTransport } from "../../node/https-transport.ts";

export interface ModemSocket {
	readonly port: number;
	readonly modem: SimulatedModem;
	close(): Promise<void>;
}

export async function startModemSocket(options: { caPem: string; script?: ModemScript }): Promise<ModemSocket> {
	const modem = createSimulatedModem({ timers: nodeTimers, internet: new NodeHttpTransport({ caPem: options.caPem }), script: options.script ?? {} });
	const sockets = new Set<Socket>();
	const server: Server = createServer((socket) => {
		sockets.add(socket);
		socket.setNoDelay(true);
		let header = "";
		let open = false;
		socket.on("data", (chunk: Buffer) => {
			if (!open) {
				header += chunk.toString("latin1");
				const end = header.indexOf("\n");
				if (end < 0) return;
				const baud = Number(/^BAUD (\d+)$/.exec(header.slice(0, end))?.[1]);
				if (!baud) return void socket.destroy();
				open = true;
				modem.link.host.setBaudRate?.(baud);
				// This connection is the UART now; the one it replaces is closed by the app.
				modem.link.host.setReceiver((bytes) => void (socket.writable && socket.write(bytes)));
				const rest = Buffer.from(header.slice(end + 1), "latin1");
				if (rest.length) modem.link.host.write(new Uint8Array(rest));
				return;
			}
			modem.link.host.write(new Uint8Array(chunk));
		});
		socket.on("close", () => sockets.delete(socket));
		socket.on("error", () => sockets.delete(socket));
	});
	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	const address = server.address();
	if (!address || typeof address === "string") throw new Error("modem socket: no port");
	return {
		port: address.port,
		modem,
		close: () =>
			new Promise<void>((resolve) => {
				for (const socket of sockets) socket.destroy();
				modem.stack.channel.close();
				server.close(() => resolve());
			}),
	};
}
