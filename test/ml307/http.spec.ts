import { spec, assert } from "../support/spec.ts";
import { splitUrl } from "ml307/http-transport";
import { MHTTP_URC_ERRORS } from "ml307/http-errors";
import type { HttpFaults } from "../../desktop/ml307-simulator/index.ts";
import { setUp, otaRequest, type SimSetup } from "../support/modem-simulator.ts";

async function ready(http: HttpFaults = {}, link: { chunkBytes?: number } = {}): Promise<SimSetup> {
	const s = setUp({ http }, link);
	assert.ok((await s.run(s.bringUp())).ok);
	return s;
}

function commandsSince(s: SimSetup, index: number): string[] {
	return s.simulator.commands.slice(index).map((entry) => entry.command);
}

spec("ml307 http: a POST goes through the modem with headers in order, body and path intact", async () => {
	const s = await ready();
	s.internet.answer = () => ({ ok: true, status: 200, body: '{"activation":{"code":"209835","message":"xiaozhi.me\\n209835"}}' });
	const start = s.simulator.commands.length;
	const request = otaRequest();
	const result = await s.run(s.stack.http.request(request));
	assert.deepEqual(result, { ok: true, status: 200, body: '{"activation":{"code":"209835","message":"xiaozhi.me\\n209835"}}' });
	const forwarded = s.internet.requests[0]!;
	assert.equal(forwarded.method, "POST");
	assert.equal(forwarded.url, "https://api.tenclass.net/xiaozhi/ota/");
	assert.deepEqual(forwarded.headers, request.headers);
	assert.equal(forwarded.body, request.body);
	const body = '{"version":2,"board":{"carrier":"中国移动"}}';
	assert.deepEqual(commandsSince(s, start), [
		'AT+MHTTPCREATE="https://api.tenclass.net"',
		'AT+MHTTPCFG="ssl",0,1,0',
		'AT+MHTTPCFG="encoding",0,0,0',
		'AT+MHTTPHEADER=0,1,21,"Activation-Version: 2"',
		'AT+MHTTPHEADER=0,1,28,"Device-Id: 94:a9:90:2c:84:b8"',
		'AT+MHTTPHEADER=0,1,47,"Client-Id: e2314aed-0a16-43f0-8128-766fbd3207f2"',
		'AT+MHTTPHEADER=0,1,37,"User-Agent: bread-compact-ml307/2.0.4"',
		'AT+MHTTPHEADER=0,1,22,"Accept-Language: zh-CN"',
		'AT+MHTTPHEADER=0,0,30,"Content-Type: application/json"',
		`AT+MHTTPCONTENT=0,0,${body.length + 8}`,
		'AT+MHTTPCFG="encoding",0,1,1',
		"AT+MHTTPREQUEST=0,2,0,2F7869616F7A68692F6F74612F",
		"AT+MHTTPDEL=0",
	]);
	assert.equal(s.simulator.liveHttpInstances, 0);
});

spec("ml307 http: a body in many content URCs over a 1-byte UART arrives whole", async () => {
	const s = await ready({ contentPieceBytes: 7, contentGapMs: 3 }, { chunkBytes: 1 });
	const big = JSON.stringify({ text: "小智".repeat(200), n: 1 });
	s.internet.answer = () => ({ ok: true, status: 200, body: big });
	const result = await s.run(s.stack.http.request(otaRequest()));
	assert.deepEqual(result, { ok: true, status: 200, body: big });
});

spec("ml307 http: a chunked answer ends at the empty content URC", async () => {
	const s = await ready({ chunked: true, contentPieceBytes: 5 });
	s.internet.answer = () => ({ ok: true, status: 200, body: '{"firmware":{"version":"2.0.4"}}' });
	const result = await s.run(s.stack.http.request(otaRequest()));
	assert.deepEqual(result, { ok: true, status: 200, body: '{"firmware":{"version":"2.0.4"}}' });
});

spec("ml307 http: 202 and empty bodies are answers, not failures", async () => {
	const s = await ready();
	s.internet.answer = () => ({ ok: true, status: 202, body: "" });
	const result = await s.run(s.stack.http.request(otaRequest({ url: "https://api.tenclass.net/xiaozhi/ota/activate", body: "{}" })));
	assert.deepEqual(result, { ok: true, status: 202, body: "" });
	assert.ok(commandsSince(s, 0).includes("AT+MHTTPREQUEST=0,2,0,2F7869616F7A68692F6F74612F6163746976617465"));
	assert.ok(commandsSince(s, 0).includes("AT+MHTTPCONTENT=0,0,2"));
});

spec("ml307 http: a GET sends no content", async () => {
	const s = await ready();
	const start = s.simulator.commands.length;
	const result = await s.run(s.stack.http.request(otaRequest({ method: "GET", body: "", url: "http://127.0.0.1:8080/x?y=1" })));
	assert.ok(result.ok);
	const sent = commandsSince(s, start);
	assert.equal(sent[0], 'AT+MHTTPCREATE="http://127.0.0.1:8080"');
	assert.ok(!sent.some((c) => c.startsWith("AT+MHTTPCONTENT")));
	assert.ok(!sent.some((c) => c.startsWith('AT+MHTTPCFG="ssl"')));
	assert.equal(s.internet.requests[0]!.url, "http://127.0.0.1:8080/x?y=1");
});

spec("ml307 http: every modem error code becomes a clear failure and the instance is deleted", async () => {
	const expected: Record<number, string> = { 1: "dns", 2: "connect", 3: "timeout", 4: "tls", 5: "io", 6: "timeout", 7: "modem", 8: "modem", 9: "modem", 10: "modem", 255: "modem" };
	for (const code of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 255]) {
		const s = await ready({ errBeforeHeader: code });
		const result = await s.run(s.stack.http.request(otaRequest()));
		assert.equal(result.ok, false);
		if (!result.ok) {
			assert.equal(result.failure, expected[code], `code ${code}`);
			assert.match(result.detail, new RegExp(`modem HTTP error ${code}: ${MHTTP_URC_ERRORS[code]!.text}`));
		}
		assert.equal(s.simulator.liveHttpInstances, 0, `instance deleted after error ${code}`);
	}
});

spec("ml307 http: a connection dropped mid-body is a truncated answer", async () => {
	const s = await ready({ errAfterBody: { code: 5, afterBytes: 10 }, contentPieceBytes: 4 });
	s.internet.answer = () => ({ ok: true, status: 200, body: '{"activation":{"code":"209835"}}' });
	const result = await s.run(s.stack.http.request(otaRequest()));
	assert.equal(result.ok ? "ok" : result.failure, "truncated");
	assert.equal(s.simulator.liveHttpInstances, 0);
});

spec("ml307 http: a content URC lost on the way is detected from the running sum", async () => {
	const s = await ready({ dropContentIndex: 1, contentPieceBytes: 8 });
	s.internet.answer = () => ({ ok: true, status: 200, body: '{"activation":{"code":"209835"}}' });
	const result = await s.run(s.stack.http.request(otaRequest()));
	assert.equal(result.ok ? "ok" : result.failure, "truncated");
	if (!result.ok) assert.match(result.detail, /modem link lost 8 bytes/);
});

spec("ml307 http: no answer at all ends at the request's timeout, with the instance deleted", async () => {
	const s = await ready({ silent: true });
	const started = s.clock.now();
	const result = await s.run(s.stack.http.request(otaRequest({ timeoutMs: 7000 })));
	assert.equal(result.ok ? "ok" : result.failure, "timeout");
	const elapsed = s.clock.now() - started;
	assert.ok(elapsed >= 7000 && elapsed < 7100, `timed out after ${elapsed} ms`);
	assert.equal(s.simulator.liveHttpInstances, 0);
});

spec("ml307 http: a body over the cap is refused as too large", async () => {
	const s = await ready();
	s.internet.answer = () => ({ ok: true, status: 200, body: "x".repeat(5000) });
	const result = await s.run(s.stack.http.request(otaRequest({ maxBodyBytes: 4096 })));
	assert.equal(result.ok ? "ok" : result.failure, "too-large");
	assert.equal(s.simulator.liveHttpInstances, 0);
});

spec("ml307 http: a request body over 4096 bytes goes in several AT+MHTTPCONTENT pieces", async () => {
	const s = await ready();
	const body = JSON.stringify({ pad: "a".repeat(9000) });
	const result = await s.run(s.stack.http.request(otaRequest({ body })));
	assert.ok(result.ok);
	assert.equal(s.internet.requests[0]!.body, body);
	const pieces = commandsSince(s, 0).filter((c) => c.startsWith("AT+MHTTPCONTENT"));
	assert.deepEqual(pieces, ["AT+MHTTPCONTENT=0,1,4096", "AT+MHTTPCONTENT=0,1,4096", `AT+MHTTPCONTENT=0,0,${body.length - 8192}`]);
});

spec("ml307 http: URLs and headers the modem cannot carry fail before any AT traffic", async () => {
	const s = await ready();
	const start = s.simulator.commands.length;
	const badUrl = await s.run(s.stack.http.request(otaRequest({ url: "ftp://example/x" })));
	assert.equal(badUrl.ok ? "ok" : badUrl.failure, "bad-url");
	const quoted = await s.run(s.stack.http.request(otaRequest({ headers: [["X", 'a"b']] })));
	assert.equal(quoted.ok ? "ok" : quoted.failure, "io");
	if (!quoted.ok) assert.match(quoted.detail, /double quote/);
	assert.equal(s.simulator.commands.length, start);
	assert.deepEqual(splitUrl("https://h:8443"), { protocol: "https", origin: "https://h:8443", path: "/" });
	assert.deepEqual(splitUrl("HTTPS://h/a/b?c=d"), { protocol: "https", origin: "https://h", path: "/a/b?c=d" });
	assert.equal(splitUrl("h/a"), undefined);
});

spec("ml307 http: without registration the request fails as no-network", async () => {
	const s = await ready();
	s.simulator.setRegistration(2);
	await s.clock.advance(10);
	const result = await s.run(s.stack.http.request(otaRequest()));
	assert.equal(result.ok ? "ok" : result.failure, "no-network");
	if (!result.ok) assert.match(result.detail, /stat 2/);
	assert.equal(result.ok ? "ok" : result.cause, undefined, "searching is no known cause");
});

spec("ml307 http: a denied registration is a typed no-network cause, for the screen", async () => {
	const s = await ready();
	s.simulator.setRegistration(3);
	await s.clock.advance(10);
	const result = await s.run(s.stack.http.request(otaRequest()));
	assert.deepEqual(result.ok ? "ok" : [result.failure, result.cause], ["no-network", "registration-denied"]);
});

spec("ml307 http: all four modem instances busy is a clear modem failure", async () => {
	const s = await ready();
	for (let i = 0; i < 4; i++) await s.run(s.stack.channel.send('AT+MHTTPCREATE="https://other"'));
	const result = await s.run(s.stack.http.request(otaRequest()));
	assert.equal(result.ok ? "ok" : result.failure, "modem");
	if (!result.ok) assert.match(result.detail, /651 \(no free HTTP client\)/);
});

spec("ml307 http: a modem that stops answering mid-request gives a failure, never a rejection", async () => {
	const s = await ready();
	s.simulator.script.silentAfterCommands = s.simulator.commands.length + 3;
	const result = await s.run(s.stack.http.request(otaRequest()));
	assert.equal(result.ok ? "ok" : result.failure, "io");
	if (!result.ok) assert.match(result.detail, /modem not answering/);
});

spec("ml307 http: a modem reboot during the request fails it", async () => {
	const s = await ready({ firstByteDelayMs: 2000 });
	const pending = s.stack.http.request(otaRequest());
	await s.clock.advance(500);
	s.simulator.reboot();
	const result = await s.run(pending);
	assert.equal(result.ok ? "ok" : result.failure, "io");
	if (!result.ok) assert.match(result.detail, /rebooted/);
});

spec("ml307 http: AT+CSQ and a +CEREG URC interleaved with a running request do not disturb it", async () => {
	const s = await ready({ firstByteDelayMs: 200, contentPieceBytes: 3, contentGapMs: 20 });
	s.internet.answer = () => ({ ok: true, status: 200, body: '{"ok":"yes, it works"}' });
	const pending = s.stack.http.request(otaRequest());
	await s.clock.advance(150);
	const csq = s.stack.modem.querySignal();
	s.simulator.setRegistration(1, "0A80AD0D");
	await s.clock.advance(60);
	const signal = s.stack.modem.querySignal();
	const result = await s.run(pending);
	assert.deepEqual(result, { ok: true, status: 200, body: '{"ok":"yes, it works"}' });
	assert.equal(await s.run(csq), 24);
	assert.equal(await s.run(signal), 24);
	assert.equal(s.stack.modem.registration.ci, "0A80AD0D");
});

spec("ml307 http: an instance id that comes after AT+MHTTPCREATE's OK is still used", async () => {
	const s = await ready({ createIdAfterOk: true });
	await s.run(s.stack.channel.send('AT+MHTTPCREATE="https://other"'));
	const result = await s.run(s.stack.http.request(otaRequest()));
	assert.ok(result.ok, JSON.stringify(result));
	assert.ok(commandsSince(s, 0).includes("AT+MHTTPREQUEST=1,2,0,2F7869616F7A68692F6F74612F"), "instance 1, from the late line");
	assert.ok(commandsSince(s, 0).includes("AT+MHTTPDEL=1"));
	assert.equal(s.simulator.liveHttpInstances, 1, "only the spec's own instance is left");
});
