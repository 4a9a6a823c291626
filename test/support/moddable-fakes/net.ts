/* Fake of Moddable's "net": the station facts a test sets. */
export const station: { IP?: string; SSID?: string; RSSI?: number; CHANNEL?: number } = {};

const Net = {
	get(what: "IP" | "SSID" | "RSSI" | "CHANNEL" | "MAC" | "BSSID"): string | number | undefined {
		if (what === "MAC" || what === "BSSID") throw new Error(`net fake: ${what} is not used by the adapters`);
		return station[what];
	},
};

export default Net;
