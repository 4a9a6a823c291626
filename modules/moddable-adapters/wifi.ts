/*
 * Wi-Fi for the board's Wi-Fi mode: joining the access point named in the build's config
 * (mcconfig … ssid=… password=…) and the station facts of the report's board section.
 *
 * The SDK's own setup/network module would join the same network before main runs and
 * wait forever on a bad password; the app manifest replaces it (hosts/esp32s3/setup-network.ts)
 * so that only this code joins, with a timeout, and the screen can say
 * what is happening. The password is never logged.
 */
import WiFi from "wifi";
import Net from "net";
import Timer, { type TimerId } from "timer";
import type { BoardFacts } from "activation/interfaces";

export interface WifiCredentials {
	readonly ssid: string;
	readonly password?: string;
}

/** Resolves once the station has an IP address; rejects with a clear Error after timeoutMs. */
export function joinWifi(credentials: WifiCredentials, timeoutMs: number): Promise<void> {
	return new Promise<void>((resolve, reject) => {
		let settled = false;
		let timer: TimerId | undefined;
		let station: WiFi | undefined;
		const finish = (error?: Error): void => {
			if (settled) return;
			settled = true;
			if (timer !== undefined) Timer.clear(timer);
			station?.close(); // stops the callbacks; the connection itself stays up
			if (error) {
				WiFi.disconnect();
				reject(error);
			} else resolve();
		};
		const options = credentials.password ? { ssid: credentials.ssid, password: credentials.password } : { ssid: credentials.ssid };
		try {
			station = new WiFi(options, (message) => {
				if (message === WiFi.gotIP) finish();
			});
		} catch (error) {
			finish(new Error(`Wi-Fi: cannot start joining "${credentials.ssid}": ${(error as Error).message}`));
			return;
		}
		timer = Timer.set(() => {
			timer = undefined;
			finish(new Error(`Wi-Fi: no IP address from "${credentials.ssid}" within ${Math.round(timeoutMs / 1000)} s`));
		}, timeoutMs);
	});
}

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
