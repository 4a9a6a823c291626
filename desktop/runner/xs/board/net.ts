/* Stand-in for "net": the station's facts once joined (from the board run's setup). */
import { boardSetup } from "./setup.ts";
import { station } from "./wifi.ts";

const Net = Object.freeze({
	get(what: string): string | number | undefined {
		if (!station.joined) return undefined;
		const facts = boardSetup.station;
		if (what === "IP") return facts.ip;
		if (what === "SSID") return facts.ssid;
		if (what === "RSSI") return facts.rssi;
		if (what === "CHANNEL") return facts.channel;
		return undefined;
	},
});

export default Net;
