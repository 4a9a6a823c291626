/* ModdableHttpTransport against a fake "http" Request with the device client's callback codes. */
import { importAdapter } from "../support/moddable-fakes/register.ts";
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import type { HttpRequest, HttpTransport } from "../../modules/activation/interfaces.ts";

const { ModdableHttpTransport, HttpMessage } = await importAdapter<{
	ModdableHttpTransport: new (options?: { trustedCertificate?: ArrayBuffer }) => HttpTransport;
	HttpMessage: Readonly<Record<string, number>>;
}>("http-transport");
const http = await import("../support/moddable-fakes/http.ts");
const { virtualTime } = await import("../support/moddable-fakes/virtual-time.ts");
const { default: SecureSocket } = await import("../support/moddable-fakes/securesocket.ts");

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

function lastRequest() {
	const last = http.requests.at(-1);
	assert.ok(last, "a Request was made");
	return last;
}

beforeEach(() => {
	http.resetHttp();
	virtualTime.reset();
});

test("the callback codes are the device runtime's", () => {
	assert.deepEqual({ ...HttpMessage }, { requestFragment: 0, status: 1, header: 2, headersComplete: 3, responseFragment: 4, responseComplete: 5, error: -2 });
});

test("HTTPS POST: host, port, path, flat headers with the byte count, TLS socket", async () => {
	const transport = new ModdableHttpTransport();
	const body = '{"carrier":"中国移动"}';
	const pending = transport.request(request({ body }));
	const sent = lastRequest().options;
	assert.equal(sent.host, "api.tenclass.net");
	assert.equal(sent.port, 443);
	assert.equal(sent.path, "/xiaozhi/ota/");
	assert.equal(sent.method, "POST");
	assert.deepEqual(sent.headers, ["Device-Id", "94:a9:90:2c:84:b8", "Content-Type", "application/json", "Content-Length", String(Buffer.byteLength(body))]);
	assert.equal(sent.body, true, "the body is streamed");
	assert.equal(Buffer.from(lastRequest().sendBody(1000)).toString("utf8"), body);
	assert.equal(sent.Socket, SecureSocket);
	assert.equal(sent.secure?.protocolVersion, 0x303);
	lastRequest().respond(200, '{"activation":{"code":"209835"}}', 7);
	assert.deepEqual(await pending, { ok: true, status: 200, body: '{"activation":{"code":"209835"}}' });
	assert.equal(virtualTime.timers.length, 0, "the timeout timer is cleared");
});

test("a 1.2 KB report goes out in pieces no larger than the TLS socket can take", async () => {
	const report = readFileSync(new URL("../fixtures/ota-request-1.json", import.meta.url), "utf8").trim();
	const transport = new ModdableHttpTransport();
	const pending = transport.request(request({ body: report, headers: [["Content-Length", "999"]] }));
	assert.deepEqual(lastRequest().options.headers, ["Content-Length", String(Buffer.byteLength(report))], "a caller's Content-Length is replaced");
	assert.equal(Buffer.from(lastRequest().sendBody(300)).toString("utf8"), report);
	lastRequest().respond(200, "{}");
	assert.equal((await pending).ok, true);
});

test("plain HTTP on a custom port keeps the query and uses no TLS", async () => {
	const transport = new ModdableHttpTransport();
	const pending = transport.request(request({ url: "http://127.0.0.1:8003/xiaozhi/ota/?x=1#frag", method: "GET", body: "" }));
	const sent = lastRequest().options;
	assert.equal(sent.port, 8003);
	assert.equal(sent.path, "/xiaozhi/ota/?x=1");
	assert.equal(sent.Socket, undefined);
	assert.equal(sent.body, undefined, "an empty body is not sent");
	lastRequest().respond(202, "");
	assert.deepEqual(await pending, { ok: true, status: 202, body: "" });
});

test("a multi-byte character split across fragments is decoded whole", async () => {
	const transport = new ModdableHttpTransport();
	const pending = transport.request(request());
	lastRequest().respond(200, '{"message":"请在xiaozhi.me输入验证码"}', 1);
	const result = await pending;
	assert.ok(result.ok);
	assert.equal(result.body, '{"message":"请在xiaozhi.me输入验证码"}');
});

test("an extra trusted CA is passed to the TLS session", async () => {
	const ca = new Uint8Array([0x30, 0x82, 1, 2]).buffer;
	const transport = new ModdableHttpTransport({ trustedCertificate: ca });
	const pending = transport.request(request());
	assert.equal(lastRequest().options.secure?.certificate, ca);
	lastRequest().respond(200, "{}");
	await pending;
});

test("a Content-Length over the cap fails at once as too-large and closes the request", async () => {
	const transport = new ModdableHttpTransport();
	const pending = transport.request(request({ maxBodyBytes: 100 }));
	const fake = lastRequest();
	fake.emitStatus(200);
	fake.emitHeader("Content-Length", "5000");
	const result = await pending;
	assert.equal(result.ok, false);
	assert.equal(!result.ok && result.failure, "too-large");
	assert.ok(fake.closed);
});

test("a chunked body that grows past the cap is refused without buffering the rest", async () => {
	const transport = new ModdableHttpTransport();
	const pending = transport.request(request({ maxBodyBytes: 100 }));
	const fake = lastRequest();
	fake.emitStatus(200);
	fake.emitHeader("Transfer-Encoding", "chunked");
	fake.emitHeadersComplete();
	fake.emitFragment(new Uint8Array(60));
	fake.emitFragment(new Uint8Array(60));
	const result = await pending;
	assert.equal(!result.ok && result.failure, "too-large");
	assert.ok(fake.closed);
	fake.emitFragment(new Uint8Array(60)); // nothing more is delivered to a closed request
});

test("a body of exactly the cap is accepted", async () => {
	const transport = new ModdableHttpTransport();
	const pending = transport.request(request({ maxBodyBytes: 10 }));
	lastRequest().respond(200, "0123456789", 3);
	assert.deepEqual(await pending, { ok: true, status: 200, body: "0123456789" });
});

test("no answer in time is a timeout; the request is closed", async () => {
	const transport = new ModdableHttpTransport();
	const pending = transport.request(request({ timeoutMs: 30000 }));
	const fake = lastRequest();
	fake.emitStatus(200);
	virtualTime.advance(29999);
	assert.equal(fake.closed, false);
	virtualTime.advance(1);
	const result = await pending;
	assert.equal(!result.ok && result.failure, "timeout");
	assert.ok(fake.closed);
	fake.respond(200, "{}"); // a late answer changes nothing
	assert.equal((await pending).ok, false);
});

test("error before any status is a connect failure; after a status it is a truncated answer", async () => {
	const transport = new ModdableHttpTransport();
	const first = transport.request(request());
	lastRequest().emitError();
	const refused = await first;
	assert.equal(!refused.ok && refused.failure, "connect");
	assert.match(!refused.ok ? refused.detail : "", /api\.tenclass\.net:443/);

	const second = transport.request(request());
	const fake = lastRequest();
	fake.emitStatus(200);
	fake.emitHeader("Content-Length", "100");
	fake.emitHeadersComplete();
	fake.emitFragment(new Uint8Array(40));
	fake.emitError();
	const cut = await second;
	assert.equal(!cut.ok && cut.failure, "truncated");
	assert.equal(virtualTime.timers.length, 0);
});

test("a TLS session that cannot be created is a tls failure", async () => {
	http.failNextConstruction.error = new Error("bad certificate");
	const result = await new ModdableHttpTransport().request(request());
	assert.equal(!result.ok && result.failure, "tls");
	assert.match(!result.ok ? result.detail : "", /bad certificate/);
	assert.equal(virtualTime.timers.length, 0, "no timer is left behind");
});

test("bad URLs and non-ASCII header values are refused before any connection", async () => {
	const transport = new ModdableHttpTransport();
	for (const url of ["ftp://x/", "https://user@host/", "https://[::1]/", "https://host:99999/", "not a url"]) {
		const result = await transport.request(request({ url }));
		assert.equal(!result.ok && result.failure, "bad-url", url);
	}
	const header = await transport.request(request({ headers: [["Serial-Number", "序列"]] }));
	assert.equal(!header.ok && header.failure, "bad-url");
	assert.equal(http.requests.length, 0);
});

test("an exception in the callback becomes an io failure, not a crash", async () => {
	const transport = new ModdableHttpTransport();
	const pending = transport.request(request());
	const fake = lastRequest();
	fake.emitStatus(200);
	fake.emitHeadersComplete();
	fake.read = () => {
		throw new Error("socket gone");
	};
	fake.emitFragment(new Uint8Array(4));
	const result = await pending;
	assert.equal(!result.ok && result.failure, "io");
});
