/* PreferenceStore on the Preference stand-in (the ESP32's NVS rules, desktop/sdk-standins/preference.ts). */
import { resetSdk, sdk } from "../support/sdk-standins/register.ts";
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";

const { PreferenceStore } = await import("moddable-adapters/preference-store");
const { default: Preference } = await import("sdk-standins/preference");

beforeEach(() => resetSdk());

test("strings and integers round-trip under their namespace", () => {
	const store = new PreferenceStore();
	store.set("board", "uuid", "e2314aed-0a16-43f0-8128-766fbd3207f2");
	store.set("network", "type", 0);
	assert.equal(store.get("board", "uuid"), "e2314aed-0a16-43f0-8128-766fbd3207f2");
	assert.equal(store.get("network", "type"), 0);
	assert.equal(store.get("board", "missing"), undefined);
});

test("15-character names are fine, 16 are refused before NVS is touched", () => {
	const store = new PreferenceStore();
	store.set("abcdefghijklmno", "abcdefghijklmno", 1);
	assert.throws(() => store.set("abcdefghijklmnop", "k", 1), RangeError);
	assert.throws(() => store.set("ns", "abcdefghijklmnop", 1), RangeError);
	assert.throws(() => store.get("ns", "abcdefghijklmnop"), RangeError);
	assert.deepEqual(sdk.flash.commits, ["abcdefghijklmno/abcdefghijklmno"]);
});

test("floats and out-of-range integers are refused (NVS stores i32)", () => {
	const store = new PreferenceStore();
	assert.throws(() => store.set("mqtt", "port", 1883.5), /float unsupported/);
	assert.throws(() => store.set("mqtt", "port", 2 ** 31), RangeError);
	assert.equal(sdk.flash.commits.length, 0);
});

test("3999 string bytes fit (NVS counts the NUL); 4000 and more are refused without erasing the old value", () => {
	const store = new PreferenceStore();
	store.set("websocket", "token", "x".repeat(3999));
	store.set("websocket", "token", "old");
	for (const tooLong of ["x".repeat(4000), "x".repeat(4001), "汉".repeat(1334)]) {
		assert.throws(() => store.set("websocket", "token", tooLong), RangeError);
		assert.equal(store.get("websocket", "token"), "old");
	}
});

test("an unchanged value is not committed to flash again", () => {
	const store = new PreferenceStore();
	store.set("mqtt", "endpoint", "mqtt.xiaozhi.me");
	store.set("mqtt", "endpoint", "mqtt.xiaozhi.me");
	store.set("mqtt", "endpoint", "mqtt2.xiaozhi.me");
	assert.deepEqual(sdk.flash.commits, ["mqtt/endpoint", "mqtt/endpoint"]);
});

test("booleans and blobs stored by other firmware parts read as absent", () => {
	Preference.set("wifi", "flag", true);
	Preference.set("wifi", "blob", new ArrayBuffer(4));
	const store = new PreferenceStore();
	assert.equal(store.get("wifi", "flag"), undefined);
	assert.equal(store.get("wifi", "blob"), undefined);
});

test("remove erases a stored key and ignores a missing one", () => {
	const store = new PreferenceStore();
	store.set("wifi", "ota_url", "https://example.com/ota/");
	store.remove("wifi", "ota_url");
	store.remove("wifi", "ota_url");
	assert.equal(store.get("wifi", "ota_url"), undefined);
});
