/*
 * Stand-in for the SDK's "net" ($(MODULES)/network/net): the station's facts once the wifi
 * stand-in joined a network (its SSID, signal and channel; the host's address for it), and
 * undefined for each while it is not joined.
 */
import type SdkNet from "net";
import { hostPart } from "./host.ts";
import { station } from "./wifi.ts";

/** The SDK's Net.get, spelled here so the declarations Node tests read do not name "net" (Node's own module there). */
export interface StandinNet {
	get(what: "IP" | "MAC" | "SSID" | "BSSID", mode?: "station" | "ap" | "ethernet"): string | undefined;
	get(what: "RSSI" | "CHANNEL"): number | undefined;
}

const Net = Object.freeze({
	get(what: string): string | number | undefined {
		const joined = station.joined;
		if (!joined) return undefined;
		if (what === "IP") return hostPart("air", "net").ip;
		if (what === "SSID") return joined.ssid;
		if (what === "RSSI") return joined.rssi ?? -60;
		if (what === "CHANNEL") return joined.channel ?? 6;
		return undefined;
	},
});

// Typed as the SDK's API as the project declares it (typings/net.d.ts), both ways: a drift does not compile.
const standin = Net as typeof SdkNet;
const sdkShape: typeof SdkNet = standin as StandinNet;
export default sdkShape as StandinNet;
