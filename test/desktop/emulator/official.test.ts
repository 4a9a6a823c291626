import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { startEmulator, type Emulator } from "../../../desktop/emulator/server.ts";
import {
	CLIENT_ID, DEVICE_ID, activate, check, deviceHeaders, fixtureJson, parse, send,
} from "../../support/emulator.ts";

/** Keys (in order) and value types, recursively: what "shaped like the capture" means. */
function shape(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(shape);
	if (value !== null && typeof value === "object") return Object.entries(value).map(([key, inner]) => [key, shape(inner)]);
	return value === null ? "null" : typeof value;
}

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const SERIAL = "SN-TEST-0001";
const KEY_HEX = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

function hmacHex(keyHex: string, challenge: string): string {
	return createHmac("sha256", Buffer.from(keyHex, "hex")).update(challenge).digest("hex");
}

describe("official profile", () => {
	let emulator: Emulator;
	before(async () => {
		emulator = await startEmulator({ profile: "official", v2Devices: [{ serialNumber: SERIAL, hmacKeyHex: KEY_HEX }] });
	});
	after(() => emulator.close());

	it("answers an unknown device exactly in the shape of the unactivated capture", async () => {
		const deviceId = "02:00:00:00:00:01";
		const reply = await check(emulator, deviceHeaders({ "Device-Id": deviceId }));
		assert.equal(reply.status, 200);
		assert.match(String(reply.headers["content-type"]), /^application\/json/);
		const answer = parse(reply);
		assert.deepEqual(shape(answer), shape(fixtureJson("ota-response-2-unactivated.json")));
		assert.deepEqual(Object.keys(answer), ["mqtt", "websocket", "server_time", "firmware", "activation"]);
		const activation = answer.activation as { code: string; message: string; challenge: string };
		assert.match(activation.code, /^\d{6}$/);
		assert.equal(activation.message, `xiaozhi.me\n${activation.code}`);
		assert.match(activation.challenge, UUID_V4);
		assert.equal(emulator.pendingCode(deviceId), activation.code);
		assert.equal(emulator.deviceState(deviceId), "pending");
		const mqtt = answer.mqtt as Record<string, string>;
		assert.equal(mqtt.client_id, `GID_test@@@02_00_00_00_00_01@@@${CLIENT_ID}`);
		assert.equal(mqtt.subscribe_topic, "null");
		assert.deepEqual(answer.websocket, { url: "wss://api.tenclass.net/xiaozhi/v1/", token: "test-token" });
		assert.deepEqual(answer.firmware, { version: "2.0.4", url: "" });
		const serverTime = answer.server_time as { timestamp: number; timezone_offset: number };
		assert.ok(Math.abs(serverTime.timestamp - Date.now()) < 5000, "server_time.timestamp is epoch ms");
		assert.equal(serverTime.timezone_offset, 480);
		assert.ok(Buffer.byteLength(reply.body) < 2048, `answer is ${Buffer.byteLength(reply.body)} bytes`);
	});

	it("keeps the code but sends a fresh challenge on every check", async () => {
		const headers = deviceHeaders({ "Device-Id": "02:00:00:00:00:02" });
		const answers = await Promise.all([1, 2, 3].map(() => check(emulator, headers)));
		const activations = answers.map((reply) => parse(reply).activation as { code: string; challenge: string });
		assert.equal(new Set(activations.map((a) => a.code)).size, 1);
		assert.equal(new Set(activations.map((a) => a.challenge)).size, 3);
	});

	it("gives different devices different codes and keys devices by the exact Device-Id", async () => {
		const lower = parse(await check(emulator, deviceHeaders({ "Device-Id": "0a:00:00:00:00:03" }))).activation as { code: string };
		const upper = parse(await check(emulator, deviceHeaders({ "Device-Id": "0A:00:00:00:00:03" }))).activation as { code: string };
		assert.notEqual(lower.code, upper.code);
		assert.equal(emulator.deviceState("0A:00:00:00:00:03"), "pending");
	});

	it("answers 202 while pending, 200 with the captured body once bound, then checks omit activation", async () => {
		const headers = deviceHeaders();
		const code = (parse(await check(emulator, headers)).activation as { code: string }).code;
		const pending = await activate(emulator, headers);
		assert.equal(pending.status, 202);
		assert.deepEqual(parse(pending), { message: "Device activation timeout" });

		assert.deepEqual(emulator.bind(code), { code: 0, msg: "success" });
		assert.equal(emulator.deviceState(DEVICE_ID), "bound");
		const done = await activate(emulator, headers);
		assert.equal(done.status, 200);
		const body = parse(done);
		assert.deepEqual(shape(body), shape(fixtureJson("activate-response-200.json")));
		assert.equal(body.message, "Device activated");

		const recheck = parse(await check(emulator, headers));
		assert.equal("activation" in recheck, false);
		assert.deepEqual(shape(recheck), shape(fixtureJson("ota-response-1-activated.json")));
		assert.equal(emulator.pendingCode(DEVICE_ID), undefined);
	});

	it("after unbind the device is unknown and gets a new code", async () => {
		const deviceId = "02:00:00:00:00:04";
		const headers = deviceHeaders({ "Device-Id": deviceId });
		const first = (parse(await check(emulator, headers)).activation as { code: string }).code;
		assert.equal(emulator.bind(first).code, 0);
		emulator.unbind(deviceId);
		assert.equal(emulator.deviceState(deviceId), "unknown");
		const activateReply = await activate(emulator, headers);
		assert.equal(activateReply.status, 404, "an unknown device cannot activate");
		const second = (parse(await check(emulator, headers)).activation as { code: string }).code;
		assert.match(second, /^\d{6}$/);
		assert.equal(emulator.bind(first).code, 10062, "the old code is gone");
		assert.equal(emulator.bind(second).code, 0);
	});

	it("a device bound elsewhere gets no activation, GID_test/test-token, and can never bind", async () => {
		const deviceId = "02:00:00:00:00:05";
		emulator.bindElsewhere(deviceId);
		const headers = deviceHeaders({ "Device-Id": deviceId });
		const answer = parse(await check(emulator, headers));
		assert.equal("activation" in answer, false);
		assert.equal((answer.websocket as { token: string }).token, "test-token");
		assert.match((answer.mqtt as { client_id: string }).client_id, /^GID_test@@@/);
		const reply = await activate(emulator, headers);
		assert.equal(reply.status, 404);
		assert.deepEqual(parse(reply), { success: false, error: "License not found or already activated" });
		assert.equal(emulator.deviceState(deviceId), "bound-elsewhere");
	});

	describe("v2 activation (HMAC-SHA256 over the challenge)", () => {
		const deviceId = "02:00:00:00:00:06";
		const headers = deviceHeaders({ "Device-Id": deviceId, "Activation-Version": "2", "Serial-Number": SERIAL });

		async function challengeAndCode(): Promise<{ challenge: string; code: string }> {
			return parse(await check(emulator, headers)).activation as { challenge: string; code: string };
		}
		function v2Body(challenge: string, hmac: string, serial = SERIAL): string {
			return JSON.stringify({ algorithm: "hmac-sha256", serial_number: serial, challenge, hmac });
		}

		it("accepts a good HMAC: 202 while pending, 200 once bound", async () => {
			const { challenge, code } = await challengeAndCode();
			const good = v2Body(challenge, hmacHex(KEY_HEX, challenge));
			assert.equal((await activate(emulator, headers, good)).status, 202);
			emulator.bind(code);
			assert.equal((await activate(emulator, headers, good)).status, 200);
			emulator.unbind(deviceId);
		});

		it("rejects a wrong HMAC with a 4xx error object", async () => {
			const { challenge } = await challengeAndCode();
			const wrongKey = "ff".repeat(32);
			const reply = await activate(emulator, headers, v2Body(challenge, hmacHex(wrongKey, challenge)));
			assert.equal(reply.status, 403);
			assert.deepEqual(parse(reply), { success: false, error: "HMAC verification failed" });
			const garbage = await activate(emulator, headers, v2Body(challenge, "not-hex"));
			assert.equal(garbage.status, 403);
		});

		it("rejects a signature over an older challenge", async () => {
			const { challenge: old } = await challengeAndCode();
			await challengeAndCode();
			const reply = await activate(emulator, headers, v2Body(old, hmacHex(KEY_HEX, old)));
			assert.equal(reply.status, 400);
			assert.equal(parse(reply).success, false);
		});

		it("answers an unknown serial with the captured 404", async () => {
			const { challenge } = await challengeAndCode();
			const reply = await activate(emulator, headers, v2Body(challenge, hmacHex(KEY_HEX, challenge), "SN-SELF-MADE"));
			assert.equal(reply.status, 404);
			assert.deepEqual(parse(reply), { success: false, error: "License not found or already activated" });
		});

		it("also reads py-xiaozhi's {Payload:{...}} wrapper", async () => {
			const { challenge } = await challengeAndCode();
			const wrapped = JSON.stringify({ Payload: { algorithm: "hmac-sha256", serial_number: SERIAL, challenge, hmac: "00".repeat(32) } });
			assert.equal((await activate(emulator, headers, wrapped)).status, 403);
		});
	});

	it("rejects malformed ids with bare 400s like the real server", async () => {
		const noColons = await check(emulator, deviceHeaders({ "Device-Id": "94a9902c84b8" }));
		assert.deepEqual([noColons.status, noColons.body], [400, "Invalid MAC address"]);
		const missing = await check(emulator, deviceHeaders({ "Device-Id": undefined }));
		assert.equal(missing.status, 400);
		const badClient = await check(emulator, deviceHeaders({ "Device-Id": "02:00:00:00:00:07", "Client-Id": "e2314aed0a1643f08128766fbd3207f2" }));
		assert.deepEqual([badClient.status, badClient.body], [400, "Invalid client ID"]);
		assert.equal(emulator.deviceState("02:00:00:00:00:07"), "unknown");
	});

	it("answers GET with the status object and the path without trailing slash with 404", async () => {
		const status = await send(emulator.otaUrl, emulator, { method: "GET" });
		assert.equal(status.status, 200);
		assert.deepEqual(Object.keys(parse(status)), ["status", "message", "timestamp", "timezone_offset"]);
		const noSlash = await send(emulator.otaUrl.replace(/\/$/, ""), emulator, { headers: deviceHeaders(), body: "{}" });
		assert.equal(noSlash.status, 404);
	});

	it("announces the configured firmware version instead of echoing the device's", async () => {
		const other = await startEmulator({ profile: "official", firmwareVersion: "2.1.0" });
		try {
			assert.deepEqual(parse(await check(other)).firmware, { version: "2.1.0", url: "" });
		} finally {
			await other.close();
		}
	});
});
