/*
 * The Wi-Fi network of the dual-network board as the core sees it (an HttpTransport and the
 * board facts), joining the access point on first use. A failed join is one failed check
 * (a "no-network" answer, retried by the flow's back-off), never a hang; the next use tries
 * again. Concurrent users share one join.
 */
import type { BoardFacts, HttpTransport } from "activation/interfaces";
import type { NetworkStack } from "device/network-choice";

export interface WifiStackParts {
	/** Joins the access point (and readies what HTTPS needs, e.g. the clock); rejects with a clear Error. */
	readonly join: () => Promise<void>;
	readonly transport: HttpTransport;
	/** The station facts once joined. */
	readonly facts: () => BoardFacts;
}

export function wifiNetworkStack(parts: WifiStackParts): NetworkStack {
	let joining: Promise<void> | undefined;
	const online = (): Promise<void> => {
		joining ??= parts.join().catch((error: unknown) => {
			joining = undefined;
			throw error;
		});
		return joining;
	};
	return {
		http: {
			async request(request) {
				try {
					await online();
				} catch (error) {
					return { ok: false, failure: "no-network", detail: (error as Error).message };
				}
				return parts.transport.request(request);
			},
		},
		board: async () => {
			await online();
			return parts.facts();
		},
	};
}
