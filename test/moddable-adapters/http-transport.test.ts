/*
 * ModdableHttpTransport on the http stand-in (http.js's client, desktop/sdk-standins/http.ts),
 * its far end scripted by the test (test/support/sdk-standins/node-host.ts).
 */
import { resetSdk, sdk } from "../support/sdk-standins/register.ts";
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import type { HttpRequest } from "../../modules/activation/interfaces.ts";
import type { ScriptedExchange } from "../support/sdk-standins/node-host.ts";

const { ModdableHttpTransport, HttpMessage } = await import("moddable-adapters/http-transport");
const { Request } = await import("sdk-standins/http");
const virtualTime = sdk.timeline;

function request(overrides: Partial<HttpRequest> = {}): HttpRequest {
	return {
		method: "POST",
		url: "https://api.tenclass.net/xiaozhi/ota/",
		headers: [["Device-Id", "94:a9:90:2c:84:b8"], ["Content-Type", "application/json"]],
		body: '{"version":2}',
		timeoutMs: 30000,
		maxBodyBytes: 8192,
		...overrides,
	};
}

/** The connection the client opened (it opens in the turn after the request). */
function opened(): ScriptedExchange {
	virtualTime.advance(0);
	const last = sdk.scriptedHttp.last;
	assert.ok(last, "a connection was opened");
	return last;
}

const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString("utf8");

beforeEach(() => resetSdk());

test("the callback codes are the device runtime's", () => {
	assert.deepEqual({ ...HttpMessage }, { requestFragment: 0, status: 1, header: 2, headersComplete: 3, responseFragment: 4, responseComplete: 5, error: -2 });
});

test("HTTPS POST: host, port, path, the head as http.js writes it with the byte count, the body streamed over TLS", async () => {
	const transport = new ModdableHttpTransport();
	const body = '{"carrier":"中国移动"}';
	const pending = transport.request(request({ body }));
	const sent = opened();
	assert.deepEqual({ secure: sent.head.secure, host: sent.head.host, port: sent.head.port, path: sent.head.path, method: sent.head.method }, { secure: true, host: "api.tenclass.net", port: 443, path: "/xiaozhi/ota/", method: "POST" });
	assert.deepEqual(sent.head.headers, [
		["Connection", "close"],
		["Device-Id", "94:a9:90:2c:84:b8"],
		["Content-Type", "application/json"],
		["Content-Length", String(Buffer.byteLength(body))],
		["Host", "api.tenclass.net"],
	]);
	assert.equal(text(sent.body), body, "the body went out through callback 0");
	assert.deepEqual(sdk.scriptedHttp.tlsSessions, [{ protocolVersion: 0x303 }]);
	sent.respond(200, '{"activation":{"code":"209835"}}', 7);
	assert.deepEqual(await pending, { ok: true, status: 200, body: '{"activation":{"code":"209835"}}' });
	assert.equal(virtualTime.size, 0, "the timeout timer is cleared");
});

test("a 1.2 KB report goes out in pieces of at most 1 KB, the next once the socket took the last", async () => {
	const report = readFileSync(new URL("../fixtures/ota-request-1.json", import.meta.url), "utf8").trim();
	sdk.scriptedHttp.autoAcknowledge = false;
	const transport = new ModdableHttpTransport();
	const pending = transport.request(request({ body: report, headers: [["Content-Length", "999"]] }));
	const sent = opened();
	assert.equal(sent.header("content-length"), String(Buffer.byteLength(report)), "a caller's Content-Length is replaced");
	assert.deepEqual(sent.pieces.map((piece) => piece.length), [1024], "nothing more until the socket has room again");
	sent.answer.sent(1024);
	virtualTime.advance(0);
	assert.deepEqual(sent.pieces.map((piece) => piece.length), [1024, Buffer.byteLength(report) - 1024]);
	sent.answer.sent(sent.pieces[1]!.length);
	virtualTime.advance(0);
	assert.equal(text(sent.body), report);
	assert.ok(sent.ended);
	sent.respond(200, "{}");
	assert.equal((await pending).ok, true);
});

test("plain HTTP on a custom port keeps the query and uses no TLS; an empty body is not sent", async () => {
	const transport = new ModdableHttpTransport();
	const pending = transport.request(request({ url: "http://127.0.0.1:8003/xiaozhi/ota/?x=1#frag", method: "GET", body: "" }));
	const sent = opened();
	assert.deepEqual({ secure: sent.head.secure, port: sent.head.port, path: sent.head.path }, { secure: false, port: 8003, path: "/xiaozhi/ota/?x=1" });
	assert.equal(sent.header("content-length"), undefined);
	assert.equal(sent.body.length, 0);
	assert.equal(sdk.scriptedHttp.tlsSessions.length, 0);
	sent.respond(202, "");
	assert.deepEqual(await pending, { ok: true, status: 202, body: "" });
});

test("a multi-byte character split across fragments is decoded whole", async () => {
	const transport = new ModdableHttpTransport();
	const pending = transport.request(request());
	opened().respond(200, '{"message":"请在xiaozhi.me输入验证码"}', 1);
	const result = await pending;
	assert.ok(result.ok);
	assert.equal(result.body, '{"message":"请在xiaozhi.me输入验证码"}');
});

test("an extra trusted CA is passed to the TLS session", async () => {
	const ca = new Uint8Array([0x30, 0x82, 1, 2]).buffer;
	const transport = new ModdableHttpTransport({ trustedCertificate: ca });
	const pending = transport.request(request());
	const sent = opened();
	assert.deepEqual(sdk.scriptedHttp.tlsSessions, [{ protocolVersion: 0x303, certificate: ca }]);
	sent.respond(200, "{}");
	await pending;
});

test("a Content-Length over the cap fails at once as too-large and closes the request", async () => {
	const transport = new ModdableHttpTransport();
	const pending = transport.request(request({ maxBodyBytes: 100 }));
	const sent = opened();
	sent.answer.status(200);
	sent.answer.header("Content-Length", "5000");
	const result = await pending;
	assert.equal(result.ok, false);
	assert.equal(!result.ok && result.failure, "too-large");
	assert.ok(sent.closed);
});

test("a chunked body that grows past the cap is refused without buffering the rest", async () => {
	const transport = new ModdableHttpTransport();
	const pending = transport.request(request({ maxBodyBytes: 100 }));
	const sent = opened();
	sent.answer.status(200);
	sent.answer.header("Transfer-Encoding", "chunked");
	sent.answer.headersComplete();
	sent.answer.body(new Uint8Array(60));
	sent.answer.body(new Uint8Array(60));
	const result = await pending;
	assert.equal(!result.ok && result.failure, "too-large");
	assert.ok(sent.closed);
	sent.answer.body(new Uint8Array(60)); // nothing more is delivered to a closed request
});

test("a body of exactly the cap is accepted", async () => {
	const transport = new ModdableHttpTransport();
	const pending = transport.request(request({ maxBodyBytes: 10 }));
	opened().respond(200, "0123456789", 3);
	assert.deepEqual(await pending, { ok: true, status: 200, body: "0123456789" });
});

test("no answer in time is a timeout; the request is closed", async () => {
	const transport = new ModdableHttpTransport();
	const pending = transport.request(request({ timeoutMs: 30000 }));
	const sent = opened();
	sent.answer.status(200);
	virtualTime.advance(29999);
	assert.equal(sent.closed, false);
	virtualTime.advance(1);
	const result = await pending;
	assert.equal(!result.ok && result.failure, "timeout");
	assert.ok(sent.closed);
	sent.respond(200, "{}"); // a late answer changes nothing
	assert.equal((await pending).ok, false);
});

test("error before any status is a connect failure; after a status it is a truncated answer", async () => {
	const transport = new ModdableHttpTransport();
	const first = transport.request(request());
	opened().answer.failed();
	const refused = await first;
	assert.equal(!refused.ok && refused.failure, "connect");
	assert.match(!refused.ok ? refused.detail : "", /api\.tenclass\.net:443/);

	const second = transport.request(request());
	const sent = opened();
	sent.answer.status(200);
	sent.answer.header("Content-Length", "100");
	sent.answer.headersComplete();
	sent.answer.body(new Uint8Array(40));
	sent.answer.closed(); // 60 bytes short: the client's error
	const cut = await second;
	assert.equal(!cut.ok && cut.failure, "truncated");
	assert.equal(virtualTime.size, 0);
});

test("a TLS session that cannot be created is a tls failure", async () => {
	sdk.scriptedHttp.refuseNextTls = new Error("no memory for the TLS session");
	const result = await new ModdableHttpTransport().request(request());
	assert.equal(!result.ok && result.failure, "tls");
	assert.match(!result.ok ? result.detail : "", /no memory for the TLS session/);
	assert.equal(virtualTime.size, 0, "no timer is left behind");
});

test("bad URLs and non-ASCII header values are refused before any connection", async () => {
	const transport = new ModdableHttpTransport();
	for (const url of ["ftp://x/", "https://user@host/", "https://[::1]/", "https://host:99999/", "not a url"]) {
		const result = await transport.request(request({ url }));
		assert.equal(!result.ok && result.failure, "bad-url", url);
	}
	const header = await transport.request(request({ headers: [["Serial-Number", "序列"]] }));
	assert.equal(!header.ok && header.failure, "bad-url");
	virtualTime.advance(0);
	assert.equal(sdk.scriptedHttp.exchanges.length, 0);
});

test("an exception in the callback becomes an io failure, not a crash", async () => {
	const transport = new ModdableHttpTransport();
	const pending = transport.request(request());
	const sent = opened();
	sent.answer.status(200);
	sent.answer.headersComplete();
	const read = Object.getOwnPropertyDescriptor(Request.prototype, "read")!;
	Object.defineProperty(Request.prototype, "read", { ...read, value: () => {
		throw new Error("socket gone");
	} });
	try {
		sent.answer.body(new Uint8Array(4));
	} finally {
		Object.defineProperty(Request.prototype, "read", read);
	}
	const result = await pending;
	assert.equal(!result.ok && result.failure, "io");
});
