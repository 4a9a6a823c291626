/* The self-test's echo body and verdict, and its NVS round trip. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { ECHO_BYTES, echoPayload, echoVerdict } from "../../modules/self-test/echo.ts";
import { nvsRoundTrip, SELF_TEST_NAMESPACE } from "../../modules/self-test/nvs.ts";
import { MemoryStore } from "../support/memory-store.ts";
import type { KeyValueStore } from "../../modules/activation/interfaces.ts";

test("the echo body is 4096 printable bytes whose lines say where they belong", () => {
	const body = echoPayload();
	assert.equal(body.length, ECHO_BYTES);
	assert.match(body, /^[\x20-\x7e\n]+$/);
	const lines = body.split("\n").filter(Boolean);
	assert.equal(lines.length, 64);
	lines.forEach((line, i) => assert.ok(line.startsWith(`${String(i * 64).padStart(5, "0")}:`), line));
	assert.notEqual(lines[1]!.slice(6), lines[2]!.slice(6), "neighbouring lines differ, so a doubled line shows");
	assert.equal(echoPayload(100).length, 100);
});

test("an exact echo passes, verbatim or in a JSON echo's data", () => {
	const sent = echoPayload();
	assert.deepEqual(echoVerdict(sent, 200, sent), { ok: true, detail: "4096 bytes echoed" });
	const json = JSON.stringify({ args: {}, data: sent, headers: { "content-type": "text/plain" } });
	assert.deepEqual(echoVerdict(sent, 200, json), { ok: true, detail: "4096 bytes echoed (in JSON data)" });
});

test("a lost, changed or refused echo fails and says where", () => {
	const sent = echoPayload();
	const lost = sent.slice(0, 1000) + sent.slice(1128);
	assert.deepEqual(echoVerdict(sent, 200, lost), { ok: false, detail: "the echo differs from byte 1000 (sent 4096, got 3968)" });
	assert.deepEqual(echoVerdict(sent, 200, sent.slice(0, 4000)), { ok: false, detail: "the echo differs from byte 4000 (sent 4096, got 4000)" });
	assert.deepEqual(echoVerdict(sent, 404, sent), { ok: false, detail: "the echo server answered 404" });
	assert.equal(echoVerdict(sent, 200, JSON.stringify({ data: sent.toUpperCase() })).ok, false);
});

test("NVS: a fresh text written and read back, and a run counter that grows", () => {
	const store = new MemoryStore();
	assert.deepEqual(nvsRoundTrip(store, "a1b2"), { ok: true, detail: 'wrote and read back "a1b2"; self-test run 1 on this NVS' });
	assert.equal(nvsRoundTrip(store, "c3d4").detail, 'wrote and read back "c3d4"; self-test run 2 on this NVS');
	assert.equal(store.get(SELF_TEST_NAMESPACE, "probe"), "c3d4");
});

test("NVS: a store that keeps the old value fails the round trip", () => {
	const stale: KeyValueStore = { get: () => "old", set: () => {} };
	assert.deepEqual(nvsRoundTrip(stale, "new1"), { ok: false, detail: 'wrote "new1", read back "old"' });
});
