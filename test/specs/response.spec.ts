import { spec, assert, fixture } from "../harness/spec.ts";
import { parseCheckResponse } from "activation/response";
import { isNewerVersion } from "activation/version";

function parsed(body: string, status = 200) {
	return parseCheckResponse(status, body, "2.0.4");
}

spec("response: the activated capture has no activation and carries mqtt, websocket, time, firmware", () => {
	const result = parsed(fixture("ota-response-1-activated.json"));
	assert.ok(result.ok);
	if (!result.ok) return;
	assert.equal(result.answer.activation, undefined);
	assert.equal(result.answer.mqtt?.endpoint, "mqtt.xiaozhi.me");
	assert.equal(result.answer.websocket?.token, "test-token");
	assert.deepEqual(result.answer.serverTime, { timestampMs: 1766844896134, timezoneOffsetMinutes: 480 });
	assert.deepEqual(result.answer.firmware, { version: "2.0.4", url: "", newer: false });
	assert.deepEqual(result.answer.warnings, []);
});

spec("response: the unactivated capture gives code, message and challenge", () => {
	const result = parsed(fixture("ota-response-4-recheck-unactivated.json"));
	assert.ok(result.ok);
	if (!result.ok) return;
	assert.deepEqual(result.answer.activation, {
		message: "xiaozhi.me\n209835",
		code: "209835",
		challenge: "7c69ff8d-307c-4b90-ba29-7c24f4212fe9",
	});
});

spec("response: member names match case-insensitively, first match wins", () => {
	const result = parsed('{"Activation":{"CODE":"012345","Challenge":"c"},"WebSocket":{"url":"wss://a"},"websocket":{"url":"wss://b"}}');
	assert.ok(result.ok);
	if (!result.ok) return;
	assert.equal(result.answer.activation?.code, "012345");
	assert.equal(result.answer.websocket?.url, "wss://a");
});

spec("response: activation {} means activated", () => {
	const result = parsed('{"activation":{},"firmware":{"version":"2.0.4","url":""}}');
	assert.ok(result.ok && result.answer.activation === undefined);
});

spec("response: a numeric code is not a code (the firmware wants a string)", () => {
	const result = parsed('{"activation":{"code":209835,"challenge":"c"}}');
	assert.ok(result.ok);
	if (!result.ok) return;
	assert.equal(result.answer.activation?.code, undefined);
	assert.equal(result.answer.activation?.challenge, "c");
});

spec("response: only HTTP 200 counts", () => {
	const result = parsed(fixture("ota-response-1-activated.json"), 202);
	assert.ok(!result.ok && result.reason.kind === "http-status" && result.reason.status === 202);
});

spec("response: non-JSON, empty and non-object bodies are bad-json", () => {
	for (const body of ["<html>502</html>", "", "[1,2]", '"text"', '{"mqtt":']) {
		const result = parsed(body);
		assert.ok(!result.ok && result.reason.kind === "bad-json", body);
	}
});

spec("response: error objects sent with HTTP 200 are server errors with their message", () => {
	const cases: [string, RegExp][] = [
		['{"error":"Invalid device ID"}', /Invalid device ID/],
		['{"code":404,"msg":"资源不存在","data":null}', /code 404: 资源不存在/],
		['{"code":500,"msg":"服务器内部异常","data":null}', /code 500/],
		['{"success":false,"message":"request error."}', /request error/],
	];
	for (const [body, pattern] of cases) {
		const result = parsed(body);
		assert.ok(!result.ok && result.reason.kind === "server-error", body);
		if (!result.ok) assert.match(result.reason.detail, pattern);
	}
});

spec("response: an object with none of the expected sections is an unexpected body", () => {
	const result = parsed('{"status":"ok","message":"Server is working normally"}');
	assert.ok(!result.ok && result.reason.kind === "unexpected-body");
});

spec("response: mqtt/websocket keep strings and integers, skip long keys and floats with warnings", () => {
	const result = parsed(
		'{"mqtt":{"endpoint":"e","keepalive":240,"a_very_long_key_name":"x","ratio":1.5,"flag":true,"nested":{}},"websocket":{"url":"u"}}',
	);
	assert.ok(result.ok);
	if (!result.ok) return;
	assert.deepEqual(result.answer.mqtt, { endpoint: "e", keepalive: 240 });
	assert.equal(result.answer.warnings.length, 2);
	assert.match(result.answer.warnings.join("|"), /a_very_long_key_name/);
});

spec("response: a code or challenge of absurd size is refused", () => {
	const result = parsed(`{"activation":{"code":"${"9".repeat(40)}","challenge":"c"}}`);
	assert.ok(!result.ok && result.reason.kind === "unexpected-body");
});

spec("response: a non-numeric firmware version is a warning, not a failure", () => {
	const result = parsed('{"firmware":{"version":"v2","url":""}}');
	assert.ok(result.ok);
	if (!result.ok) return;
	assert.equal(result.answer.firmware?.newer, false);
	assert.match(result.answer.warnings[0] ?? "", /not comparable/);
});

spec("response: force counts only as the number 1", () => {
	const forced = parsed('{"firmware":{"version":"2.0.4","url":"u","force":1}}');
	const notForced = parsed('{"firmware":{"version":"2.0.4","url":"u","force":true}}');
	assert.ok(forced.ok && forced.answer.firmware?.newer === true);
	assert.ok(notForced.ok && notForced.answer.firmware?.newer === false);
});

spec("version: the firmware's comparison rules", () => {
	const newer = (a: string, b: string) => {
		const c = isNewerVersion(a, b);
		return c.ok ? c.newer : c.problem;
	};
	assert.equal(newer("2.0.4", "2.0.5"), true);
	assert.equal(newer("2.0.4", "2.1"), true);
	assert.equal(newer("2.0.4", "2.0.4.1"), true);
	assert.equal(newer("2.0.4", "2.0"), false);
	assert.equal(newer("2.0.4", "2.0.4"), false);
	assert.equal(newer("2.0.4", "2.0.4-beta"), false);
	assert.equal(newer("2.0.4", "2.0.5-beta"), true);
	assert.match(String(newer("2.0.4", "v2")), /not a number/);
	assert.match(String(newer("2.0.4", "2..0")), /not a number/);
});
