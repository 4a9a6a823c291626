/*
 * Joining a network: which stored networks to try in what order, and why a join failed.
 *
 * Order (the official station's, plus hidden networks): the network compiled into the build
 * (`mcconfig … ssid=`) first, then the saved networks the last scan saw, strongest first,
 * then the saved ones it did not see, in their saved order: a hidden network never shows in
 * a scan, and the official firmware, which tries only what it sees, can never join one.
 *
 * Reasons, from what the radio saw (the SDK tells little: "connect", "gotIP", and on a
 * disconnect -1 when the handshake failed):
 *   wrong-password  the network refused the password (the radio said so);
 *   rejected        the network was seen but the station never associated (on the simulator
 *                   and some access points a refused password looks like this);
 *   not-found       not seen and never associated: out of range, or a mistyped name;
 *   no-ip           associated, but no address came (DHCP).
 */
import type { JoinAttempt, ScanEntry } from "wifi-setup/interfaces";
import type { SavedNetwork } from "wifi-setup/networks";

export type JoinFailure = "wrong-password" | "rejected" | "not-found" | "no-ip";

export type JoinResult = { readonly ok: true } | { readonly ok: false; readonly reason: JoinFailure };

/** In words for the log and the API's `error` (the page shows its own words for each reason). */
export const JOIN_FAILURE_MESSAGES: Readonly<Record<JoinFailure, string>> = Object.freeze({
	"wrong-password": "Wrong password: the network refused it",
	rejected: "The network refused the connection: check the password",
	"not-found": "Network not found: check the name, or move closer",
	"no-ip": "Joined, but no IP address came from the network (DHCP)",
});

export function seenInScan(scan: readonly ScanEntry[], ssid: string): boolean {
	for (let i = 0; i < scan.length; i++) if (scan[i]!.ssid === ssid) return true;
	return false;
}

/** The reason of a failed attempt, or undefined when it was cancelled (nobody's fault). */
export function joinFailure(attempt: JoinAttempt & { ok: false }, seen: boolean): JoinFailure | undefined {
	if (attempt.cancelled) return undefined;
	if (attempt.passwordRejected) return "wrong-password";
	if (attempt.associated) return "no-ip";
	return seen ? "rejected" : "not-found";
}

function rssiOf(scan: readonly ScanEntry[], ssid: string): number | undefined {
	let best: number | undefined;
	for (let i = 0; i < scan.length; i++) if (scan[i]!.ssid === ssid && (best === undefined || scan[i]!.rssi > best)) best = scan[i]!.rssi;
	return best;
}

/** The networks to try, in order, each once: the compiled-in one, then saved ones seen (strongest first), then the rest. */
export function joinOrder(configured: SavedNetwork | undefined, saved: readonly SavedNetwork[], scan: readonly ScanEntry[]): SavedNetwork[] {
	const seen: { network: SavedNetwork; rssi: number }[] = [];
	const unseen: SavedNetwork[] = [];
	for (let i = 0; i < saved.length; i++) {
		const network = saved[i]!;
		if (configured && network.ssid === configured.ssid) continue;
		const rssi = rssiOf(scan, network.ssid);
		if (rssi === undefined) unseen.push(network);
		else seen.push({ network, rssi });
	}
	// Stable: equal signals keep the saved order.
	seen.sort((a, b) => b.rssi - a.rssi);
	const order: SavedNetwork[] = configured ? [configured] : [];
	for (let i = 0; i < seen.length; i++) order.push(seen[i]!.network);
	for (let i = 0; i < unseen.length; i++) order.push(unseen[i]!);
	return order;
}

/** What GET /scan lists: named networks, one per SSID (its strongest), strongest first, at most `limit`. */
export function scanList(entries: readonly ScanEntry[], limit: number): ScanEntry[] {
	const list: ScanEntry[] = [];
	for (let i = 0; i < entries.length; i++) {
		const entry = entries[i]!;
		if (entry.ssid === "") continue;
		let known = -1;
		for (let j = 0; j < list.length; j++) if (list[j]!.ssid === entry.ssid) known = j;
		if (known < 0) list.push(entry);
		else if (entry.rssi > list[known]!.rssi) list[known] = entry;
	}
	list.sort((a, b) => b.rssi - a.rssi);
	if (list.length > limit) list.length = limit;
	return list;
}
