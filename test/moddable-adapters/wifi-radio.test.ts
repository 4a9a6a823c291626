/*
 * The setup's radio on the wifi stand-in (the ESP32 C's rules and messages,
 * desktop/sdk-standins/wifi.ts) with the networks the test puts around the board, on virtual time.
 */
import { resetSdk, sdk } from "../support/sdk-standins/register.ts";
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import type { AirNetwork } from "../../desktop/sdk-standins/host.ts";

const { ModdableWifiRadio, MAX_SCAN_ENTRIES } = await import("moddable-adapters/wifi-radio");
const wifi = await import("sdk-standins/wifi");
const { default: Net } = await import("sdk-standins/net");
const virtualTime = sdk.timeline;

const HOME: AirNetwork = { ssid: "Home", rssi: -52, channel: 6, authmode: 3, password: "correct horse" };

beforeEach(() => {
	resetSdk();
	sdk.air = { networks: [HOME, { ssid: "Open", authmode: 0 }, { ssid: "Lobby", authmode: 3, password: "right-pass", noDhcp: true }], ip: "192.168.1.23" };
});

test("a join resolves on gotIP (not on connect); the station stays joined; an open network is joined without a password", async () => {
	const radio = new ModdableWifiRadio();
	let result: unknown;
	const joining = radio.join("Home", "correct horse", 15_000).then((r) => (result = r));
	virtualTime.advance(wifi.JOIN_MS / 2);
	await Promise.resolve();
	assert.equal(result, undefined, "associated, no address yet");
	virtualTime.advance(wifi.JOIN_MS / 2);
	await joining;
	assert.deepEqual(result, { ok: true });
	assert.equal(virtualTime.size, 0, "its timeout was cleared");
	assert.equal(Net.get("SSID"), "Home", "a joined station stays joined");
	const open = radio.join("Open", "", 15_000);
	virtualTime.advance(wifi.JOIN_MS);
	assert.deepEqual(await open, { ok: true });
});

test("what the radio saw: -1 on disconnect is a refused password; connect without an address; nothing at all", async () => {
	const radio = new ModdableWifiRadio();
	const refused = radio.join("Home", "wrong-pass", 15_000);
	virtualTime.advance(wifi.REFUSED_MS);
	assert.deepEqual(await refused, { ok: false, associated: false, passwordRejected: true, cancelled: false });
	const noIp = radio.join("Lobby", "right-pass", 15_000);
	virtualTime.advance(15_000);
	assert.deepEqual(await noIp, { ok: false, associated: true, passwordRejected: false, cancelled: false });
	assert.equal(Net.get("SSID"), undefined, "a failed attempt lets the station go");
	const nothing = radio.join("Nowhere", "password1", 15_000);
	virtualTime.advance(wifi.NOT_FOUND_MS);
	assert.deepEqual(await nothing, { ok: false, associated: false, passwordRejected: false, cancelled: false });
	assert.equal(virtualTime.size, 0);
	const tooLong = await radio.join("x".repeat(33), "password1", 1000);
	assert.equal(tooLong.ok, false, "a setting the radio refuses is a failed join, not an exception");
});

test("leave() cancels a join in progress; a new join cancels the previous one", async () => {
	const radio = new ModdableWifiRadio();
	const first = radio.join("Home", "correct horse", 15_000);
	const second = radio.join("Open", "", 15_000);
	assert.deepEqual(await first, { ok: false, associated: false, passwordRejected: false, cancelled: true });
	radio.leave();
	assert.equal(((await second) as { cancelled?: boolean }).cancelled, true);
	assert.equal(virtualTime.size, 0, "no timer and no join left under way");
	virtualTime.advance(wifi.JOIN_MS);
	assert.equal(Net.get("SSID"), undefined);
});

test("a scan keeps one entry per named network, strongest first, bounded, with the official auth mode numbers", async () => {
	sdk.air.networks = [
		{ ssid: "Home", rssi: -70, channel: 6, authmode: 3, password: "x" },
		{ ssid: "Home", rssi: -40, channel: 1, authmode: 3, password: "x" },
		{ ssid: "", rssi: -30, channel: 1, authmode: 3, password: "x" },
		{ ssid: "Hidden", rssi: -20, channel: 1, authmode: 3, password: "x", hidden: true },
		{ ssid: "Cafe", rssi: -60, channel: 11, authmode: 0 },
		{ ssid: "Old", rssi: -80, channel: 11, authmode: 1 },
		{ ssid: "New", rssi: -90, channel: 11, authmode: 13 },
		...Array.from({ length: 40 }, (_, i): AirNetwork => ({ ssid: `n${i}`, rssi: -95, channel: 3, authmode: 2, password: "x" })),
	];
	const radio = new ModdableWifiRadio();
	const scan = radio.scan();
	virtualTime.advance(wifi.SCAN_MS);
	const entries = await scan;
	assert.deepEqual(entries.slice(0, 4), [
		{ ssid: "Home", rssi: -40, authmode: 3 },
		{ ssid: "Cafe", rssi: -60, authmode: 0 },
		{ ssid: "Old", rssi: -80, authmode: 1 },
		{ ssid: "New", rssi: -90, authmode: 4 },
	]);
	assert.equal(entries.length, MAX_SCAN_ENTRIES);
	assert.equal(virtualTime.size, 0);
	const busy = radio.scan();
	const again = radio.scan();
	await assert.rejects(again, /already scanning/);
	virtualTime.advance(wifi.SCAN_MS);
	assert.equal((await busy).length, MAX_SCAN_ENTRIES);
});

test("the hotspot: open, beside the station (mode 3, its SSID); off: back to a station", () => {
	const radio = new ModdableWifiRadio();
	radio.startHotspot("Xiaozhi-84B9");
	assert.equal(wifi.default.mode, 3);
	assert.equal(wifi.accessPoint.ssid, "Xiaozhi-84B9");
	radio.stopHotspot();
	assert.equal(wifi.default.mode, 1);
	assert.equal(wifi.accessPoint.ssid, undefined);
});
