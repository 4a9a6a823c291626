/*
 * Every fault the emulator can inject: the device names the reason, backs off, recovers
 * and activates, and nothing already stored is lost.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { startEmulator, type Fault } from "../../../desktop/emulator/server.ts";
import { VirtualClock } from "../../../desktop/node/clock.ts";
import { NvsStore } from "../../../desktop/node/nvs-store.ts";
import type { FailureReason } from "../../../modules/activation/events.ts";
import { profile, runDevice } from "../../support/node-device.ts";

function storeWithHistory(): NvsStore {
	// A setting the server never sends must survive every failure and every answer.
	return new NvsStore({ initial: { ...profile().nvs, mqtt: { keepalive: 120, endpoint: "old.example" } } });
}

const checkFaults: [string, Fault, (reason: FailureReason) => boolean][] = [
	["HTTP 500", { kind: "status", status: 500 }, (r) => r.kind === "http-status" && r.status === 500],
	["HTTP 404", { kind: "status", status: 404 }, (r) => r.kind === "http-status" && r.status === 404],
	["a body that is not JSON", { kind: "non-json" }, (r) => r.kind === "bad-json"],
	["an error object with 200", { kind: "error-object", body: '{"error":"Invalid device ID"}' }, (r) => r.kind === "server-error" && /Invalid device ID/.test(r.detail)],
	["an empty object", { kind: "empty-object" }, (r) => r.kind === "unexpected-body"],
	["an answer later than the device timeout", { kind: "delay", ms: 45_000 }, (r) => r.kind === "timeout"],
	["a truncated body", { kind: "truncated" }, (r) => r.kind === "truncated"],
	["a redirect (not followed)", { kind: "redirect" }, (r) => r.kind === "http-status" && r.status >= 300 && r.status < 400],
	["a body over the size cap", { kind: "oversize", bytes: 64 * 1024 }, (r) => r.kind === "too-large"],
	["a connection reset", { kind: "reset" }, (r) => r.kind !== "http-status" && r.kind !== "bad-json"],
];

for (const [name, fault, expected] of checkFaults) {
	test(`check fault, ${name}: reason reported, device recovers, stored settings survive`, async () => {
		const clock = new VirtualClock(5_000_000);
		const emulator = await startEmulator({ profile: "official", clock, autoBindAfterMs: 6000 });
		try {
			emulator.injectFault(fault, { path: "check", times: 1 });
			const store = storeWithHistory();
			const run = await runDevice(emulator, { clock, store });
			assert.equal(run.outcome.status, "activated");
			const failure = run.events.find((e) => e.type === "check-failed");
			assert.ok(failure && failure.type === "check-failed", "a check-failed event");
			assert.ok(expected(failure.reason), `unexpected reason ${JSON.stringify(failure.reason)}`);
			assert.equal(failure.retryInMs, 10_000);
			assert.equal(store.get("mqtt", "keepalive"), 120, "a stored value the server never sends is kept");
			assert.equal(store.get("mqtt", "endpoint"), "mqtt.xiaozhi.me", "then the good answer is stored");
			assert.ok(run.log.some((line) => line.startsWith("W check failed (1/10)")), "the failure is logged");
		} finally {
			await emulator.close();
		}
	});
}

test("activation fault: HTTP 500 on /activate waits 10 s, the next attempt succeeds", async () => {
	const clock = new VirtualClock(0);
	const emulator = await startEmulator({ profile: "official", clock, autoBindAfterMs: 1 });
	try {
		emulator.injectFault({ kind: "status", status: 500, body: '{"error":"boom","token":"must-not-leak"}' }, { path: "activate", times: 1 });
		const run = await runDevice(emulator, { clock });
		assert.equal(run.outcome.status, "activated");
		const activations = emulator.requests.filter((r) => r.path === "/xiaozhi/ota/activate");
		assert.deepEqual(activations.map((r) => r.status), [500, 200]);
		assert.equal(activations[1]!.at - activations[0]!.at, 10_000);
		assert.ok(!run.log.join("\n").includes("must-not-leak"), "secret-looking values in an error body are masked");
	} finally {
		await emulator.close();
	}
});

test("a certificate for another host: TLS failure every time, give up after 10, nothing stored is lost", async () => {
	const clock = new VirtualClock(0);
	const emulator = await startEmulator({ profile: "official", clock });
	try {
		const store = storeWithHistory();
		const run = await runDevice(emulator, { clock, store, otaUrl: emulator.wrongHostOtaUrl });
		assert.equal(run.outcome.status, "offline");
		if (run.outcome.status === "offline") {
			assert.equal(run.outcome.reason.kind, "tls");
			assert.equal(run.outcome.settings.mqtt.endpoint, "old.example");
		}
		assert.equal(run.events.filter((e) => e.type === "check-failed").length, 10);
		assert.equal(store.get("mqtt", "keepalive"), 120);
	} finally {
		await emulator.close();
	}
});

test("a server that is not there: connect failure named, back-off applied", async () => {
	const clock = new VirtualClock(0);
	const emulator = await startEmulator({ profile: "official", clock });
	await emulator.close();
	const run = await runDevice(emulator, {
		clock,
		otaUrl: "https://127.0.0.1:9/xiaozhi/ota/",
		onEvent(event, flow) {
			if (event.type === "check-failed" && event.attempt === 2) flow.stop();
		},
	});
	assert.equal(run.outcome.status, "stopped");
	const failure = run.events.find((e) => e.type === "check-failed");
	assert.ok(failure && failure.type === "check-failed" && failure.reason.kind === "connect");
});
