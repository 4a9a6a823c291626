/*
 * The saved Wi-Fi networks, in NVS under the official firmware's names (its SsidManager):
 * namespace `wifi`, keys `ssid`, `ssid1` … `ssid9` and `password`, `password1` … `password9`,
 * the newest first, at most 10. A known SSID only has its password replaced, where it is;
 * a new one goes to the front and, when the list is full, the last one is dropped. A board
 * moved between the official firmware and this one keeps its networks both ways.
 *
 * Like the firmware, a slot without both keys is skipped when reading, and a write rewrites
 * every slot (erasing those past the end), so the list is always packed from `ssid` on.
 * Passwords are read here for joining only: nothing in this module logs or returns them
 * outside a SavedNetwork.
 */
import type { KeyValueStore } from "activation/interfaces";

export const WIFI_NAMESPACE = "wifi";
export const MAX_SAVED_NETWORKS = 10;

/** `ssid`, `ssid1` … `ssid9`: made once, so reading the list allocates no key names. */
const SSID_KEYS: readonly string[] = Object.freeze(["ssid", "ssid1", "ssid2", "ssid3", "ssid4", "ssid5", "ssid6", "ssid7", "ssid8", "ssid9"]);
const PASSWORD_KEYS: readonly string[] = Object.freeze([
	"password",
	"password1",
	"password2",
	"password3",
	"password4",
	"password5",
	"password6",
	"password7",
	"password8",
	"password9",
]);

export interface SavedNetwork {
	readonly ssid: string;
	/** "" for an open network. */
	readonly password: string;
}

/** The saved networks, newest (the default) first. */
export function readSavedNetworks(store: KeyValueStore): SavedNetwork[] {
	const list: SavedNetwork[] = [];
	for (let i = 0; i < MAX_SAVED_NETWORKS; i++) {
		const ssid = store.get(WIFI_NAMESPACE, SSID_KEYS[i]!);
		const password = store.get(WIFI_NAMESPACE, PASSWORD_KEYS[i]!);
		// The firmware's nvs_get_str fails on a missing key or an integer: such a slot is skipped.
		if (typeof ssid !== "string" || ssid === "" || typeof password !== "string") continue;
		list.push({ ssid, password });
	}
	return list;
}

/** Only the names, in order: what GET /saved/list answers (never a password). */
export function savedSsids(store: KeyValueStore): string[] {
	const names: string[] = [];
	for (let i = 0; i < MAX_SAVED_NETWORKS; i++) {
		const ssid = store.get(WIFI_NAMESPACE, SSID_KEYS[i]!);
		if (typeof ssid === "string" && ssid !== "" && typeof store.get(WIFI_NAMESPACE, PASSWORD_KEYS[i]!) === "string") names.push(ssid);
	}
	return names;
}

/**
 * Stores a network that was just joined: a known SSID gets the new password in its place,
 * a new one goes first (the last of a full list is dropped). Returns what it did.
 */
export function saveNetwork(store: KeyValueStore, ssid: string, password: string): "added" | "updated" {
	const list = readSavedNetworks(store);
	for (let i = 0; i < list.length; i++) {
		if (list[i]!.ssid !== ssid) continue;
		list[i] = { ssid, password };
		writeSavedNetworks(store, list);
		return "updated";
	}
	if (list.length >= MAX_SAVED_NETWORKS) list.length = MAX_SAVED_NETWORKS - 1;
	list.unshift({ ssid, password });
	writeSavedNetworks(store, list);
	return "added";
}

/** Moves entry `index` to the front (the network tried first). False when there is no such entry. */
export function makeDefaultNetwork(store: KeyValueStore, index: number): boolean {
	const list = readSavedNetworks(store);
	if (!isIndexOf(list, index)) return false;
	const [chosen] = list.splice(index, 1);
	list.unshift(chosen!);
	writeSavedNetworks(store, list);
	return true;
}

/** Forgets entry `index`. False when there is no such entry. */
export function deleteSavedNetwork(store: KeyValueStore, index: number): boolean {
	const list = readSavedNetworks(store);
	if (!isIndexOf(list, index)) return false;
	list.splice(index, 1);
	writeSavedNetworks(store, list);
	return true;
}

function isIndexOf(list: readonly SavedNetwork[], index: number): boolean {
	return Number.isInteger(index) && index >= 0 && index < list.length;
}

/**
 * Every slot rewritten in order and the rest erased, as the firmware's SaveToNvs. A store that
 * cannot erase (no `remove`) refuses before writing anything, so a list is never left half moved.
 */
function writeSavedNetworks(store: KeyValueStore, list: readonly SavedNetwork[]): void {
	const remove = store.remove;
	if (remove === undefined) throw new Error("this store cannot erase keys, so saved networks cannot be rewritten");
	for (let i = 0; i < MAX_SAVED_NETWORKS; i++) {
		const entry = list[i];
		if (entry) {
			store.set(WIFI_NAMESPACE, SSID_KEYS[i]!, entry.ssid);
			store.set(WIFI_NAMESPACE, PASSWORD_KEYS[i]!, entry.password);
		} else {
			remove.call(store, WIFI_NAMESPACE, SSID_KEYS[i]!);
			remove.call(store, WIFI_NAMESPACE, PASSWORD_KEYS[i]!);
		}
	}
}
