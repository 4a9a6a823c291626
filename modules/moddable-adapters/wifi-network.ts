/*
 * The Wi-Fi network a platform hands the device composition (device/device WifiNetwork):
 * the SDK's radio, the setup hotspot's servers, the page from flash (the resource
 * wifi-setup.html, modules/wifi-setup/manifest.json), HTTP once joined, the station's
 * facts, and the compiled-in network. The device decides when to join and when to open
 * setup mode (wifi-setup/bring-up).
 */
import Resource from "Resource";
import type { BoardFacts, HttpTransport } from "activation/interfaces";
import type { WifiNetwork } from "device/device";
import { HOTSPOT_ADDRESS } from "wifi-setup/hotspot";
import type { AppConfig } from "moddable-adapters/app-config";
import { ModdableSetupServers } from "moddable-adapters/setup-servers";
import { ModdableWifiRadio } from "moddable-adapters/wifi-radio";

/** The setup page's resource name (modules/wifi-setup/wifi-setup.html). */
export const SETUP_PAGE_RESOURCE = "wifi-setup.html";

export interface WifiNetworkParts {
	readonly config: AppConfig;
	readonly transport: HttpTransport;
	/** The station's facts once joined (the report's board section). */
	readonly facts: () => BoardFacts;
	/** What HTTPS needs once joined (the clock). */
	readonly online?: () => Promise<void>;
}

export function moddableWifiNetwork(parts: WifiNetworkParts): WifiNetwork {
	const { config } = parts;
	return {
		kind: "wifi",
		radio: new ModdableWifiRadio(),
		servers: new ModdableSetupServers({ http: config.setup.httpPort, dns: config.setup.dnsPort, address: HOTSPOT_ADDRESS }),
		page: new Resource(SETUP_PAGE_RESOURCE),
		http: parts.transport,
		board: () => Promise.resolve().then(parts.facts),
		...(parts.online ? { online: parts.online } : {}),
		...(config.wifi ? { configured: config.wifi } : {}),
		pageUrl: config.setup.pageUrl,
		joinTimeoutMs: config.wifiJoinTimeoutMs,
	};
}
