import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startEmulator, type Emulator } from "../../../desktop/emulator/server.ts";
import { CHECK_BODY, DEVICE_ID, activate, check, deviceHeaders, parse, send } from "../../support/emulator.ts";

const INTERNAL_ERROR = { code: 500, msg: "服务器内部异常", data: null };

describe("manager profile (xinnan manager-api)", () => {
	let emulator: Emulator;
	before(async () => {
		emulator = await startEmulator({ profile: "manager" });
	});
	after(() => emulator.close());

	it("answers an unbound device with server_time(timeZone), activation(challenge = Device-Id), placeholder firmware, websocket", async () => {
		const reply = await check(emulator);
		assert.equal(reply.status, 200);
		const answer = parse(reply);
		assert.deepEqual(Object.keys(answer), ["server_time", "activation", "firmware", "websocket"]);
		assert.deepEqual(Object.keys(answer.server_time as object), ["timestamp", "timeZone", "timezone_offset"]);
		const activation = answer.activation as Record<string, string>;
		assert.deepEqual(Object.keys(activation), ["code", "message", "challenge"]);
		assert.equal(activation.challenge, DEVICE_ID);
		assert.match(activation.code!, /^\d{6}$/);
		assert.ok(activation.message!.endsWith(`\n${activation.code}`));
		assert.deepEqual(answer.firmware, {
			version: "2.0.4",
			url: "http://xiaozhi.server.com:8002/xiaozhi/otaMag/download/NOT_ACTIVATED_FIRMWARE_THIS_IS_A_INVALID_URL",
		});
		const websocket = answer.websocket as { url: string; token: string };
		assert.match(websocket.token, /^[A-Za-z0-9_-]{43}\.\d{10}$/, "base64url(HMAC).unix-seconds");
		assert.equal("mqtt" in answer, false);
	});

	it("answers /activate 202 with an empty body while pending, whatever the body, then 200 `success`", async () => {
		const code = emulator.pendingCode(DEVICE_ID) ?? (parse(await check(emulator)).activation as { code: string }).code;
		const pending = await activate(emulator, deviceHeaders(), '{"algorithm":"hmac-sha256","serial_number":"nope","challenge":"x","hmac":"bad"}');
		assert.deepEqual([pending.status, pending.body], [202, ""]);
		assert.equal(emulator.bind(code).code, 0);
		const done = await activate(emulator);
		assert.deepEqual([done.status, done.body], [200, "success"]);
		assert.match(String(done.headers["content-type"]), /^text\/plain/);
		assert.equal("activation" in parse(await check(emulator)), false);
	});

	it("answers /activate with 202 for an unknown device and for a blank Device-Id", async () => {
		assert.equal((await activate(emulator, deviceHeaders({ "Device-Id": "02:00:00:00:00:99" }))).status, 202);
		assert.equal((await activate(emulator, deviceHeaders({ "Device-Id": "" }))).status, 202);
	});

	it("reports validation errors as HTTP 200 bodies", async () => {
		const cases: [Record<string, string>, string, unknown][] = [
			[deviceHeaders({ "Device-Id": "" }), CHECK_BODY, { error: "Device ID is required" }],
			[deviceHeaders({ "Device-Id": "94a9902c84b8" }), CHECK_BODY, { error: "Invalid device ID" }],
			[deviceHeaders({ "Device-Id": undefined }), CHECK_BODY, INTERNAL_ERROR],
			[deviceHeaders({ "Device-Id": "02:00:00:00:01:01" }), "not json", INTERNAL_ERROR],
			[deviceHeaders({ "Device-Id": "02:00:00:00:01:02" }), '{"mac_address":"02:00:00:00:01:02"}', INTERNAL_ERROR],
		];
		for (const [headers, body, expected] of cases) {
			const reply = await check(emulator, headers, body);
			assert.equal(reply.status, 200, `status for ${JSON.stringify(expected)}`);
			assert.deepEqual(parse(reply), expected);
		}
		const activateWithoutId = await activate(emulator, deviceHeaders({ "Device-Id": undefined }));
		assert.deepEqual([activateWithoutId.status, parse(activateWithoutId)], [200, INTERNAL_ERROR]);
	});

	it("accepts the loose Device-Id forms and a missing Client-Id", async () => {
		const reply = await check(emulator, deviceHeaders({ "Device-Id": "GG-00-00-00-00-01", "Client-Id": undefined }));
		assert.equal(reply.status, 200);
		assert.ok("activation" in parse(reply));
	});

	it("answers the URL without trailing slash with the 200 {code:404} body", async () => {
		const reply = await send(emulator.otaUrl.replace(/\/$/, ""), emulator, { headers: deviceHeaders(), body: CHECK_BODY });
		assert.equal(reply.status, 200);
		assert.deepEqual(parse(reply), { code: 404, msg: "资源不存在", data: null });
	});

	it("answers GET with the health text", async () => {
		const reply = await send(emulator.otaUrl, emulator, { method: "GET" });
		assert.equal(reply.status, 200);
		assert.match(reply.body, /^OTA接口运行正常/);
	});
});

describe("single profile (xinnan Python server alone)", () => {
	let emulator: Emulator;
	before(async () => {
		emulator = await startEmulator({ profile: "single" });
	});
	after(() => emulator.close());

	it("never sends activation and has no /activate route", async () => {
		const answer = parse(await check(emulator));
		assert.deepEqual(Object.keys(answer), ["server_time", "firmware", "websocket"]);
		assert.deepEqual(answer.firmware, { version: "2.0.4", url: "" });
		assert.equal((await activate(emulator)).status, 404);
		assert.equal(emulator.deviceState(DEVICE_ID), "unknown");
		assert.equal(emulator.bind("123456").code, 10062);
	});

	it("answers a missing Device-Id or Client-Id with 200 request error, and takes a bad body as {}", async () => {
		for (const headers of [deviceHeaders({ "Device-Id": undefined }), deviceHeaders({ "Client-Id": "" })]) {
			const reply = await check(emulator, headers);
			assert.deepEqual([reply.status, parse(reply)], [200, { success: false, message: "request error." }]);
		}
		const lenient = await check(emulator, deviceHeaders(), "not json");
		assert.deepEqual(parse(lenient).firmware, { version: "", url: "" });
	});
});
