/* Our declaration of the Moddable "net" module: only what this project uses. */

declare module "net" {
	const Net: {
		get(what: "IP", mode?: "station" | "ap" | "ethernet"): string | undefined;
		get(what: "MAC", mode?: "station" | "ap" | "ethernet"): string | undefined;
		get(what: "SSID"): string | undefined;
		get(what: "BSSID"): string | undefined;
		get(what: "RSSI"): number | undefined;
		get(what: "CHANNEL"): number | undefined;
	};
	export default Net;
}
