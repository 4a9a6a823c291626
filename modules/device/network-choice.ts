/*
 * Network choice of the official dual-network board (DualNetworkBoard): NVS
 * `network/type` holds 1 for the ML307 modem (the default) or 0 for Wi-Fi; the board
 * section of the status query and the HTTP path follow the active network. Device code,
 * not modem code: the Wi-Fi path never loads the modem driver for it.
 */

import type { BoardFacts, DeviceFactsProvider, HttpTransport, KeyValueStore, SystemFacts } from "activation/interfaces";

export const NETWORK_NAMESPACE = "network";
export const NETWORK_TYPE_KEY = "type";
export const NETWORK_TYPE_ML307 = 1;
export const NETWORK_TYPE_WIFI = 0;

export type NetworkType = "ml307" | "wifi";

/** The stored choice; anything but a stored 0 means the modem, as the firmware's default 1. */
export function storedNetworkType(store: KeyValueStore): NetworkType {
	return store.get(NETWORK_NAMESPACE, NETWORK_TYPE_KEY) === NETWORK_TYPE_WIFI ? "wifi" : "ml307";
}

/** Whether NVS holds a choice at all (a build's `network=` only fills an empty one). */
export function hasStoredNetworkType(store: KeyValueStore): boolean {
	return store.get(NETWORK_NAMESPACE, NETWORK_TYPE_KEY) !== undefined;
}

/** What the BOOT double-click does before restarting. */
export function storeNetworkType(store: KeyValueStore, type: NetworkType): void {
	store.set(NETWORK_NAMESPACE, NETWORK_TYPE_KEY, type === "wifi" ? NETWORK_TYPE_WIFI : NETWORK_TYPE_ML307);
}

/** The other network: what a double-click switches to. */
export function otherNetwork(type: NetworkType): NetworkType {
	return type === "wifi" ? "ml307" : "wifi";
}

/** The two things that change with the network: who answers board facts, who carries HTTP. */
export interface NetworkStack {
	readonly http: HttpTransport;
	readonly board: () => Promise<BoardFacts>;
}

/**
 * Pick the active stack. Factories are lazy so the unused network is never started
 * (no UART opened in Wi-Fi mode, no Wi-Fi radio in 4G mode).
 */
export function chooseNetwork<T>(
	store: KeyValueStore,
	stacks: { readonly ml307: () => T; readonly wifi: () => T },
): { readonly type: NetworkType; readonly stack: T } {
	const type = storedNetworkType(store);
	return { type, stack: type === "wifi" ? stacks.wifi() : stacks.ml307() };
}

/** DeviceFactsProvider from the chip's facts and the active network's board facts. */
export function factsProvider(system: () => SystemFacts, stack: NetworkStack): DeviceFactsProvider {
	return { system, board: stack.board };
}
