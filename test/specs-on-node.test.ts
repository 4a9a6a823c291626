/* Runs the portable specs (test/support/specs/index.ts) under node:test. The XS twin is test/specs-on-xs.test.ts. */
import { test } from "node:test";
import { readFileSync } from "node:fs";
import { registeredSpecs, setFixtureReader } from "./support/spec.ts";
import "./support/specs/index.ts";

const fixturesDir = new URL("./fixtures/", import.meta.url);
setFixtureReader((name) => readFileSync(new URL(name, fixturesDir), "utf8"));

for (const { name, fn } of registeredSpecs()) {
	test(name, fn);
}
