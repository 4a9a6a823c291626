/*
 * The station facts of the report's board section in the board's Wi-Fi mode (the official
 * WifiBoard::GetBoardJson), once the station joined (modules/wifi-setup/bring-up.ts joins,
 * through moddable-adapters/wifi-radio.ts).
 */
import Net from "net";
import type { BoardFacts } from "activation/interfaces";

/** WifiBoard::GetBoardJson's facts for a connected station. */
export function readWifiBoardFacts(type: string, name: string): BoardFacts {
	const ip = Net.get("IP", "station");
	if (!ip) throw new Error("Wi-Fi is not connected (no station IP address)");
	return Object.freeze({
		network: "wifi",
		type,
		name,
		provisioning: false,
		ssid: Net.get("SSID") ?? "",
		rssi: Net.get("RSSI") ?? 0,
		channel: Net.get("CHANNEL") ?? 0,
		ip,
	});
}
