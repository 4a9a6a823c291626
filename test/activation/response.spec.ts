import { spec, assert, fixture } from "../support/spec.ts";
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

spec("response: a present but malformed activation is unexpected-body with what was wrong, never activated", () => {
	const cases: [string, RegExp][] = [
		['{"activation":{"code":209835,"challenge":"c"}}', /code is a number, not a string/],
		['{"activation":{"code":null}}', /code is null/],
		['{"activation":{"code":{"a":1}}}', /code is an object/],
		['{"activation":{"code":"209835","challenge":true}}', /challenge is a boolean/],
		['{"activation":{"challenge":{}}}', /challenge is an object/],
		['{"activation":null,"mqtt":{}}', /"activation" is null, not an object/],
		['{"activation":[],"mqtt":{}}', /"activation" is an array/],
		['{"activation":"209835"}', /"activation" is a string/],
	];
	for (const [body, pattern] of cases) {
		const result = parsed(body);
		assert.ok(!result.ok && result.reason.kind === "unexpected-body", body);
		if (!result.ok) assert.match(result.reason.detail, pattern, body);
	}
});

spec("response: a message that is not a string is a warning; the code still shows", () => {
	const result = parsed('{"activation":{"code":"209835","message":42}}');
	assert.ok(result.ok);
	if (!result.ok) return;
	assert.deepEqual(result.answer.activation, { code: "209835", message: "" });
	assert.match(result.answer.warnings.join("|"), /message is a number/);
});

spec("response: nesting deeper than 8 levels is refused before JSON.parse, brackets in strings do not count", () => {
	const deep = "[".repeat(509) + "]".repeat(509);
	const objects = '{"a":'.repeat(254) + "1" + "}".repeat(254);
	for (const body of [deep, objects, `{"mqtt":${"[".repeat(8)}${"]".repeat(8)}}`]) {
		const result = parsed(body);
		assert.ok(!result.ok && result.reason.kind === "bad-json", body.slice(0, 20));
		if (!result.ok) assert.match(result.reason.detail, /nested more than 8 levels/);
	}
	const inStrings = `{"mqtt":{"a":"${"[{".repeat(50)}\\\\","b":"\\"[[[[[[[[[["},"x":[[[[[[[1]]]]]]]}`;
	const ok = parsed(inStrings);
	assert.ok(ok.ok, "8 levels with brackets inside strings and escapes");
	if (ok.ok) assert.equal(ok.answer.mqtt?.b, '"[[[[[[[[[[');
});

spec("response: settings names from Object.prototype are plain names; odd names are skipped with a warning", () => {
	const result = parsed(
		'{"mqtt":{"constructor":"c","__proto__":"p","toString":"t","hasOwnProperty":1,"valueOf":"v","":"e","bad name":"b","9lives":"n","ключ":"k","a\\u0000b":"z","x":"a\\u0000b"}}',
	);
	assert.ok(result.ok);
	if (!result.ok) return;
	const mqtt = result.answer.mqtt!;
	assert.equal(Object.getPrototypeOf(mqtt), null);
	assert.deepEqual(Object.keys(mqtt), ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"]);
	assert.equal(mqtt["__proto__"], "p");
	assert.equal(mqtt["constructor"], "c");
	const warnings = result.answer.warnings.join("|");
	assert.match(warnings, /member "" has an empty name/);
	assert.match(warnings, /"bad name" has a name with characters other than/);
	assert.match(warnings, /"9lives" has a name starting with a digit/);
	assert.match(warnings, /"a\\u0000b" has a name with characters/, "the NUL is escaped in the warning");
	assert.match(warnings, /mqtt\/x contains a NUL character/);
	assert.equal(result.answer.warnings.length, 6);
});

spec("response: a timestamp outside 2020..2100 leaves the clock alone, with a warning", () => {
	for (const timestamp of ["1e300", "8.64e15", "1000", "4102444800000", "1577836799999"]) {
		const result = parsed(`{"server_time":{"timestamp":${timestamp},"timezone_offset":480},"firmware":{"version":"2.0.4","url":""}}`);
		assert.ok(result.ok, timestamp);
		if (!result.ok) continue;
		assert.equal(result.answer.serverTime, undefined, timestamp);
		assert.match(result.answer.warnings.join("|"), /not a time between 2020 and 2100|not a positive number/, timestamp);
	}
	const edge = parsed('{"server_time":{"timestamp":1577836800000}}');
	assert.ok(edge.ok && edge.answer.serverTime?.timestampMs === 1577836800000);
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
		'{"mqtt":{"endpoint":"e","keepalive":240,"a_very_long_key_name":"x","ratio":1.5,"flag":true,"nested":{}},"websocket":{"url":"wss://u/"}}',
	);
	assert.ok(result.ok);
	if (!result.ok) return;
	assert.deepEqual(result.answer.mqtt, { endpoint: "e", keepalive: 240 });
	assert.equal(result.answer.warnings.length, 2);
	assert.match(result.answer.warnings.join("|"), /a name of 20 bytes, longer than 15/);
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

spec("response: of repeated names the first wins at every level, as cJSON (never 'activated' from a later empty activation)", () => {
	const shadowed = parsed('{"activation":{"code":"482913","challenge":"c"},"activation":{}}');
	assert.ok(shadowed.ok && shadowed.answer.activation?.code === "482913", "the first activation holds");
	const later = parsed('{"activation":{},"activation":{"code":"482913","challenge":"c"}}');
	assert.ok(later.ok && later.answer.activation === undefined, "cJSON reads the first, empty one: activated, as the firmware");
	const inner = parsed('{"activation":{"code":"111111","code":"222222","challenge":"c1","challenge":"c2","message":"m1","message":"m2"}}');
	assert.ok(inner.ok);
	if (inner.ok) assert.deepEqual(inner.answer.activation, { code: "111111", challenge: "c1", message: "m1" });
	const settings = parsed(
		'{"mqtt":{"endpoint":"first.example","endpoint":"second.example"},"mqtt":{"endpoint":"third.example"},' +
			'"websocket":{"url":"wss://a/","url":"wss://b/","token":"t1","token":"t2"},' +
			'"server_time":{"timestamp":1766844896134,"timestamp":1e300,"timezone_offset":480,"timezone_offset":0},' +
			'"firmware":{"version":"2.0.4","version":"9.9.9","url":"","force":0,"force":1}}',
	);
	assert.ok(settings.ok);
	if (!settings.ok) return;
	assert.deepEqual({ ...settings.answer.mqtt }, { endpoint: "first.example" });
	assert.deepEqual({ ...settings.answer.websocket }, { url: "wss://a/", token: "t1" });
	assert.deepEqual(settings.answer.serverTime, { timestampMs: 1766844896134, timezoneOffsetMinutes: 480 });
	assert.deepEqual(settings.answer.firmware, { version: "2.0.4", url: "", newer: false });
	assert.deepEqual(settings.answer.warnings, []);
});

spec("response: a code of anything but ASCII letters and digits is a malformed answer with its reason", () => {
	const cases: [string, RegExp][] = [
		["١٢٣٤٥٦", /U\+0661 at position 1; a code is ASCII letters and digits/],
		["１２３４５６", /U\+FF11 at position 1/],
		["12345\u0000", /U\+0000 at position 6/],
		["209 835", /U\+0020 at position 4/],
		["\u001b]0;x\u0007", /U\+001B at position 1/],
		["12345\u202e", /U\+202E at position 6/],
	];
	for (const [code, pattern] of cases) {
		const result = parsed(JSON.stringify({ activation: { code, challenge: "c" } }));
		assert.ok(!result.ok && result.reason.kind === "unexpected-body", JSON.stringify(code));
		if (!result.ok) {
			assert.match(result.reason.detail, pattern, JSON.stringify(code));
			const raw = [...result.reason.detail].some((c) => c.charCodeAt(0) < 0x20 || (c.charCodeAt(0) >= 0x7f && c.charCodeAt(0) <= 0x9f) || c === "\u202e");
			assert.ok(!raw, "the reason names the character, never holds it");
		}
	}
	for (const code of ["209835", "AB12cd", "0"]) {
		const result = parsed(JSON.stringify({ activation: { code, challenge: "c" } }));
		assert.ok(result.ok && result.answer.activation?.code === code, code);
	}
});

spec("response: websocket.url must be ws:// or wss://, mqtt.endpoint host[:port]; anything else is refused with a warning, not stored", () => {
	const refusedUrls = ["javascript:alert(1)", "https://api.example/", "file:///etc/passwd", "wss://", "ws:///path", "wss://a b/", "ws://\u009b2J", "", "wss:/x"];
	for (const url of refusedUrls) {
		const result = parsed(JSON.stringify({ websocket: { url, token: "t" } }));
		assert.ok(result.ok, url);
		if (!result.ok) continue;
		assert.equal(result.answer.websocket?.url, undefined, `${JSON.stringify(url)} not stored`);
		assert.equal(result.answer.websocket?.token, "t", "the other members stay");
		assert.match(result.answer.warnings.join("\n"), /^websocket\/url (is not a ws:\/\/ or wss:\/\/ URL|names no host|holds a space).*; not stored$/, url);
		assert.ok(!result.answer.warnings.join("").includes("\u009b"), "escaped in the warning");
	}
	for (const url of ["wss://api.tenclass.net/xiaozhi/v1/", "ws://192.168.1.5:8000/xiaozhi/v1/", "WSS://Host.Example/"]) {
		const result = parsed(JSON.stringify({ websocket: { url } }));
		assert.ok(result.ok && result.answer.websocket?.url === url && result.answer.warnings.length === 0, url);
	}
	const refusedEndpoints: unknown[] = ["file:///etc/passwd", "mqtt://broker.example", "broker.example:0", "broker.example:65536", "broker.example:", "host:12a", ":1883", "a b", "中文.example", "", 1883];
	for (const endpoint of refusedEndpoints) {
		const result = parsed(JSON.stringify({ mqtt: { endpoint, client_id: "c" } }));
		assert.ok(result.ok, String(endpoint));
		if (!result.ok) continue;
		assert.equal(result.answer.mqtt?.endpoint, undefined, `${JSON.stringify(endpoint)} not stored`);
		assert.equal(result.answer.mqtt?.client_id, "c");
		assert.match(result.answer.warnings.join("\n"), /^mqtt\/endpoint (is|is a number,) not a host with an optional port \(host\[:port\]\).*; not stored$/, String(endpoint));
	}
	for (const endpoint of ["mqtt.xiaozhi.me", "broker.example:8883", "10.0.0.2:1", "my_broker-1.lan:65535"]) {
		const result = parsed(JSON.stringify({ mqtt: { endpoint } }));
		assert.ok(result.ok && result.answer.mqtt?.endpoint === endpoint && result.answer.warnings.length === 0, endpoint);
	}
	const caseVariant = parsed(JSON.stringify({ mqtt: { Endpoint: "file:///x" } }));
	assert.ok(caseVariant.ok && caseVariant.answer.mqtt?.Endpoint === "file:///x", "a case variant is an unknown name (the firmware never reads it), not checked as an address");
});

spec("response: members past the limit of 32 other names are skipped, but never the names the firmware reads (junk first hides nothing)", () => {
	let junk = "";
	for (let i = 0; i < 40; i++) junk += `"Endpoint_${i}":"j",`;
	const result = parsed(`{"mqtt":{${junk}"endpoint":"mqtt.example","keepalive":240},"websocket":{${junk}"url":"wss://w.example/"}}`);
	assert.ok(result.ok);
	if (!result.ok) return;
	assert.equal(result.answer.mqtt?.endpoint, "mqtt.example");
	assert.equal(result.answer.mqtt?.keepalive, 240);
	assert.equal(result.answer.websocket?.url, "wss://w.example/");
	assert.equal(Object.keys(result.answer.mqtt!).length, 32 + 2, "32 other names, then only the firmware's");
	assert.deepEqual(result.answer.warnings, ['"mqtt" has more than 32 other members; the rest of those are skipped', '"websocket" has more than 32 other members; the rest of those are skipped']);
});
