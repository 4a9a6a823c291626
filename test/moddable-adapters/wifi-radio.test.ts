/* The setup's radio on the wifi fake (the ESP32 C's rules), with virtual time. */
import { importAdapter } from "../support/moddable-fakes/register.ts";
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import type { JoinAttempt, ScanEntry, WifiRadio } from "../../modules/wifi-setup/interfaces.ts";

const { ModdableWifiRadio, MAX_SCAN_ENTRIES } = await importAdapter<{ ModdableWifiRadio: new () => WifiRadio; MAX_SCAN_ENTRIES: number }>("wifi-radio");
const wifi = await import("../support/moddable-fakes/wifi.ts");
const { virtualTime } = await import("../support/moddable-fakes/virtual-time.ts");

beforeEach(() => {
	virtualTime.reset();
	wifi.stations.length = 0;
	wifi.disconnects.length = 0;
	wifi.accessPoints.length = 0;
	wifi.scanning.callback = undefined;
	wifi.default.mode = 1;
});

test("a join resolves on gotIP (not on connect) and closes its instance; the password goes to the radio only", async () => {
	const radio = new ModdableWifiRadio();
	let result: JoinAttempt | undefined;
	const joining = radio.join("Home", "correct horse", 15_000).then((r) => (result = r));
	const station = wifi.stations[0]!;
	assert.deepEqual(station.options, { ssid: "Home", password: "correct horse" });
	station.deliver("connect");
	await Promise.resolve();
	assert.equal(result, undefined);
	station.deliver("gotIP");
	await joining;
	assert.deepEqual(result, { ok: true });
	assert.equal(station.closed, true);
	assert.equal(virtualTime.timers.length, 0, "its timeout was cleared");
	assert.equal(wifi.disconnects.length, 0, "a joined station stays joined");
	const open = radio.join("Open", "", 1000);
	wifi.stations[1]!.deliver("gotIP");
	assert.deepEqual(await open, { ok: true });
	assert.deepEqual(wifi.stations[1]!.options, { ssid: "Open" }, "an open network is joined without a password");
});

test("what the radio saw: -1 on disconnect is a refused password; connect without an address; nothing at all", async () => {
	const radio = new ModdableWifiRadio();
	const refused = radio.join("Home", "wrong-pass", 15_000);
	wifi.stations[0]!.deliver("disconnect", -1);
	assert.deepEqual(await refused, { ok: false, associated: false, passwordRejected: true, cancelled: false });
	const noIp = radio.join("Home", "right-pass", 15_000);
	wifi.stations[1]!.deliver("connect");
	virtualTime.advance(15_000);
	assert.deepEqual(await noIp, { ok: false, associated: true, passwordRejected: false, cancelled: false });
	const nothing = radio.join("Nowhere", "password1", 15_000);
	wifi.stations[2]!.deliver("disconnect", 0);
	assert.deepEqual(await nothing, { ok: false, associated: false, passwordRejected: false, cancelled: false });
	assert.equal(wifi.disconnects.length, 3, "every failed attempt lets the station go");
	const tooLong = await radio.join("x".repeat(33), "password1", 1000);
	assert.equal(tooLong.ok, false, "a setting the radio refuses is a failed join, not an exception");
});

test("leave() cancels a join in progress; a new join cancels the previous one", async () => {
	const radio = new ModdableWifiRadio();
	const first = radio.join("Home", "password1", 15_000);
	const second = radio.join("Office", "password2", 15_000);
	assert.deepEqual(await first, { ok: false, associated: false, passwordRejected: false, cancelled: true });
	assert.equal(wifi.stations[0]!.closed, true);
	radio.leave();
	assert.equal((await second as { cancelled?: boolean }).cancelled, true);
	assert.equal(virtualTime.timers.length, 0);
	wifi.stations[1]!.deliver("gotIP");
});

test("a scan keeps one entry per named network, strongest first, bounded, with the official auth mode numbers", async () => {
	const radio = new ModdableWifiRadio();
	const scan = radio.scan();
	const deliver = wifi.scanning.callback!;
	deliver({ ssid: "Home", rssi: -70, channel: 6, hidden: false, authentication: "wpa2_psk" });
	deliver({ ssid: "Home", rssi: -40, channel: 1, hidden: false, authentication: "wpa2_psk" });
	deliver({ ssid: "", rssi: -30, channel: 1, hidden: false, authentication: "wpa2_psk" });
	deliver({ ssid: "Cafe", rssi: -60, channel: 11, hidden: false, authentication: "none" });
	deliver({ ssid: "Old", rssi: -80, channel: 11, hidden: false, authentication: "wep" });
	deliver({ ssid: "New", rssi: -90, channel: 11, hidden: false });
	for (let i = 0; i < 40; i++) deliver({ ssid: `n${i}`, rssi: -95, channel: 3, hidden: false, authentication: "wpa_psk" });
	deliver(null);
	const entries = (await scan) as ScanEntry[];
	assert.deepEqual(entries.slice(0, 4), [
		{ ssid: "Home", rssi: -40, authmode: 3 },
		{ ssid: "Cafe", rssi: -60, authmode: 0 },
		{ ssid: "Old", rssi: -80, authmode: 1 },
		{ ssid: "New", rssi: -90, authmode: 4 },
	]);
	assert.equal(entries.length, MAX_SCAN_ENTRIES);
	assert.equal(virtualTime.timers.length, 0);
	const busy = radio.scan();
	const again = radio.scan();
	await assert.rejects(again, /already scanning/);
	wifi.scanning.callback!(null);
	assert.deepEqual(await busy, []);
});

test("the hotspot: open, beside the station (mode 3, station: true, 4 clients); off: back to a station", () => {
	const radio = new ModdableWifiRadio();
	radio.startHotspot("Xiaozhi-84B9");
	assert.deepEqual(wifi.accessPoints, [{ ssid: "Xiaozhi-84B9", station: true, max: 4, modeBefore: 3 }]);
	radio.stopHotspot();
	assert.equal(wifi.default.mode, 1);
});
