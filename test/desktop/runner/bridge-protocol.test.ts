/* The bridge's JSON: non-finite numbers survive, and no data can pass for a tag. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeMessage, encodeMessage } from "../../../desktop/runner/bridge-protocol.ts";

const roundTrip = (value: unknown): unknown => decodeMessage(encodeMessage(value));

test("non-finite numbers cross the bridge", () => {
	assert.deepEqual(roundTrip({ policy: { max: Infinity, min: -Infinity, none: NaN, one: 1 } }), { policy: { max: Infinity, min: -Infinity, none: NaN, one: 1 } });
	assert.deepEqual(roundTrip([Infinity, 2]), [Infinity, 2]);
});

test("data that looks like a tag comes back as the data it was", () => {
	const hostile = {
		mqtt: { $nonFinite: "Infinity" },
		websocket: { $: "Infinity" },
		deeper: [{ $$: "-Infinity" }, { $$$x: 1, y: { $: "NaN", z: 2 } }],
		plain: { a: 1 },
	};
	assert.deepEqual(roundTrip(hostile), hostile);
	assert.deepEqual(roundTrip({ $: Infinity }), { $: Infinity }, "a member named $ holding a non-finite number");
});

test("a __proto__ member stays a member and changes no prototype", () => {
	const parsed = JSON.parse('{"__proto__":{"polluted":true},"$a":1}') as Record<string, unknown>;
	const back = roundTrip(parsed) as Record<string, unknown>;
	assert.equal(Object.getPrototypeOf(back), Object.prototype);
	assert.deepEqual(Object.keys(back), ["__proto__", "$a"]);
	assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test("objects without $ members are passed through as they are", () => {
	const message = { op: "event", event: { type: "code", code: "123456", message: "xiaozhi.me\n123456" } };
	assert.equal(encodeMessage(message), JSON.stringify(message));
});
