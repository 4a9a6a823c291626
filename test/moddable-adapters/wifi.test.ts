/* The station facts of the report's board section, on the wifi and net stand-ins (a network joined on virtual time). */
import { resetSdk, sdk } from "../support/sdk-standins/register.ts";
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";

const { readWifiBoardFacts } = await import("moddable-adapters/wifi");
const wifi = await import("sdk-standins/wifi");

beforeEach(() => resetSdk());

test("station facts for the report's board section", () => {
	sdk.air = { networks: [{ ssid: "lab", rssi: -52, channel: 6, authmode: 3, password: "lab-secret" }], ip: "192.168.1.23" };
	assert.throws(() => readWifiBoardFacts("bread-compact-ml307", "bread-compact-ml307"), /not connected/);
	wifi.default.connect({ ssid: "lab", password: "lab-secret" });
	sdk.timeline.advance(wifi.JOIN_MS);
	assert.deepEqual(readWifiBoardFacts("bread-compact-ml307", "bread-compact-ml307"), {
		network: "wifi", type: "bread-compact-ml307", name: "bread-compact-ml307", provisioning: false, ssid: "lab", rssi: -52, channel: 6, ip: "192.168.1.23",
	});
});
