/* The station facts of the report's board section, on the net fake. */
import { importAdapter } from "../support/moddable-fakes/register.ts";
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import type { BoardFacts } from "../../modules/activation/interfaces.ts";

const { readWifiBoardFacts } = await importAdapter<{
	readWifiBoardFacts(type: string, name: string): BoardFacts;
}>("wifi");
const wifi = await import("../support/moddable-fakes/wifi.ts");
const net = await import("../support/moddable-fakes/net.ts");
const { virtualTime } = await import("../support/moddable-fakes/virtual-time.ts");

beforeEach(() => {
	virtualTime.reset();
	wifi.stations.length = 0;
	wifi.disconnects.length = 0;
	for (const key of Object.keys(net.station)) delete (net.station as Record<string, unknown>)[key];
});

test("station facts for the report's board section", () => {
	assert.throws(() => readWifiBoardFacts("bread-compact-ml307", "bread-compact-ml307"), /not connected/);
	Object.assign(net.station, { IP: "192.168.1.23", SSID: "lab", RSSI: -52, CHANNEL: 6 });
	assert.deepEqual(readWifiBoardFacts("bread-compact-ml307", "bread-compact-ml307"), {
		network: "wifi", type: "bread-compact-ml307", name: "bread-compact-ml307", provisioning: false, ssid: "lab", rssi: -52, channel: 6, ip: "192.168.1.23",
	});
});
