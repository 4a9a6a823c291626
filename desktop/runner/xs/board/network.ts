/*
 * The board run's network for the socket stand-ins (desktop/sdk-standins/socket.ts): TCP
 * listeners and UDP ports on this machine (desktop/runner/board-network.ts), over the bridge.
 * What happens there comes back as events the driver (board-entry.ts) collects between
 * timers and hands in with dispatch().
 */
import type { NetEvent } from "../../bridge-protocol.ts";
import type { NetHost, TcpWire, UdpPort } from "../../../sdk-standins/host.ts";
import { call } from "../xs-bridge.ts";

const handlers = new Map<number, (event: NetEvent) => void>();
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

function wire(id: number): TcpWire {
	const tcp: TcpWire = {
		events: undefined,
		write(bytes) {
			call({ op: "net.write", id, hex: hexOf(bytes) });
		},
		close() {
			if (!handlers.delete(id)) return;
			call({ op: "net.close", id });
		},
	};
	handlers.set(id, (event) => {
		if (event.kind === "data") tcp.events?.data(bytesOfHex(event.hex));
		else if (event.kind === "sent") tcp.events?.sent(event.count);
		else if (event.kind === "closed") {
			handlers.delete(id);
			tcp.events?.closed();
		}
	});
	return tcp;
}

export const boardNetwork: NetHost = Object.freeze({
	listen(port: number, accept: (wire: TcpWire) => void): { close(): void } {
		const id = call({ op: "net.listen", port }) as number;
		handlers.set(id, (event) => {
			if (event.kind === "accept") accept(wire(event.connection));
		});
		return {
			close() {
				if (!handlers.delete(id)) return;
				call({ op: "net.close", id });
			},
		};
	},
	udp(port: number, datagram: (bytes: Uint8Array, address: string, port: number) => void): UdpPort {
		const id = call({ op: "net.udp", port }) as number;
		handlers.set(id, (event) => {
			if (event.kind === "datagram") datagram(bytesOfHex(event.hex), event.address, event.port);
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
	},
});
