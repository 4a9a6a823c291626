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
import type { SerialRunFigures } from "../../../desktop/sdk-standins/serial-port.ts";

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
	const outcome = events.at(-2) as unknown as {
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
	assertUartHeld(events.at(-1));
});

interface UartEvent extends SerialRunFigures {
	readonly type: string;
}

/** The run's last event: the ring-buffered modem port, within its limits, nothing lost. */
function assertUartHeld(event: unknown): UartEvent {
	const uart = event as UartEvent;
	assert.deepEqual(Object.keys(uart), ["type", "port", "baud", "txCapacity", "maxWrite", "rxCapacity", "rxHighWater", "rxLostBytes"]);
	assert.equal(uart.type, "uart");
	assert.deepEqual([uart.port, uart.baud, uart.txCapacity, uart.rxCapacity], ["ring-buffered", 921600, 4096, 8192]);
	assert.ok(uart.maxWrite > 1000 && uart.maxWrite <= uart.txCapacity, `largest write ${uart.maxWrite} (the status-query body goes in one)`);
	assert.ok(uart.rxHighWater > 0 && uart.rxHighWater <= uart.rxCapacity, `RX high-water ${uart.rxHighWater}`);
	assert.equal(uart.rxLostBytes, 0);
	return uart;
}

test("--board under stress (the VM busy 50 ms before each serial callback): the ring-buffered port still activates, nothing lost", async (t) => {
	const { code, stdout, stderr } = await run(["--board", "--auto-bind", "5", "--json", "--modem-script", '{"hostStallMs":50}']);
	assert.equal(code, 0, stderr);
	const events = stdout.trim().split("\n").map((line) => JSON.parse(line) as { type: string; outcome?: { status: string } });
	assert.equal(events.at(-2)!.outcome!.status, "activated");
	assert.ok(!events.some((event) => event.type === "check-failed" || event.type === "activate-failed"), "no request failed");
	const uart = assertUartHeld(events.at(-1));
	assert.ok(uart.rxHighWater > 128, `the ring held ${uart.rxHighWater} bytes at once: a 128-byte FIFO would have lost bytes`);
	t.diagnostic(JSON.stringify(uart));
});

test("--board with the SDK's FIFO-only serial under the same stress: bytes lost, each check fails with the loss, and it activates once the stall ends", async (t) => {
	const script = '{"hostStallMs":50,"port":"sdk-fifo"}';
	const { code, stdout, stderr } = await run(["--board", "--virtual-time", "--auto-bind", "5", "--json", "--modem-script", script, "--modem-recovers-after", "25"]);
	assert.equal(code, 0, stderr);
	const events = stdout.trim().split("\n").map((line) => JSON.parse(line) as { type: string; reason?: { kind: string; detail: string }; outcome?: { status: string } });
	const failed = events.filter((event) => event.type === "check-failed");
	assert.ok(failed.length >= 1, "the first check failed");
	for (const event of failed) assert.match(event.reason!.detail, /^modem link lost/, "a loss, never a wrong parse");
	assert.equal(events.at(-2)!.outcome!.status, "activated");
	const uart = events.at(-1) as unknown as UartEvent;
	assert.deepEqual([uart.type, uart.port, uart.txCapacity, uart.rxCapacity], ["uart", "sdk-fifo", 128, 128]);
	assert.ok(uart.maxWrite <= 128, `writes paced to the FIFO: largest ${uart.maxWrite}`);
	assert.ok(uart.rxLostBytes > 0, "the FIFO lost bytes");
	t.diagnostic(`${failed.length} failed check(s): ${failed[0]!.reason!.detail}; ${JSON.stringify(uart)}`);
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
