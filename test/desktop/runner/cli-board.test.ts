/*
 * `xiaozhi-activate --board`: the board's own main.ts + hosts/esp32s3/platform.ts on XS, as
 * a user runs it (a child process, from another directory), exactly as the README shows it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { runCli as run } from "../../support/cli.ts";

const FIXTURE_1 = readFileSync(new URL("../../fixtures/ota-request-1.json", import.meta.url), "utf8");

test("--board --auto-bind 5 --json: exit 0, the modem bring-up before the first status query, whose body is the capture", async () => {
	const { code, stdout, stderr } = await run(["--board", "--auto-bind", "5", "--json"]);
	assert.equal(code, 0, stderr);
	const events = stdout.trim().split("\n").map((line) => JSON.parse(line) as { type: string; status?: string; path?: string; body?: string });
	const firstQuery = events.findIndex((event) => event.type === "request" && event.path === "/xiaozhi/ota/");
	assert.ok(firstQuery > 0, "a status query went out");
	const bringUp = events.slice(0, firstQuery).filter((event) => event.type === "modem").map((event) => event.status);
	assert.deepEqual(bringUp, ["detecting", "registering", "ready"], "the bring-up steps come first");
	assert.equal(events[firstQuery]!.body + "\n", FIXTURE_1, "the status-query body is ota-request-1.json byte for byte");
	assert.ok(events.some((event) => event.type === "code"));
	const outcome = events.at(-1) as unknown as {
		type: string;
		outcome: { status: string; settings: { protocol: string; mqtt: Record<string, unknown>; websocket: Record<string, unknown> } };
		beforeFirstStatusQuery: { atCommands: number };
	};
	assert.equal(outcome.type, "outcome");
	assert.equal(outcome.outcome.status, "activated");
	assert.equal(outcome.outcome.settings.protocol, "mqtt", "the hand-over the board printed");
	assert.equal(outcome.outcome.settings.mqtt.endpoint, "mqtt.xiaozhi.me");
	assert.equal(outcome.outcome.settings.mqtt.password, "<redacted>");
	assert.equal(outcome.outcome.settings.websocket.token, "<redacted>");
	assert.doesNotMatch(stdout, /MDWkGWYWOzFEY|test-token/, "no secret in the output");
	assert.ok(outcome.beforeFirstStatusQuery.atCommands >= 18, "bring-up and board facts crossed the UART first");
});

test("--board with --network is a usage error (NVS network/type picks the network)", async () => {
	const { code, stderr } = await run(["--board", "--network", "ml307"]);
	assert.equal(code, 2);
	assert.match(stderr, /--board picks its network from NVS/);
});
