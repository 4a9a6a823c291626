/*
 * Runs the portable specs (test/support/specs/index.ts) inside the real XS engine (xsnap), each reported as
 * its own node:test case. The Node twin is test/specs-on-node.test.ts.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleForXs } from "../desktop/runner/bundle.ts";
import { registeredSpecs } from "./support/spec.ts";
import "./support/specs/index.ts";
import { startXsWorker } from "../desktop/runner/xs-worker.ts";

interface SpecResult {
	readonly name: string;
	readonly ok: boolean;
	readonly error?: string;
	readonly stack?: string;
}

const fixturesDir = fileURLToPath(new URL("./fixtures/", import.meta.url));
const fixtures: Record<string, string> = {};
for (const entry of readdirSync(fixturesDir, { recursive: true, withFileTypes: true })) {
	if (!entry.isFile()) continue;
	const path = join(entry.parentPath ?? entry.path, entry.name);
	fixtures[relative(fixturesDir, path).split(sep).join("/")] = readFileSync(path, "utf8");
}

let planned: string[] = [];
let finished = false;
const results: SpecResult[] = [];
let runError: unknown;

try {
	const script = await bundleForXs(fileURLToPath(new URL("./support/specs/xs-entry.ts", import.meta.url)));
	const worker = await startXsWorker({
		name: "xs-specs",
		handle: (message) => {
			const m = message as { type: string; names?: string[] } & SpecResult;
			if (m.type === "plan") planned = m.names ?? [];
			else if (m.type === "result") results.push(m);
			else if (m.type === "finished") finished = true;
			return undefined;
		},
	});
	try {
		// JSON is valid JS source: the fixtures go in as a literal table, byte for byte.
		await worker.evaluate(`globalThis.specFixtures = Object.freeze(${JSON.stringify(fixtures)});`);
		await worker.evaluate(script);
	} finally {
		await worker.close();
	}
} catch (error) {
	runError = error;
}

test("XS: the spec bundle ran to the end", () => {
	if (runError) throw runError;
	assert.ok(planned.length > 0, "no specs registered");
	assert.deepEqual(planned, registeredSpecs().map((c) => c.name), "XS registered the same specs as Node, in the same order");
	assert.ok(finished, `XS stopped after ${results.length} of ${planned.length} specs (a promise never settled?)`);
	assert.deepEqual(
		results.map((r) => r.name),
		planned,
	);
});

const reported = new Set(results.map((r) => r.name));
for (const name of planned.filter((n) => !reported.has(n))) {
	test(`XS: ${name}`, () => {
		throw new Error("did not finish on XS (this spec or an earlier one never settled)");
	});
}

for (const result of results) {
	test(`XS: ${result.name}`, () => {
		if (!result.ok) {
			const error = new Error(result.error);
			error.stack = `${result.error}\n(XS stack)\n${result.stack ?? ""}`;
			throw error;
		}
	});
}
