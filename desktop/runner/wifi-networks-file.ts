/*
 * `--wifi-networks FILE`: the Wi-Fi networks around the board in a `--board` run, as JSON:
 *   [{"ssid":"Home","rssi":-50,"authmode":3,"password":"secret"}, {"ssid":"Hidden","hidden":true,"password":"…"}]
 * Scans show the networks not hidden; a join succeeds only with the network's password.
 * Checked here with the radio's own limits, so a mistake is a usage error, not a puzzle later.
 */
import { readFileSync } from "node:fs";
import type { BoardWifiNetwork } from "./bridge-protocol.ts";

const encoder = new TextEncoder();
const KNOWN = new Set(["ssid", "rssi", "authmode", "channel", "password", "hidden"]);

function problem(index: number, text: string): Error {
	return new Error(`network ${index + 1}: ${text}`);
}

/** The networks of the JSON text; throws an Error that names the entry and what is wrong. */
export function parseWifiNetworks(text: string): BoardWifiNetwork[] {
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch (error) {
		throw new Error(`not JSON: ${(error as Error).message}`, { cause: error });
	}
	if (!Array.isArray(parsed) || parsed.length === 0) throw new Error("must be a JSON array of networks, at least one");
	const seen = new Set<string>();
	return parsed.map((entry: unknown, index): BoardWifiNetwork => {
		if (typeof entry !== "object" || entry === null || Array.isArray(entry)) throw problem(index, "is not an object");
		const network = entry as Record<string, unknown>;
		for (const key of Object.keys(network)) if (!KNOWN.has(key)) throw problem(index, `unknown member "${key}" (ssid, rssi, authmode, channel, password, hidden)`);
		const { ssid, rssi, authmode, channel, password, hidden } = network;
		if (typeof ssid !== "string" || ssid === "" || encoder.encode(ssid).length > 32) throw problem(index, "ssid must be a string of 1-32 bytes");
		if (seen.has(ssid)) throw problem(index, `ssid "${ssid}" is listed twice`);
		seen.add(ssid);
		if (rssi !== undefined && (typeof rssi !== "number" || !Number.isInteger(rssi) || rssi > 0 || rssi < -127)) throw problem(index, "rssi must be an integer dBm, -127 to 0");
		if (authmode !== undefined && (typeof authmode !== "number" || !Number.isInteger(authmode) || authmode < 0 || authmode > 12)) throw problem(index, "authmode must be ESP-IDF's wifi_auth_mode_t (0 open … 12)");
		if (channel !== undefined && (typeof channel !== "number" || !Number.isInteger(channel) || channel < 1 || channel > 13)) throw problem(index, "channel must be 1-13");
		if (password !== undefined && (typeof password !== "string" || (password !== "" && (encoder.encode(password).length < 8 || encoder.encode(password).length > 63))))
			throw problem(index, "password must be empty (open) or 8-63 bytes");
		if (hidden !== undefined && typeof hidden !== "boolean") throw problem(index, "hidden must be true or false");
		return Object.freeze({ ssid, ...(rssi !== undefined ? { rssi } : {}), ...(authmode !== undefined ? { authmode } : {}), ...(channel !== undefined ? { channel } : {}), password: password ?? "", hidden: hidden === true });
	});
}

export function readWifiNetworksFile(path: string): BoardWifiNetwork[] {
	let text: string;
	try {
		text = readFileSync(path, "utf8");
	} catch (error) {
		throw new Error(`cannot read ${path}: ${(error as Error).message}`, { cause: error });
	}
	try {
		return parseWifiNetworks(text);
	} catch (error) {
		throw new Error(`${path}: ${(error as Error).message}`, { cause: error });
	}
}
