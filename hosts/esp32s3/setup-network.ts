/*
 * Replaces the SDK's setup/network (which manifest_net.json preloads on ESP32 and which
 * would join config.ssid before main and never return on a bad password). Here it does
 * nothing: the device composition joins Wi-Fi itself (modules/wifi-setup/bring-up.ts, a stored
 * network or the setup hotspot), through the platform's Wi-Fi network (hosts/esp32s3/platform.ts
 * over modules/moddable-adapters/wifi-network.ts), when the board is in Wi-Fi mode, and not at
 * all in 4G mode.
 */
export default function setupNetwork(done: () => void): void {
	done();
}
