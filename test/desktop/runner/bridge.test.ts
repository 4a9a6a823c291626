/*
 * The XS runner's bridge: the activation core runs inside xsnap and every host call
 * (HTTP, NVS, clock, facts, signer, random, log, events) crosses to Node. Here the Node
 * side serves scripted HTTP answers (the real-socket runs are in test/desktop/runner/e2e).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import type { HttpRequest, HttpResult, HttpTransport, KeyValueStore, StoredValue } from "../../../modules/activation/interfaces.ts";
import { VirtualClock } from "../../../desktop/node/clock.ts";
import { PROFILES_DIR, ProfileFacts, loadDeviceProfile } from "../../../desktop/node/device-profile.ts";
import { NvsStore } from "../../../desktop/node/nvs-store.ts";
import { runDeviceOnXs } from "../../../desktop/runner/run-device.ts";

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), "utf8").replace(/\n$/, "");
const OTA_URL = "https://ota.test/xiaozhi/ota/";

/** Answers requests from a script, one function per call, and records what it got. */
class ScriptedTransport implements HttpTransport {
	readonly seen: HttpRequest[] = [];
	constructor(private readonly answer: (request: HttpRequest, index: number) => HttpResult) {}
	request(request: HttpRequest): Promise<HttpResult> {
		this.seen.push(request);
		return Promise.resolve(this.answer(request, this.seen.length - 1));
	}
}

/** Unactivated → activate 200 → activated, with the captured answers. */
const capturedServer = (): ScriptedTransport =>
	new ScriptedTransport((request) => {
		if (request.url.endsWith("/activate")) return { ok: true, status: 200, body: fixture("activate-response-200.json") };
		const checks = transportChecks++;
		return { ok: true, status: 200, body: fixture(checks === 0 ? "ota-response-2-unactivated.json" : "ota-response-3-activated.json") };
	});
let transportChecks = 0;

test("the captured device activates on XS; requests, NVS writes and the wall clock cross the bridge", async () => {
	transportChecks = 0;
	const profile = loadDeviceProfile();
	const transport = capturedServer();
	const store = new NvsStore({ initial: profile.nvs });
	const clock = new VirtualClock(5000);
	const result = await runDeviceOnXs({ profile, otaUrl: OTA_URL, transport, store, clock });

	assert.equal(result.outcome.status, "activated");
	assert.deepEqual(
		result.events.filter((e) => e.type !== "countdown").map((e) => e.type),
		["starting", "checking", "firmware", "code", "activating", "checking", "firmware", "activated"],
	);
	const code = result.events.find((e) => e.type === "code");
	assert.deepEqual(code, { type: "code", code: "209835", message: "xiaozhi.me\n209835", replaced: false });

	assert.deepEqual(transport.seen.map((r) => r.url), [OTA_URL, `${OTA_URL}activate`, OTA_URL]);
	assert.equal(transport.seen[0]!.body, fixture("ota-request-1.json"));
	assert.equal(transport.seen[1]!.body, "{}");
	assert.deepEqual(transport.seen[0]!.headers, [
		["Accept-Language", "zh-CN"],
		["Activation-Version", "1"],
		["Client-Id", "e2314aed-0a16-43f0-8128-766fbd3207f2"],
		["Content-Type", "application/json"],
		["Device-Id", "94:a9:90:2c:84:b8"],
		["User-Agent", "bread-compact-ml307/2.0.4"],
	]);

	assert.equal(store.get("mqtt", "endpoint"), "mqtt.xiaozhi.me");
	assert.equal(store.get("websocket", "url"), "wss://api.tenclass.net/xiaozhi/v1/");
	assert.ok(store.writes.includes("mqtt/password"));
	assert.deepEqual(
		clock.wallClockSettings.map((s) => s.epochMs),
		[1766848651234 + 480 * 60000, 1766848777231 + 480 * 60000],
	);
	assert.ok(result.meter.computrons > 0, "xsnap measured the run");
	assert.equal(result.meter.bridgeCalls.http, 3);
	assert.equal(result.meter.bridgeCalls.done, 1);
});

test("a v2 device signs the challenge through the bridge with the Node-side key", async () => {
	transportChecks = 0;
	const profile = loadDeviceProfile(`${PROFILES_DIR}v2-ml307.json`);
	const transport = capturedServer();
	const result = await runDeviceOnXs({ profile, otaUrl: OTA_URL, transport, clock: new VirtualClock() });
	assert.equal(result.outcome.status, "activated");
	const activate = transport.seen[1]!;
	const challenge = "e8507672-94b6-4ba3-9396-302745a2e242";
	const hmac = createHmac("sha256", Buffer.from(profile.hmacKeyHex!, "hex")).update(challenge).digest("hex");
	assert.equal(
		activate.body,
		`{"algorithm":"hmac-sha256","serial_number":"${profile.serialNumber}","challenge":"${challenge}","hmac":"${hmac}"}`,
	);
	assert.ok(activate.headers.some(([name, value]) => name === "Serial-Number" && value === profile.serialNumber));
	assert.ok(!JSON.stringify(result.logs).includes(profile.hmacKeyHex!), "the key never shows in the log");
});

test("a store error crosses as the same error class and message", async () => {
	const profile = { ...loadDeviceProfile(), nvs: {} };
	const refusing: KeyValueStore = {
		get: () => undefined,
		set: (_namespace: string, _key: string, _value: StoredValue) => {
			throw new RangeError("flash full");
		},
	};
	const transport = new ScriptedTransport(() => ({ ok: false, failure: "connect", detail: "refused" }));
	const result = await runDeviceOnXs({
		profile,
		otaUrl: OTA_URL,
		transport,
		store: refusing,
		clock: new VirtualClock(),
		config: { policy: { checkAttempts: 1, checkFirstDelayMs: 10, checkDelayFactor: 2, activateAttempts: 1, pendingDelayMs: 1, failureDelayMs: 1, heldThresholdMs: Infinity } },
	});
	assert.equal(result.outcome.status, "offline");
	assert.ok(result.logs.some((l) => l.level === "error" && l.message.includes("flash full")), JSON.stringify(result.logs));
	// A fresh UUID was made from bridged random bytes even though it could not be stored.
	assert.match(transport.seen[0]!.body, /"uuid":"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"/);
});

test("board facts that fail are a facts failure, retried with back-off on the virtual clock", async () => {
	const profile = loadDeviceProfile();
	const clock = new VirtualClock();
	const transport = new ScriptedTransport(() => ({ ok: true, status: 200, body: "{}" }));
	const result = await runDeviceOnXs({
		profile,
		otaUrl: OTA_URL,
		transport,
		clock,
		facts: new ProfileFacts(profile, { boardFailure: "modem does not answer AT" }),
	});
	assert.equal(result.outcome.status, "offline");
	assert.equal(result.outcome.status === "offline" && result.outcome.reason.kind, "facts");
	assert.equal(transport.seen.length, 0);
	assert.equal(clock.sleptMs, (10 + 20 + 40 + 80 + 160 + 320 + 640 + 1280 + 2560) * 1000);
});

test("aborting the signal stops the flow on XS like a BOOT press", async () => {
	const controller = new AbortController();
	const transport = new ScriptedTransport((request) => {
		if (request.url.endsWith("/activate")) {
			controller.abort();
			return { ok: true, status: 202, body: "{}" };
		}
		return { ok: true, status: 200, body: fixture("ota-response-2-unactivated.json") };
	});
	const result = await runDeviceOnXs({ profile: loadDeviceProfile(), otaUrl: OTA_URL, transport, clock: new VirtualClock(), signal: controller.signal });
	assert.deepEqual(result.outcome, { status: "stopped" });
	assert.equal(transport.seen.filter((r) => r.url.endsWith("/activate")).length, 1);
});

test("the computron limit stops a run that goes on too long", async () => {
	const transport = new ScriptedTransport(() => ({ ok: false, failure: "connect", detail: "refused" }));
	await assert.rejects(
		runDeviceOnXs({ profile: loadDeviceProfile(), otaUrl: OTA_URL, transport, clock: new VirtualClock(), meteringLimit: 50_000 }),
	);
});

test("a stop ends the call XS is blocked in (a held request) at once", async () => {
	const controller = new AbortController();
	let activateCalls = 0;
	const transport: HttpTransport = {
		request(request: HttpRequest): Promise<HttpResult> {
			if (!request.url.endsWith("/activate"))
				return Promise.resolve({ ok: true, status: 200, body: fixture("ota-response-2-unactivated.json") });
			activateCalls++;
			setTimeout(() => controller.abort(), 20);
			return new Promise(() => {
				/* held forever, like a server that never answers */
			});
		},
	};
	const result = await runDeviceOnXs({ profile: loadDeviceProfile(), otaUrl: OTA_URL, transport, clock: new VirtualClock(), signal: controller.signal });
	assert.deepEqual(result.outcome, { status: "stopped" });
	assert.equal(activateCalls, 1);
});

test("server data shaped like the bridge's own tag crosses as data: refused by name, never read as a tag", async () => {
	// The device skips member names outside the NVS alphabet (issue 9), so "$…" names end as
	// warnings that name them; the plain member beside them arrives as the string it was.
	// The encoding itself is checked member by member in test/desktop/runner/bridge-protocol.test.ts.
	const profile = { ...loadDeviceProfile(), nvs: {} };
	const answer = JSON.stringify({
		mqtt: { $nonFinite: "Infinity" },
		websocket: { $: "-Infinity", url: "wss://ws.example/" },
	});
	const transport = new ScriptedTransport(() => ({ ok: true, status: 200, body: answer }));
	const result = await runDeviceOnXs({ profile, otaUrl: OTA_URL, transport, clock: new VirtualClock() });
	assert.equal(result.outcome.status, "activated");
	if (result.outcome.status !== "activated") return;
	assert.deepEqual({ ...result.outcome.settings.mqtt }, {});
	assert.deepEqual({ ...result.outcome.settings.websocket }, { url: "wss://ws.example/" });
	const warnings = result.events.flatMap((event) => (event.type === "warning" ? [event.message] : []));
	assert.ok(warnings.some((message) => message.includes("$nonFinite")), warnings.join("\n"));
	assert.ok(warnings.some((message) => message.includes('"$"')), warnings.join("\n"));
});
