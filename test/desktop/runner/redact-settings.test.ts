/*
 * The CLI's redaction with member names from Object.prototype, where primordials are
 * frozen (this process runs @endo/init's lockdown through the XS runner's imports).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { redactSettings } from "../../../desktop/runner/cli.ts";

test("redactSettings: constructor, __proto__, toString are names like any other; secrets stay redacted", () => {
	assert.ok(Object.isFrozen(Object.prototype), "the runner's primordials are frozen, as on Moddable");
	const values = JSON.parse('{"constructor":"c","__proto__":"p","toString":"t","valueOf":1,"endpoint":"mqtt.example","password":"secret"}') as Record<string, string | number>;
	const out = redactSettings(values);
	assert.deepEqual(Object.keys(out), ["constructor", "__proto__", "toString", "valueOf", "endpoint", "password"]);
	assert.equal(out["endpoint"], "mqtt.example");
	for (const key of ["constructor", "__proto__", "toString", "valueOf", "password"]) assert.equal(out[key], "<redacted>", key);
	assert.doesNotMatch(JSON.stringify(out), /secret/);
});
