/* Stand-in for "net": the station's facts once the stand-in "wifi" joined a network (its SSID, signal and channel; the run's address). */
import { boardSetup } from "./setup.ts";
import { station } from "./wifi.ts";

const Net = Object.freeze({
	get(what: string): string | number | undefined {
		const joined = station.joined;
		if (!joined) return undefined;
		if (what === "IP") return boardSetup.wifi.ip;
		if (what === "SSID") return joined.ssid;
		if (what === "RSSI") return joined.rssi ?? -60;
		if (what === "CHANNEL") return joined.channel ?? 6;
		return undefined;
	},
});

export default Net;
