/*
 * The simulator's stand-ins for the ESP32 natives (hosts/lin): a device profile, read as the
 * resource the simulator build ships, gives the raw shapes of the C natives, and the shared
 * conversion turns them into the same report the profile's device sent.
 */
import { resetSdk, sdk } from "../support/sdk-standins/register.ts";
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { readSystemFacts, SSD1306_128X32 } from "../../modules/moddable-adapters/system-facts.ts";
import { EfuseSigner } from "../../modules/moddable-adapters/efuse-signer.ts";
import { buildReport } from "../../modules/activation/report.ts";
import type { BoardFacts, Log } from "../../modules/activation/interfaces.ts";

const { simNatives } = await import("lin/board-natives");
const { parseProfile } = await import("lin/device-profile");

const quietLog: Log = { info() {}, warn() {}, error() {} };
const profileText = (name: string): string => readFileSync(new URL(`../../profiles/${name}.json`, import.meta.url), "utf8");

// The profile is parsed once per process (as on the simulator): this file plays one device.
const v2 = JSON.parse(profileText("v2-ml307")) as { serialNumber: string; hmacKeyHex: string; nvs: { board: { uuid: string } }; language: string; board: BoardFacts };

beforeEach(() => {
	resetSdk();
	sdk.resources.set("device-profile.json", new Uint8Array(Buffer.from(profileText("v2-ml307"))));
});

test("a v2 profile's facts rebuild a report like the Node host's, through the C natives' shapes", () => {
	const system = readSystemFacts(simNatives, SSD1306_128X32, quietLog);
	assert.equal(system.chipModelName, "esp32s3");
	assert.deepEqual(system.mac, [0x94, 0xa9, 0x90, 0x2c, 0x84, 0xba]);
	assert.match(system.application.elfSha256, /^[0-9a-f]{64}$/);
	const report = JSON.parse(buildReport(system, v2.board, { uuid: v2.nvs.board.uuid, language: v2.language }));
	assert.equal(report.mac_address, "94:a9:90:2c:84:ba");
	assert.equal(report.partition_table.length, 6);
	assert.equal(report.ota.label, "ota_0");
});

test("eFuse serial and KEY0 HMAC come from the profile's serial and TEST key", () => {
	const signer = new EfuseSigner(simNatives);
	assert.equal(signer.serialNumber(), v2.serialNumber);
	assert.equal(signer.hmacSha256Hex("ch-4f2a"), createHmac("sha256", Buffer.from(v2.hmacKeyHex, "hex")).update("ch-4f2a").digest("hex"));
	assert.throws(() => simNatives.hmacKey0(new ArrayBuffer(0)), /1 to 256 bytes/);
	assert.throws(() => simNatives.random(257), RangeError);
	assert.equal(simNatives.random(16).byteLength, 16);
});

test("profiles that are not device profiles are refused with the field that is wrong", () => {
	assert.throws(() => parseProfile("[]"), /device profile: profile: expected an object/);
	const broken = JSON.parse(profileText("captured-ml307"));
	broken.system.mac = [1, 2, 3];
	assert.throws(() => parseProfile(JSON.stringify(broken)), /device profile: system.mac: expected a string/);
	broken.system.mac = "94:a9";
	assert.throws(() => parseProfile(JSON.stringify(broken)), /device profile: bad MAC address "94:a9"/);
	broken.system.mac = "94:a9:90:2c:84:b8";
	broken.board.network = "ethernet";
	assert.throws(() => parseProfile(JSON.stringify(broken)), /device profile: board.network: expected "ml307" or "wifi"/);
});
