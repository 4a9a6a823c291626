/* NodeHttpTransport against real local sockets: a TLS server signed by a throwaway CA. */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:https";
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createTcpServer, type AddressInfo } from "node:net";
import { NodeHttpTransport } from "../../../desktop/node/https-transport.ts";
import { VirtualClock } from "../../../desktop/node/clock.ts";
import type { HttpRequest, HttpResult } from "../../../modules/activation/interfaces.ts";
import { makeTestCa, type TestCa } from "../../support/test-ca.ts";

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;

let ca: TestCa;
let server: Server;
let wrongHostServer: Server;
let port = 0;
let wrongHostPort = 0;
let handler: Handler = (_request, _body, response) => response.end("{}");
const seen: { rawHeaders: string[]; body: string; url: string }[] = [];

function listen(target: Server | ReturnType<typeof createHttpServer>): Promise<number> {
	return new Promise((resolve) => target.listen(0, "127.0.0.1", () => resolve((target.address() as AddressInfo).port)));
}

before(async () => {
	ca = makeTestCa();
	const serve = (request: IncomingMessage, response: ServerResponse): void => {
		const chunks: Buffer[] = [];
		request.on("data", (chunk: Buffer) => chunks.push(chunk));
		request.on("end", () => {
			const body = Buffer.concat(chunks).toString("utf8");
			seen.push({ rawHeaders: request.rawHeaders, body, url: request.url ?? "" });
			handler(request, body, response);
		});
	};
	server = createServer({ cert: ca.localCertChain, key: ca.localKey }, serve);
	wrongHostServer = createServer({ cert: ca.wrongHostCertChain, key: ca.wrongHostKey }, serve);
	port = await listen(server);
	wrongHostPort = await listen(wrongHostServer);
});

after(() => {
	server.closeAllConnections();
	server.close();
	wrongHostServer.close();
});

function post(url: string, overrides: Partial<HttpRequest> = {}, transport = new NodeHttpTransport({ caPem: ca.caPem })): Promise<HttpResult> {
	return transport.request({
		method: "POST",
		url,
		headers: [
			["Accept-Language", "zh-CN"],
			["Activation-Version", "1"],
			["Client-Id", "e2314aed-0a16-43f0-8128-766fbd3207f2"],
			["Content-Type", "application/json"],
			["Device-Id", "94:a9:90:2c:84:b8"],
			["User-Agent", "bread-compact-ml307/2.0.4"],
		],
		body: '{"version":2,"language":"中文"}',
		timeoutMs: 2000,
		maxBodyBytes: 8192,
		...overrides,
	});
}

test("sends Host first, the core's headers in order, then Content-Length and Connection: close", async () => {
	handler = (_request, _body, response) => response.end('{"ok":1}');
	seen.length = 0;
	const result = await post(`https://127.0.0.1:${port}/xiaozhi/ota/`);
	assert.deepEqual(result, { ok: true, status: 200, body: '{"ok":1}' });
	assert.equal(seen.length, 1);
	assert.deepEqual(seen[0]!.rawHeaders, [
		"Host", `127.0.0.1:${port}`,
		"Accept-Language", "zh-CN",
		"Activation-Version", "1",
		"Client-Id", "e2314aed-0a16-43f0-8128-766fbd3207f2",
		"Content-Type", "application/json",
		"Device-Id", "94:a9:90:2c:84:b8",
		"User-Agent", "bread-compact-ml307/2.0.4",
		"Content-Length", String(Buffer.byteLength('{"version":2,"language":"中文"}')),
		"Connection", "close",
	]);
	assert.equal(seen[0]!.body, '{"version":2,"language":"中文"}');
	assert.equal(seen[0]!.url, "/xiaozhi/ota/");
});

test("a UTF-8 answer body comes back as text", async () => {
	handler = (_request, _body, response) => response.end(JSON.stringify({ carrier: "中国移动" }));
	assert.deepEqual(await post(`https://localhost:${port}/`), { ok: true, status: 200, body: '{"carrier":"中国移动"}' });
});

test("a redirect is only a status: not followed", async () => {
	handler = (_request, _body, response) => {
		response.writeHead(302, { Location: `https://127.0.0.1:${port}/elsewhere` });
		response.end("moved");
	};
	seen.length = 0;
	assert.deepEqual(await post(`https://127.0.0.1:${port}/xiaozhi/ota/`), { ok: true, status: 302, body: "moved" });
	assert.equal(seen.length, 1);
});

test("an announced body over maxBodyBytes is too-large", async () => {
	handler = (_request, _body, response) => response.end("x".repeat(9000));
	const result = await post(`https://127.0.0.1:${port}/`);
	assert.equal(result.ok, false);
	assert.equal(!result.ok && result.failure, "too-large");
});

test("a chunked body that grows over maxBodyBytes is too-large, without waiting for its end", async () => {
	let stop = false;
	handler = (_request, _body, response) => {
		response.writeHead(200, { "Content-Type": "application/json" });
		const push = (): void => {
			if (stop || response.destroyed) return;
			response.write("y".repeat(1024), () => setImmediate(push));
		};
		push();
	};
	const result = await post(`https://127.0.0.1:${port}/`, { maxBodyBytes: 4096, timeoutMs: 5000 });
	stop = true;
	assert.equal(!result.ok && result.failure, "too-large");
});

test("a body shorter than its Content-Length is truncated", async () => {
	handler = (_request, _body, response) => {
		response.writeHead(200, { "Content-Length": "100" });
		response.write('{"partial":');
		setTimeout(() => response.socket?.destroy(), 20);
	};
	const result = await post(`https://127.0.0.1:${port}/`);
	assert.equal(!result.ok && result.failure, "truncated");
});

test("no answer in time is a timeout (real timer)", async () => {
	handler = () => {
		/* never answers */
	};
	const started = Date.now();
	const result = await post(`https://127.0.0.1:${port}/`, { timeoutMs: 150 });
	assert.equal(!result.ok && result.failure, "timeout");
	assert.ok(Date.now() - started < 2000);
});

test("with a virtual clock, an answer the server held past timeoutMs is a timeout", async () => {
	const clock = new VirtualClock();
	handler = (_request, _body, response) => {
		clock.advance(31_000);
		response.end("{}");
	};
	const transport = new NodeHttpTransport({ caPem: ca.caPem, clock });
	const late = await post(`https://127.0.0.1:${port}/`, { timeoutMs: 30_000 }, transport);
	assert.equal(!late.ok && late.failure, "timeout");
	handler = (_request, _body, response) => {
		clock.advance(29_000);
		response.end("{}");
	};
	assert.deepEqual(await post(`https://127.0.0.1:${port}/`, { timeoutMs: 30_000 }, transport), { ok: true, status: 200, body: "{}" });
});

test("aborting the signal ends a request in flight at once, not at its timer, and the server sees the close", async () => {
	let serverSawClose: Promise<void> = Promise.resolve();
	handler = (request) => {
		serverSawClose = new Promise((resolve) => request.socket.once("close", () => resolve()));
		setTimeout(() => controller.abort(), 20);
	};
	const controller = new AbortController();
	const transport = new NodeHttpTransport({ caPem: ca.caPem, signal: controller.signal });
	const result = await post(`https://127.0.0.1:${port}/`, { timeoutMs: 30_000 }, transport);
	assert.deepEqual(result, { ok: false, failure: "io", detail: "stopped by the host" });
	await serverSawClose;
	assert.deepEqual(await post(`https://127.0.0.1:${port}/`, {}, transport), { ok: false, failure: "io", detail: "stopped by the host" }, "no new request after the stop");
});

test("an error detail is one line (OpenSSL's trailing newline trimmed)", async () => {
	handler = (_request, _body, response) => response.end("{}");
	const result = await post(`https://127.0.0.1:${port}/`, {}, new NodeHttpTransport({ caPem: ca.otherCaPem }));
	assert.ok(!result.ok);
	if (!result.ok) assert.doesNotMatch(result.detail, /\n|^\s|\s$/);
});

test("a certificate from an untrusted CA is a tls failure", async () => {
	handler = (_request, _body, response) => response.end("{}");
	const result = await post(`https://127.0.0.1:${port}/`, {}, new NodeHttpTransport({ caPem: ca.otherCaPem }));
	assert.equal(!result.ok && result.failure, "tls");
});

test("a certificate for another host name is a tls failure", async () => {
	handler = (_request, _body, response) => response.end("{}");
	const result = await post(`https://127.0.0.1:${wrongHostPort}/`);
	assert.equal(!result.ok && result.failure, "tls");
	assert.match(!result.ok ? result.detail : "", /ALTNAME|altnames|Hostname/i);
});

test("without a CA given, the public roots do not trust the test CA", async () => {
	const result = await post(`https://127.0.0.1:${port}/`, {}, new NodeHttpTransport());
	assert.equal(!result.ok && result.failure, "tls");
});

test("a server that is not speaking TLS is a tls failure", async () => {
	const plain = createTcpServer((socket) => socket.end("HTTP/1.1 200 OK\r\n\r\n"));
	const plainPort = await new Promise<number>((resolve) => plain.listen(0, "127.0.0.1", () => resolve((plain.address() as AddressInfo).port)));
	try {
		const result = await post(`https://127.0.0.1:${plainPort}/`);
		assert.equal(!result.ok && result.failure, "tls");
		assert.doesNotMatch(!result.ok ? result.detail : "", /\n|\s$/, "OpenSSL's message without its trailing newline");
	} finally {
		plain.close();
	}
});

test("a reset after the request was sent is an io failure", async () => {
	handler = (request) => request.socket.destroy();
	const result = await post(`https://127.0.0.1:${port}/`);
	assert.equal(!result.ok && result.failure, "io");
});

test("a refused connection is a connect failure", async () => {
	const closed = createTcpServer();
	const closedPort = await new Promise<number>((resolve) => closed.listen(0, "127.0.0.1", () => resolve((closed.address() as AddressInfo).port)));
	await new Promise((resolve) => closed.close(resolve));
	const result = await post(`https://127.0.0.1:${closedPort}/`);
	assert.equal(!result.ok && result.failure, "connect");
});

test("a name that does not resolve is a dns failure", async () => {
	const result = await post("https://no-such-host.invalid/xiaozhi/ota/");
	assert.equal(!result.ok && result.failure, "dns");
});

test("bad URLs are reported, not thrown", async () => {
	assert.equal((await post("not a url")).ok, false);
	const ftp = await post("ftp://127.0.0.1/");
	assert.equal(!ftp.ok && ftp.failure, "bad-url");
});

test("plain http works too, with Host without the default port", async () => {
	const plain = createHttpServer((request, response) => response.end(JSON.stringify(request.rawHeaders.slice(0, 2))));
	const plainPort = await listen(plain);
	try {
		assert.deepEqual(await post(`http://127.0.0.1:${plainPort}/`), { ok: true, status: 200, body: JSON.stringify(["Host", `127.0.0.1:${plainPort}`]) });
	} finally {
		plain.close();
	}
});

test("header values with line breaks are refused without throwing", async () => {
	const result = await post(`https://127.0.0.1:${port}/`, { headers: [["User-Agent", "a\r\nInjected: 1"]] });
	assert.equal(result.ok, false);
});
