/* The self-test's check runner and its lines: PASS/FAIL/needs the board, a throw or a timeout is a FAIL with the reason. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { finalLine, resultLine, runCheck, runChecks, summaryRows, tally, type CheckResult } from "../../modules/self-test/checks.ts";
import { nodeTimers } from "../../desktop/ml307-simulator/node.ts";

test("a check's verdict becomes PASS or FAIL with its detail", async () => {
	assert.deepEqual(await runCheck({ name: "nvs", run: async () => ({ ok: true, detail: "fine" }) }, nodeTimers), { name: "nvs", status: "pass", detail: "fine" });
	assert.deepEqual(await runCheck({ name: "nvs", run: async () => ({ ok: false, detail: "read back 3" }) }, nodeTimers), {
		name: "nvs",
		status: "fail",
		detail: "read back 3",
	});
});

test("a check that throws is a FAIL with the error's message", async () => {
	const result = await runCheck({ name: "oled", run: () => Promise.reject(new Error("no I2C answer")) }, nodeTimers);
	assert.deepEqual(result, { name: "oled", status: "fail", detail: "no I2C answer" });
});

test("a check that does not end within its limit is a FAIL", async () => {
	const result = await runCheck({ name: "modem", timeoutMs: 30, run: () => new Promise(() => {}) }, nodeTimers);
	assert.deepEqual(result, { name: "modem", status: "fail", detail: "no result within 0.03 s" });
});

test("a check the host cannot run says it needs the board, and why", async () => {
	assert.deepEqual(await runCheck({ name: "led", why: "no LED on this host" }, nodeTimers), { name: "led", status: "needs-board", detail: "no LED on this host" });
});

test("checks run one after the other, each reported as it ends", async () => {
	const order: string[] = [];
	const results = await runChecks(
		[
			{ name: "a", run: async () => (order.push("run a"), { ok: true, detail: "" }) },
			{ name: "b", run: async () => (order.push("run b"), { ok: false, detail: "x" }) },
		],
		nodeTimers,
		(result) => order.push(`report ${result.name}`),
	);
	assert.deepEqual(order, ["run a", "report a", "run b", "report b"]);
	assert.equal(results.length, 2);
});

const results: CheckResult[] = [
	{ name: "uart 921600", status: "fail", detail: "the echo differs from byte 1024 (sent 4096, got 4000)" },
	{ name: "nvs", status: "pass", detail: "ok" },
	{ name: "speaker", status: "needs-board", detail: "no speaker on this host" },
];

test("one console line per check: PASS, FAIL or needs the board, the name, the detail", () => {
	assert.deepEqual(results.map(resultLine), [
		"FAIL uart 921600: the echo differs from byte 1024 (sent 4096, got 4000)",
		"PASS nvs: ok",
		"needs the board speaker: no speaker on this host",
	]);
});

test("the summary: counts, failed names; PASSED only when nothing failed", () => {
	assert.deepEqual(tally(results), { passed: 1, failed: 1, needsBoard: 1 });
	assert.equal(finalLine(results), "SELF-TEST FAILED: 1 passed, 1 failed, 1 need the board");
	assert.deepEqual(summaryRows(results), ["SELF-TEST FAILED", "1 ok 1 bad 1 n/a", "uart 921600"]);
	const passing = results.slice(1);
	assert.equal(finalLine(passing), "SELF-TEST PASSED: 1 passed, 0 failed, 1 need the board");
	assert.deepEqual(summaryRows(passing), ["SELF-TEST PASSED", "1 ok 0 bad 1 n/a", "n/a: needs the board"]);
});
