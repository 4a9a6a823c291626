/* PreferenceStore against a Preference fake with the ESP32 NVS rules. */
import { importAdapter } from "../support/moddable-fakes/register.ts";
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import type { KeyValueStore } from "../../modules/activation/interfaces.ts";

const { PreferenceStore } = await importAdapter<{ PreferenceStore: new () => KeyValueStore }>("preference-store");
const preference = await import("../support/moddable-fakes/preference.ts");

beforeEach(() => preference.resetPreferences());

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
	assert.deepEqual(preference.commits, ["abcdefghijklmno/abcdefghijklmno"]);
});

test("floats and out-of-range integers are refused (NVS stores i32)", () => {
	const store = new PreferenceStore();
	assert.throws(() => store.set("mqtt", "port", 1883.5), /float unsupported/);
	assert.throws(() => store.set("mqtt", "port", 2 ** 31), RangeError);
	assert.equal(preference.commits.length, 0);
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
	assert.deepEqual(preference.commits, ["mqtt/endpoint", "mqtt/endpoint"]);
});

test("booleans and blobs stored by other firmware parts read as absent", () => {
	preference.default.set("wifi", "flag", true);
	preference.default.set("wifi", "blob", new ArrayBuffer(4));
	const store = new PreferenceStore();
	assert.equal(store.get("wifi", "flag"), undefined);
	assert.equal(store.get("wifi", "blob"), undefined);
});
