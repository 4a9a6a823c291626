/*
 * End to end: the device core on the real XS engine, over real HTTPS sockets, against the
 * embedded emulator in each profile, all on one virtual timeline (no real waiting).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { VirtualClock } from "../../../../desktop/node/clock.ts";
import { PROFILES_DIR, loadDeviceProfile, type DeviceProfile } from "../../../../desktop/node/device-profile.ts";
import { NvsStore, type NvsContents } from "../../../../desktop/node/nvs-store.ts";
import { runDeviceOnXs, type DeviceRunResult } from "../../../../desktop/runner/run-device.ts";
import { startEmulator, type Emulator, type EmulatorOptions, type RecordedRequest } from "../../../../desktop/emulator/server.ts";
import type { ActivationEvent } from "../../../../modules/activation/events.ts";

const FIXTURE_1 = readFileSync(new URL("../../../fixtures/ota-request-1.json", import.meta.url), "utf8").replace(/\n$/, "");
const CAPTURED_UUID = "e2314aed-0a16-43f0-8128-766fbd3207f2";
const WIRE_HEADERS_V1 = ["Host", "Accept-Language", "Activation-Version", "Client-Id", "Content-Type", "Device-Id", "User-Agent", "Content-Length", "Connection"];

interface Run {
	readonly emulator: Emulator;
	readonly result: DeviceRunResult;
	readonly requests: readonly RecordedRequest[];
	readonly store: NvsStore;
	readonly clock: VirtualClock;
}

async function activateOnXs(
	emulatorOptions: EmulatorOptions,
	profile: DeviceProfile = loadDeviceProfile(),
	extra: {
		onEvent?: (event: ActivationEvent, emulator: Emulator) => void;
		wrongHost?: boolean;
		before?: (emulator: Emulator) => void;
		/** NVS contents on top of the profile's. */
		nvs?: NvsContents;
	} = {},
): Promise<Run> {
	const clock = new VirtualClock(0);
	const emulator = await startEmulator({ ...emulatorOptions, clock });
	try {
		extra.before?.(emulator);
		const store = new NvsStore({ initial: { ...profile.nvs, ...extra.nvs } });
		const result = await runDeviceOnXs({
			profile,
			otaUrl: extra.wrongHost ? emulator.wrongHostOtaUrl : emulator.otaUrl,
			caPem: emulator.caPem,
			clock,
			store,
			...(extra.onEvent ? { onEvent: (event: ActivationEvent) => extra.onEvent!(event, emulator) } : {}),
		});
		return { emulator, result, requests: [...emulator.requests], store, clock };
	} finally {
		await emulator.close();
	}
}

function assertDeviceRequest(request: RecordedRequest, path: string, profile: { uuid: string; language?: string }): void {
	assert.equal(request.method, "POST");
	assert.equal(request.path, path);
	assert.deepEqual(request.rawHeaderNames, WIRE_HEADERS_V1);
	assert.equal(request.headers["accept-language"], profile.language ?? "zh-CN");
	assert.equal(request.headers["activation-version"], "1");
	assert.equal(request.headers["client-id"], profile.uuid);
	assert.equal(request.headers["content-type"], "application/json");
	assert.equal(request.headers["device-id"], "94:a9:90:2c:84:b8");
	assert.equal(request.headers["user-agent"], "bread-compact-ml307/2.0.4");
	assert.equal(request.headers.connection, "close");
	assert.equal(request.headers["content-length"], String(Buffer.byteLength(request.body)));
	assert.match(request.headers.host ?? "", /^127\.0\.0\.1:\d+$/);
}

test("official, auto-bind: code shown, held /activate answers 200 at the bind, then a confirming check", async () => {
	const { result, requests } = await activateOnXs({ profile: "official", autoBindAfterMs: 20_000, holdActivateMs: 25_000 });
	assert.equal(result.outcome.status, "activated");
	assert.deepEqual(result.events.find((e) => e.type === "activated"), { type: "activated", viaCode: true, serverSaid: "no-activation" });
	assert.deepEqual(requests.map((r) => [r.path, r.status]), [["/xiaozhi/ota/", 200], ["/xiaozhi/ota/activate", 200], ["/xiaozhi/ota/", 200]]);
	const [check, activate, recheck] = requests as [RecordedRequest, RecordedRequest, RecordedRequest];
	assertDeviceRequest(check, "/xiaozhi/ota/", { uuid: CAPTURED_UUID });
	assert.equal(check.body, FIXTURE_1, "the captured device sends the captured body byte for byte");
	assert.match(JSON.parse(check.responseBody).activation.code, /^\d{6}$/);
	assertDeviceRequest(activate, "/xiaozhi/ota/activate", { uuid: CAPTURED_UUID });
	assert.equal(activate.body, "{}");
	assert.equal(recheck.body, FIXTURE_1);
	assert.equal(JSON.parse(recheck.responseBody).activation, undefined);
	// The hold ended at the bind (20 s after the code), and the re-check went at once.
	const pendingHeld = activate.at;
	assert.ok(pendingHeld <= 1000, `activate arrived at ${pendingHeld}`);
	assert.ok(recheck.at >= 20_000 && recheck.at < 21_000, `re-check at ${recheck.at}`);
});

test("manager: a person enters the code after two 202s; the device notices and confirms", async () => {
	const profile = { ...loadDeviceProfile(), nvs: {} }; // first boot: no UUID yet
	let code = "";
	const { result, requests, store } = await activateOnXs({ profile: "manager" }, profile, {
		onEvent: (event, emulator) => {
			if (event.type === "code") code = event.code;
			if (event.type === "pending" && event.attempt === 2) assert.equal(emulator.bind(code).code, 0);
		},
	});
	assert.equal(result.outcome.status, "activated");
	const uuid = store.get("board", "uuid");
	assert.equal(typeof uuid, "string");
	assert.notEqual(uuid, CAPTURED_UUID);
	assert.deepEqual(
		requests.map((r) => [r.path, r.status]),
		[["/xiaozhi/ota/", 200], ["/xiaozhi/ota/activate", 202], ["/xiaozhi/ota/activate", 202], ["/xiaozhi/ota/activate", 200], ["/xiaozhi/ota/", 200]],
	);
	for (const request of requests) {
		assertDeviceRequest(request, request.path, { uuid: uuid as string });
		assert.ok(!request.path.includes("//"), `one slash: ${request.path}`);
	}
	assert.equal(requests[0]!.body, FIXTURE_1.replace(CAPTURED_UUID, uuid as string));
	// 202 answered at once: the firmware's 3 s pause between attempts, on the virtual clock.
	assert.equal(requests[2]!.at - requests[1]!.at, 3000);
	assert.equal(result.outcome.status === "activated" && result.outcome.settings.protocol, "websocket");
});

test("single: no activation at all, one request", async () => {
	const { result, requests } = await activateOnXs({ profile: "single" });
	assert.equal(result.outcome.status, "activated");
	assert.deepEqual(result.events.find((e) => e.type === "activated"), { type: "activated", viaCode: false, serverSaid: "no-activation" });
	assert.equal(requests.length, 1);
	assert.equal(requests[0]!.body, FIXTURE_1);
});

test("official, v2 device: Serial-Number header and an HMAC the server verifies", async () => {
	const profile = loadDeviceProfile(`${PROFILES_DIR}v2-ml307.json`);
	const { result, requests } = await activateOnXs(
		{ profile: "official", autoBindAfterMs: 5_000, holdActivateMs: 25_000, v2Devices: [{ serialNumber: profile.serialNumber!, hmacKeyHex: profile.hmacKeyHex! }] },
		profile,
	);
	assert.equal(result.outcome.status, "activated");
	const activate = requests.find((r) => r.path.endsWith("/activate"))!;
	assert.equal(activate.status, 200);
	assert.equal(activate.headers["activation-version"], "2");
	assert.equal(activate.headers["serial-number"], profile.serialNumber);
	assert.ok(activate.rawHeaderNames.indexOf("Serial-Number") === activate.rawHeaderNames.indexOf("Device-Id") + 1);
	assert.match(activate.body, /^\{"algorithm":"hmac-sha256","serial_number":"SN-XZ-2026-000123","challenge":"[^"]+","hmac":"[0-9a-f]{64}"\}$/);
});

test("a server error on the first check: back-off of 10 s on the virtual clock, then activation", async () => {
	const { result, requests } = await activateOnXs({ profile: "official", autoBindAfterMs: 1_000, holdActivateMs: 25_000 }, loadDeviceProfile(), {
		before: (emulator) => emulator.injectFault({ kind: "status", status: 500 }, { path: "check", times: 1 }),
	});
	assert.equal(result.outcome.status, "activated");
	const failed = result.events.find((e) => e.type === "check-failed");
	assert.equal(failed?.type === "check-failed" && failed.reason.kind, "http-status");
	assert.equal(requests[0]!.status, 500);
	assert.equal(requests[1]!.at - requests[0]!.at, 10_000);
});

test("a certificate for another host: tls failures, then offline after 10 checks", async () => {
	const { result, requests, clock } = await activateOnXs({ profile: "official" }, loadDeviceProfile(), { wrongHost: true });
	assert.equal(result.outcome.status, "offline");
	assert.equal(result.outcome.status === "offline" && result.outcome.reason.kind, "tls");
	assert.equal(requests.length, 0, "no request got past the handshake");
	assert.equal(clock.sleptMs, (10 + 20 + 40 + 80 + 160 + 320 + 640 + 1280 + 2560) * 1000);
});

for (const [fault, kind] of [
	[{ kind: "oversize", bytes: 20_000 }, "too-large"],
	[{ kind: "truncated" }, "truncated"],
	[{ kind: "redirect" }, "http-status"],
	[{ kind: "reset" }, "io"],
	[{ kind: "delay", ms: 31_000 }, "timeout"],
	[{ kind: "status", status: 404 }, "http-status"],
	[{ kind: "non-json" }, "bad-json"],
	[{ kind: "error-object", body: '{"code":404,"msg":"资源不存在","data":null}' }, "server-error"],
	[{ kind: "empty-object" }, "unexpected-body"],
] as const) {
	test(`fault ${fault.kind} on the first check is reported as ${kind}, then the device recovers; stored settings survive`, async () => {
		const { result, store } = await activateOnXs({ profile: "official", autoBindAfterMs: 1_000, holdActivateMs: 25_000 }, loadDeviceProfile(), {
			before: (emulator) => emulator.injectFault(fault, { path: "check", times: 1 }),
			nvs: { mqtt: { keepalive: 90 } },
		});
		const failed = result.events.find((e) => e.type === "check-failed");
		assert.equal(failed?.type === "check-failed" && failed.reason.kind, kind);
		assert.equal(result.outcome.status, "activated");
		assert.equal(store.get("mqtt", "keepalive"), 90, "a stored value the server never sends is kept");
	});
}

test("a code that expires while pending: the next check brings a new code, the old one is refused, the new one activates", async () => {
	const codes: { code: string; replaced: boolean }[] = [];
	const { result } = await activateOnXs({ profile: "official", codeTtlMs: 20_000 }, loadDeviceProfile(), {
		onEvent: (event, emulator) => {
			if (event.type !== "code") return;
			codes.push({ code: event.code, replaced: event.replaced });
			if (codes.length === 2) {
				assert.equal(emulator.bind(codes[0]!.code).code, 10062, "the expired code is refused by the console");
				assert.equal(emulator.bind(event.code).code, 0);
			}
		},
	});
	assert.equal(result.outcome.status, "activated");
	assert.equal(codes.length, 2);
	assert.notEqual(codes[1]!.code, codes[0]!.code);
	assert.equal(codes[1]!.replaced, true, "the screen is told the code changed");
});

test("the Wi-Fi profile reports its station facts to the manager server", async () => {
	const profile = loadDeviceProfile(`${PROFILES_DIR}wifi.json`);
	let code = "";
	const { result, requests } = await activateOnXs({ profile: "manager" }, profile, {
		onEvent: (event, emulator) => {
			if (event.type === "code") code = event.code;
			if (event.type === "pending") emulator.bind(code);
		},
	});
	assert.equal(result.outcome.status, "activated");
	assert.match(requests[0]!.body, /"board":\{"type":"bread-compact-ml307","name":"bread-compact-ml307","ssid":"xiaozhi-lab","rssi":-52,"channel":6,"ip":"192\.168\.4\.23","mac":"94:a9:90:2c:84:b9"\}\}$/);
	assert.equal(requests[0]!.headers["device-id"], "94:a9:90:2c:84:b9");
});
