/*
 * `xiaozhi-activate --board`: the board's own main.ts + hosts/esp32s3/platform.ts on XS, as
 * a user runs it (a child process, from another directory), exactly as the README shows it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
	const outcome = events.at(-1) as unknown as { type: string; outcome: { status: string }; beforeFirstStatusQuery: { atCommands: number } };
	assert.equal(outcome.type, "outcome");
	assert.equal(outcome.outcome.status, "activated");
	assert.ok(outcome.beforeFirstStatusQuery.atCommands >= 18, "bring-up and board facts crossed the UART first");
});

test("--wifi-networks goes with --board, and a file the radio could not have is a usage error naming the entry", async () => {
	const alone = await run(["--wifi-networks", "nets.json"]);
	assert.equal(alone.code, 2);
	assert.match(alone.stderr, /--wifi-networks goes with --board/);
	const dir = mkdtempSync(join(tmpdir(), "xiaozhi-nets-"));
	try {
		const file = join(dir, "nets.json");
		writeFileSync(file, JSON.stringify([{ ssid: "Home", password: "secret" }]));
		const short = await run(["--board", "--network", "wifi", "--wifi-networks", file]);
		assert.equal(short.code, 2);
		assert.match(short.stderr, /network 1: password must be empty \(open\) or 8-63 bytes/);
		writeFileSync(file, JSON.stringify([{ ssid: "x".repeat(33) }]));
		assert.match((await run(["--board", "--wifi-networks", file])).stderr, /network 1: ssid must be a string of 1-32 bytes/);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});
