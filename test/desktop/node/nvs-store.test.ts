/* NvsStore: ESP32 NVS rules on every write, and persistence to a JSON file. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NvsStore } from "../../../desktop/node/nvs-store.ts";

test("stores strings and 32-bit integers per namespace", () => {
	const store = new NvsStore();
	store.set("mqtt", "endpoint", "mqtt.xiaozhi.me");
	store.set("mqtt", "keepalive", 240);
	assert.equal(store.get("mqtt", "endpoint"), "mqtt.xiaozhi.me");
	assert.equal(store.get("mqtt", "keepalive"), 240);
	assert.equal(store.get("websocket", "endpoint"), undefined);
	assert.deepEqual(store.writes, ["mqtt/endpoint", "mqtt/keepalive"]);
});

test("refuses what NVS refuses, and writes nothing then", () => {
	const store = new NvsStore();
	assert.throws(() => store.set("mqtt", "a_key_of_16_char", "x"), RangeError);
	assert.throws(() => store.set("namespace_16_chr", "k", "x"), RangeError);
	assert.throws(() => store.set("mqtt", "port", 1.5), TypeError);
	assert.throws(() => store.set("mqtt", "big", 2 ** 31), RangeError);
	assert.throws(() => store.set("mqtt", "long", "中".repeat(1334)), RangeError); // 4002 bytes
	assert.throws(() => store.set("mqtt", "flag", true as unknown as string), TypeError);
	assert.throws(() => store.set("", "k", "x"), TypeError);
	store.set("mqtt", "fits", "中".repeat(1333)); // 3999 bytes
	assert.deepEqual(Object.keys(store.contents().mqtt ?? {}), ["fits"]);
	assert.deepEqual(store.writes, ["mqtt/fits"]);
	assert.throws(() => store.get("mqtt", "a_key_of_16_char"), RangeError);
});

test("persists to a JSON file and reads it back; the file wins over initial contents", () => {
	const dir = mkdtempSync(join(tmpdir(), "xz-nvs-"));
	try {
		const file = join(dir, "nvs.json");
		const first = new NvsStore({ file, initial: { board: { uuid: "from-profile" } } });
		assert.equal(first.get("board", "uuid"), "from-profile");
		first.set("board", "uuid", "from-first-boot");
		first.set("websocket", "version", 3);
		assert.deepEqual(JSON.parse(readFileSync(file, "utf8")), { board: { uuid: "from-first-boot" }, websocket: { version: 3 } });
		const second = new NvsStore({ file, initial: { board: { uuid: "from-profile" } } });
		assert.equal(second.get("board", "uuid"), "from-first-boot");
		assert.equal(second.get("websocket", "version"), 3);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});

test("a corrupt or rule-breaking file is a clear error", () => {
	const dir = mkdtempSync(join(tmpdir(), "xz-nvs-"));
	try {
		const file = join(dir, "nvs.json");
		writeFileSync(file, "{not json");
		assert.throws(() => new NvsStore({ file }), /is not JSON/);
		writeFileSync(file, JSON.stringify({ mqtt: { port: 1.25 } }));
		assert.throws(() => new NvsStore({ file }), /float unsupported/);
		assert.throws(() => new NvsStore({ initial: { mqtt: "x" } as never }), /must be an object/);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});
