/*
 * The README is what a newcomer reads first: at most 15 KB (measurements and design notes live
 * in docs/), opening with the two commands that work on a fresh machine, the second of which
 * is what CI runs.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

const README = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

test("README: at most 15 KB", () => {
	const bytes = Buffer.byteLength(README);
	assert.ok(bytes <= 15 * 1024, `${bytes} bytes`);
});

test("README: its first lines are the two commands, activate against the embedded emulator and every test; .ci/run calls the second", () => {
	const block = /^```sh\n([\s\S]*?)```/m.exec(README.split("\n").slice(0, 12).join("\n"))?.[1] ?? "";
	const commands = block.split("\n").filter(Boolean).map((line) => line.replace(/\s+#.*$/, "").trim());
	assert.deepEqual(commands, ["npm ci && npm run activate -- --auto-bind 5", "npm test"]);
	const ci = readFileSync(new URL("../../.ci/run", import.meta.url), "utf8");
	assert.match(ci, /^npm test$/m, ".ci/run runs the README's test command");
});
