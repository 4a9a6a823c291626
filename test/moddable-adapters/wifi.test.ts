/* Wi-Fi join and station facts on the wifi/net fakes, with virtual time. */
import { importAdapter } from "../support/moddable-fakes/register.ts";
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import type { BoardFacts } from "../../modules/activation/interfaces.ts";

const { joinWifi, readWifiBoardFacts } = await importAdapter<{
	joinWifi(credentials: { ssid: string; password?: string }, timeoutMs: number): Promise<void>;
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

test("join resolves on gotIP, not on connect, and stops listening", async () => {
	let joined = false;
	const joining = joinWifi({ ssid: "lab", password: "correct horse" }, 20000).then(() => (joined = true));
	const station = wifi.stations[0]!;
	assert.deepEqual(station.options, { ssid: "lab", password: "correct horse" });
	station.deliver("connect");
	await Promise.resolve();
	assert.equal(joined, false);
	station.deliver("gotIP");
	await joining;
	assert.equal(station.closed, true);
	assert.equal(virtualTime.timers.length, 0);
});

test("an open network is joined without a password", async () => {
	const joining = joinWifi({ ssid: "open" }, 1000);
	assert.deepEqual(wifi.stations[0]!.options, { ssid: "open" });
	wifi.stations[0]!.deliver("gotIP");
	await joining;
});

test("no IP in time rejects with the SSID but never the password, and disconnects", async () => {
	const joining = joinWifi({ ssid: "lab", password: "secret-password" }, 20000);
	wifi.stations[0]!.deliver("disconnect");
	virtualTime.advance(20000);
	await assert.rejects(joining, (error: Error) => /no IP address from "lab" within 20 s/.test(error.message) && !error.message.includes("secret"));
	assert.equal(wifi.disconnects.length, 1);
});

test("a configuration the radio refuses is a clear error", async () => {
	await assert.rejects(joinWifi({ ssid: "lab", password: "short" }, 1000), /cannot start joining "lab"/);
	assert.equal(virtualTime.timers.length, 0);
});

test("station facts for the report's board section", () => {
	assert.throws(() => readWifiBoardFacts("bread-compact-ml307", "bread-compact-ml307"), /not connected/);
	Object.assign(net.station, { IP: "192.168.1.23", SSID: "lab", RSSI: -52, CHANNEL: 6 });
	assert.deepEqual(readWifiBoardFacts("bread-compact-ml307", "bread-compact-ml307"), {
		network: "wifi", type: "bread-compact-ml307", name: "bread-compact-ml307", provisioning: false, ssid: "lab", rssi: -52, channel: 6, ip: "192.168.1.23",
	});
});
