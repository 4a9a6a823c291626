/*
 * The activation state machine on the Node engine, over real HTTPS to the emulator, on a
 * virtual clock: the firmware's numbers (10 s doubling back-off, 10 attempts, 3 s after
 * a 202, 10 s after a failure) are asserted from the emulator's request record.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { startEmulator, type Emulator } from "../../../desktop/emulator/server.ts";
import { VirtualClock } from "../../../desktop/node/clock.ts";
import { NvsStore } from "../../../desktop/node/nvs-store.ts";
import { FIRMWARE_POLICY } from "../../../modules/activation/policy.ts";
import { eventTypes, profile, runDevice } from "../../support/node-device.ts";

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), "utf8");
const CHECK = "/xiaozhi/ota/";
const ACTIVATE = "/xiaozhi/ota/activate";

async function withEmulator(options: Parameters<typeof startEmulator>[0], body: (emulator: Emulator, clock: VirtualClock) => Promise<void>) {
	const clock = new VirtualClock(1_000_000);
	const emulator = await startEmulator({ clock, ...options });
	try {
		await body(emulator, clock);
	} finally {
		await emulator.close();
	}
}

function paths(emulator: Emulator): string[] {
	return emulator.requests.map((r) => r.path);
}

test("official: the captured device gets a code, is bound, and confirms with a re-check", async () => {
	await withEmulator({ profile: "official", autoBindAfterMs: 20_000 }, async (emulator, clock) => {
		const run = await runDevice(emulator, { clock });
		assert.equal(run.outcome.status, "activated");
		const first = emulator.requests[0]!;
		assert.equal(first.path, CHECK);
		assert.equal(first.body + "\n", fixture("ota-request-1.json"), "status query body is the capture, byte for byte");
		assert.deepEqual(first.rawHeaderNames.filter((n) => !/^(host|content-length|connection)$/i.test(n)), [
			"Accept-Language",
			"Activation-Version",
			"Client-Id",
			"Content-Type",
			"Device-Id",
			"User-Agent",
		]);
		assert.equal(first.headers["device-id"], "94:a9:90:2c:84:b8");
		assert.equal(first.headers["user-agent"], "bread-compact-ml307/2.0.4");
		assert.equal(first.headers["activation-version"], "1");
		const activations = emulator.requests.filter((r) => r.path === ACTIVATE);
		assert.ok(activations.length >= 2);
		assert.ok(activations.every((r) => r.body === "{}"));
		assert.equal(activations.at(-1)!.status, 200);
		const last = emulator.requests.at(-1)!;
		assert.equal(last.path, CHECK, "after the 200 the device checks again");
		assert.ok(!last.responseBody.includes('"activation"'));
		const code = run.events.find((e) => e.type === "code");
		assert.ok(code && code.type === "code" && /^\d{6}$/.test(code.code));
		assert.equal(code.message, `xiaozhi.me\n${code.code}`);
		// 202 answered at once: the firmware's 3 s between attempts.
		const times = activations.map((r) => r.at);
		for (let i = 1; i < times.length; i++) assert.equal(times[i]! - times[i - 1]!, 3000);
		if (run.outcome.status !== "activated") return;
		assert.equal(run.outcome.settings.protocol, "mqtt");
		assert.equal(run.outcome.settings.websocket.token, "test-token");
		assert.equal(run.store.get("mqtt", "endpoint"), "mqtt.xiaozhi.me");
		const wall = clock.wallClockSettings.at(-1)!;
		const sent = JSON.parse(last.responseBody).server_time;
		assert.equal(wall.epochMs, sent.timestamp + sent.timezone_offset * 60000);
	});
});

test("official: a device already bound shows no code and is activated after one check", async () => {
	await withEmulator({ profile: "official" }, async (emulator, clock) => {
		emulator.bindElsewhere("94:a9:90:2c:84:b8");
		const run = await runDevice(emulator, { clock });
		assert.equal(run.outcome.status, "activated");
		assert.deepEqual(paths(emulator), [CHECK]);
		assert.ok(!run.events.some((e) => e.type === "code"));
	});
});

test("manager: challenge is the MAC, 202 until the code is typed in the console, then 200 'success'", async () => {
	await withEmulator({ profile: "manager" }, async (emulator, clock) => {
		let bound = false;
		const run = await runDevice(emulator, {
			clock,
			onEvent(event) {
				if (event.type === "pending" && event.attempt === 3 && !bound) {
					bound = true;
					const code = emulator.pendingCode("94:a9:90:2c:84:b8")!;
					assert.equal(emulator.bind(code).code, 0);
				}
			},
		});
		assert.equal(run.outcome.status, "activated");
		const activations = emulator.requests.filter((r) => r.path === ACTIVATE);
		assert.deepEqual(activations.map((r) => r.status), [202, 202, 202, 200]);
		assert.equal(activations.at(-1)!.responseBody, "success");
		assert.equal(JSON.parse(emulator.requests[0]!.responseBody).activation.challenge, "94:a9:90:2c:84:b8");
	});
});

test("single: a server without activation is activated at once and the device uses WebSocket", async () => {
	await withEmulator({ profile: "single" }, async (emulator, clock) => {
		const run = await runDevice(emulator, { clock });
		assert.equal(run.outcome.status, "activated");
		assert.deepEqual(paths(emulator), [CHECK]);
		if (run.outcome.status === "activated") assert.equal(run.outcome.settings.protocol, "websocket");
	});
});

test("check failures back off 10, 20, 40 s, then the device recovers", async () => {
	await withEmulator({ profile: "official", autoBindAfterMs: 0 }, async (emulator, clock) => {
		emulator.injectFault({ kind: "status", status: 503 }, { path: "check", times: 3 });
		const run = await runDevice(emulator, { clock });
		assert.equal(run.outcome.status, "activated");
		const checks = emulator.requests.filter((r) => r.path === CHECK).map((r) => r.at);
		assert.deepEqual([checks[1]! - checks[0]!, checks[2]! - checks[1]!, checks[3]! - checks[2]!], [10_000, 20_000, 40_000]);
		const failures = run.events.filter((e) => e.type === "check-failed");
		assert.equal(failures.length, 3);
		assert.ok(failures.every((e) => e.type === "check-failed" && e.reason.kind === "http-status" && e.reason.status === 503));
	});
});

test("ten check failures: give up, keep every stored setting, hand on the stored ones", async () => {
	await withEmulator({ profile: "official" }, async (emulator, clock) => {
		const device = profile();
		const store = new NvsStore({ initial: { ...device.nvs, mqtt: { endpoint: "stored.example:8883", password: "kept-secret" } } });
		emulator.injectFault({ kind: "status", status: 500 }, { path: "check", times: 10 });
		const run = await runDevice(emulator, { clock, store });
		assert.equal(run.outcome.status, "offline");
		assert.equal(emulator.requests.length, 10);
		const checks = emulator.requests.map((r) => r.at);
		assert.equal(checks.at(-1)! - checks[0]!, 10_000 * (2 ** 9 - 1), "10+20+…+2560 s of back-off");
		if (run.outcome.status === "offline") {
			assert.equal(run.outcome.reason.kind, "http-status");
			assert.equal(run.outcome.settings.mqtt.endpoint, "stored.example:8883");
		}
		assert.equal(store.get("mqtt", "password"), "kept-secret");
		assert.ok(!run.log.join("\n").includes("kept-secret"), "no secret in the log");
	});
});

test("ten pending attempts, then a fresh check; the same code is shown again", async () => {
	await withEmulator({ profile: "official" }, async (emulator, clock) => {
		let codes = 0;
		const run = await runDevice(emulator, {
			clock,
			onEvent(event, flow) {
				if (event.type === "code" && ++codes === 2) flow.stop();
			},
		});
		assert.equal(run.outcome.status, "stopped");
		const sequence = paths(emulator);
		assert.deepEqual(sequence, [CHECK, ...Array(10).fill(ACTIVATE), CHECK]);
		const at = emulator.requests.map((r) => r.at);
		assert.equal(at[11]! - at[10]!, 3000, "the firmware waits 3 s after the 10th 202 too, then checks");
		const shown = run.events.filter((e) => e.type === "code");
		assert.equal(shown.length, 2);
		assert.ok(shown[1]!.type === "code" && !shown[1]!.replaced);
	});
});

test("a code that expires while pending is replaced on screen at the next check", async () => {
	await withEmulator({ profile: "official", codeTtlMs: 20_000 }, async (emulator, clock) => {
		let first: string | undefined;
		const run = await runDevice(emulator, {
			clock,
			onEvent(event) {
				if (event.type !== "code") return;
				if (!first) first = event.code;
				else {
					assert.ok(event.replaced, "the new code is flagged as a replacement");
					assert.notEqual(event.code, first);
					assert.equal(emulator.bind(first).code, 10062, "the old code is refused by the console");
					assert.equal(emulator.bind(event.code).code, 0);
				}
			},
		});
		assert.equal(run.outcome.status, "activated");
	});
});

test("held 202s: our policy asks again at once, the firmware's waits 3 s", async () => {
	for (const [policy, gap] of [
		[undefined, 0],
		[FIRMWARE_POLICY, 3000],
	] as const) {
		await withEmulator({ profile: "official", holdActivateMs: 15_000, autoBindAfterMs: 100_000 }, async (emulator, clock) => {
			const run = await runDevice(emulator, { clock, config: policy ? { policy } : {} });
			assert.equal(run.outcome.status, "activated");
			const activations = emulator.requests.filter((r) => r.path === ACTIVATE);
			const pending = run.events.filter((e) => e.type === "pending");
			assert.ok(pending.length >= 2);
			assert.ok(pending.every((e) => e.type === "pending" && e.heldMs === 15_000));
			// `at` is when the answer was recorded; the next request starts `gap` ms after it.
			for (let i = 1; i < activations.length; i++) {
				const previousEnd = activations[i - 1]!.at;
				const started = activations[i]!.at - (activations[i]!.status === 202 ? 15_000 : 0);
				if (activations[i]!.status === 202) assert.equal(started - previousEnd, gap);
			}
		});
	}
});

test("v2 device: HMAC over the challenge verified by the server; Serial-Number sent", async () => {
	const device = profile("v2-ml307");
	await withEmulator(
		{ profile: "official", autoBindAfterMs: 5000, v2Devices: [{ serialNumber: device.serialNumber!, hmacKeyHex: device.hmacKeyHex! }] },
		async (emulator, clock) => {
			const run = await runDevice(emulator, { clock, profile: "v2-ml307" });
			assert.equal(run.outcome.status, "activated");
			const activation = emulator.requests.find((r) => r.path === ACTIVATE)!;
			assert.equal(activation.headers["activation-version"], "2");
			assert.equal(activation.headers["serial-number"], device.serialNumber);
			const body = JSON.parse(activation.body);
			assert.deepEqual(Object.keys(body), ["algorithm", "serial_number", "challenge", "hmac"]);
			assert.match(body.hmac, /^[0-9a-f]{64}$/);
			assert.ok(!run.log.join("\n").includes(body.hmac), "the HMAC is not logged");
		},
	);
});

test("v2 device with the wrong key: activation fails with the server's status, never activates", async () => {
	const device = profile("v2-ml307");
	await withEmulator(
		{ profile: "official", v2Devices: [{ serialNumber: device.serialNumber!, hmacKeyHex: "00".repeat(32) }] },
		async (emulator, clock) => {
			const run = await runDevice(emulator, {
				clock,
				profile: "v2-ml307",
				onEvent(event, flow) {
					if (event.type === "activate-failed" && event.attempt === 2) flow.stop();
				},
			});
			assert.equal(run.outcome.status, "stopped");
			const failed = run.events.filter((e) => e.type === "activate-failed");
			assert.ok(failed.every((e) => e.type === "activate-failed" && e.reason.kind === "http-status" && e.reason.status >= 400));
			const times = emulator.requests.filter((r) => r.path === ACTIVATE).map((r) => r.at);
			assert.equal(times[1]! - times[0]!, 10_000, "10 s after a failure");
		},
	);
});

test("the OTA URL override in wifi/ota_url wins over the default", async () => {
	await withEmulator({ profile: "single" }, async (emulator, clock) => {
		const store = new NvsStore({ initial: { ...profile().nvs, wifi: { ota_url: emulator.otaUrl } } });
		const run = await runDevice(emulator, { clock, store, otaUrl: "https://127.0.0.1:1/nowhere/ota/" });
		assert.equal(run.outcome.status, "activated");
	});
});

test("a modem that cannot give its facts is a check failure with the reason, then recovery is possible", async () => {
	await withEmulator({ profile: "single" }, async (emulator, clock) => {
		const run = await runDevice(emulator, {
			clock,
			boardFailure: "modem does not answer AT",
			onEvent(event, flow) {
				if (event.type === "check-failed" && event.attempt === 2) flow.stop();
			},
		});
		assert.equal(run.outcome.status, "stopped");
		assert.equal(emulator.requests.length, 0);
		const failure = run.events.find((e) => e.type === "check-failed");
		assert.ok(failure && failure.type === "check-failed" && failure.reason.kind === "facts");
		assert.match(failure.reason.detail, /modem does not answer/);
	});
});

test("events follow the documented order for a first activation", async () => {
	await withEmulator({ profile: "official", autoBindAfterMs: 4000 }, async (emulator, clock) => {
		const run = await runDevice(emulator, { clock });
		assert.deepEqual(eventTypes(run.events).filter((t) => t !== "warning" && t !== "firmware"), [
			"starting",
			"checking",
			"code",
			"activating",
			"pending",
			"activating",
			"pending",
			"activating",
			"checking",
			"activated",
		]);
	});
});

for (const [name, codeTtlMs] of [["the same code", undefined], ["a new code at every check", 1]] as const) {
	test(`activation storm: /activate answers 200 but the check still shows ${name}: backed off 10, 20, 40 s… like a failed check, never faster than once per 10 s`, async () => {
		await withEmulator({ profile: "official", ...(codeTtlMs ? { codeTtlMs } : {}) }, async (emulator, clock) => {
			emulator.injectFault({ kind: "accept-unbound" }, { path: "activate", times: 100_000 });
			const started = clock.now();
			let requests = 0;
			emulator.on("request", () => void requests++);
			const run = await runDevice(emulator, {
				clock,
				onEvent(event, device) {
					// Ten minutes of device time; a storm (no waiting at all) is cut off after 300 requests.
					if (clock.now() - started >= 600_000 || requests > 300) device.stop();
				},
			});
			assert.equal(run.outcome.status, "stopped");
			const sequence = emulator.requests.map((r) => (r.path === ACTIVATE ? "A" : "C"));
			console.log(`# ${name}: ${emulator.requests.length} requests in ${(clock.now() - started) / 1000} s: ${sequence.join("")}`);
			assert.ok(emulator.requests.length <= 20, `${emulator.requests.length} requests in 10 minutes (a storm sent 2,081 in 30 s)`);
			const unconfirmed = run.events.filter((e) => e.type === "check-failed" && e.reason.kind === "unconfirmed");
			assert.deepEqual(
				unconfirmed.map((e) => (e.type === "check-failed" ? e.retryInMs : 0)),
				[10_000, 20_000, 40_000, 80_000, 160_000, 320_000].slice(0, unconfirmed.length),
				"the back-off of a failed check, doubling",
			);
			assert.ok(unconfirmed.length >= 5);
			const reason = unconfirmed[0]!.type === "check-failed" ? unconfirmed[0]!.reason : undefined;
			assert.match(reason?.detail ?? "", /^the server accepted the activation \(HTTP 200\) but its check still shows code \d{6}$/);
			assert.ok(run.log.some((line) => /^W check failed \(1\/10\): unconfirmed: the server accepted the activation .*; retry in 10 s$/.test(line)), "said in the log");
			// Never two checks within 10 s but for the one confirming an activation; never two code changes within 10 s.
			const at = emulator.requests.map((r) => r.at);
			for (let i = 2; i < sequence.length; i++) if (sequence[i] === "C" && sequence[i - 1] === "C") assert.ok(at[i]! - at[i - 1]! >= 10_000, `checks ${i - 1} and ${i} ${at[i]! - at[i - 1]!} ms apart`);
			const changes = run.events.filter((e) => e.type === "code");
			if (codeTtlMs) assert.ok(changes.filter((e) => e.type === "code" && e.replaced).length >= 5, "new codes do come");
			assert.ok(changes.length <= 2 * unconfirmed.length + 2);
		});
	});
}
