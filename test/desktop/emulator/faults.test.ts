import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startEmulator, type Emulator } from "../../../desktop/emulator/server.ts";
import { TestClock, activate, check, deviceHeaders, parse, send } from "../../support/emulator.ts";

function rejection(promise: Promise<unknown>): Promise<{ code?: string; partialBody?: string; message: string }> {
	return promise.then(
		() => assert.fail("expected the request to fail"),
		(error: unknown) => error as { code?: string; partialBody?: string; message: string },
	);
}

describe("fault injection", () => {
	let emulator: Emulator;
	before(async () => {
		emulator = await startEmulator({ profile: "official" });
	});
	after(() => emulator.close());

	it("status: that status, the given body, once, then normal answers again", async () => {
		emulator.injectFault({ kind: "status", status: 503 });
		const faulted = await check(emulator);
		assert.deepEqual([faulted.status, faulted.body], [503, "Service Unavailable"]);
		emulator.injectFault({ kind: "status", status: 500, body: '{"error":"boom"}' }, { times: 2 });
		for (let i = 0; i < 2; i++) {
			const reply = await check(emulator);
			assert.deepEqual([reply.status, reply.body], [500, '{"error":"boom"}']);
			assert.match(String(reply.headers["content-type"]), /json/);
		}
		assert.equal((await check(emulator)).status, 200);
	});

	it("non-json, error-object and empty-object: HTTP 200 bodies the device must not take as config", async () => {
		emulator.injectFault({ kind: "non-json" });
		const html = await check(emulator);
		assert.equal(html.status, 200);
		assert.throws(() => JSON.parse(html.body));
		emulator.injectFault({ kind: "error-object", body: '{"code":500,"msg":"x","data":null}' });
		assert.deepEqual(parse(await check(emulator)), { code: 500, msg: "x", data: null });
		emulator.injectFault({ kind: "empty-object" });
		assert.deepEqual(parse(await check(emulator)), {});
	});

	it("path targeting: an activate fault leaves checks alone", async () => {
		emulator.injectFault({ kind: "status", status: 429 }, { path: "activate" });
		assert.equal((await check(emulator)).status, 200);
		assert.equal((await activate(emulator)).status, 429);
		assert.equal((await activate(emulator)).status, 202);
	});

	it("redirect: a 302 with Location, not followed", async () => {
		emulator.injectFault({ kind: "redirect" });
		const reply = await check(emulator);
		assert.equal(reply.status, 302);
		assert.equal(reply.headers.location, "https://api.tenclass.net/xiaozhi/ota/");
		emulator.injectFault({ kind: "redirect", location: "https://example.invalid/portal" });
		assert.equal((await check(emulator)).headers.location, "https://example.invalid/portal");
	});

	it("oversize: a JSON body of exactly the given size that still carries the real answer", async () => {
		emulator.injectFault({ kind: "oversize", bytes: 9000 });
		const reply = await check(emulator);
		assert.equal(Buffer.byteLength(reply.body), 9000);
		assert.equal(Number(reply.headers["content-length"]), 9000);
		const answer = parse(reply);
		assert.ok("server_time" in answer && "padding" in answer);
	});

	it("truncated: Content-Length promises more than is sent, then the connection closes", async () => {
		emulator.injectFault({ kind: "truncated" });
		const error = await rejection(check(emulator));
		assert.equal(error.code, "ECONNRESET");
		const record = emulator.requests.at(-1)!;
		assert.equal(record.status, 200);
		assert.ok(record.responseBody.length > 0 && error.partialBody === record.responseBody, "the client got exactly the partial body");
		assert.throws(() => JSON.parse(record.responseBody));
	});

	it("reset: the socket is destroyed without an answer, and the request is still recorded", async () => {
		const before = emulator.requests.length;
		emulator.injectFault({ kind: "reset" });
		const error = await rejection(check(emulator));
		assert.match(String(error.code), /ECONNRESET|EPIPE/);
		assert.equal(emulator.requests.length, before + 1);
		assert.equal(emulator.requests.at(-1)!.status, 0);
	});

	it("delay (real time): the normal answer, late", async () => {
		emulator.injectFault({ kind: "delay", ms: 150 });
		const started = Date.now();
		const reply = await check(emulator);
		assert.ok(Date.now() - started >= 140, `answered after ${Date.now() - started} ms`);
		assert.equal(reply.status, 200);
		assert.ok("server_time" in parse(reply));
	});

	it("rejects malformed faults with a clear error", () => {
		assert.throws(() => emulator.injectFault({ kind: "status", status: 42 }), /100\.\.599/);
		assert.throws(() => emulator.injectFault({ kind: "teleport" } as never), /unknown fault/);
		assert.throws(() => emulator.injectFault({ kind: "reset" }, { times: 0 }), /times/);
		assert.throws(() => emulator.injectFault({ kind: "reset" }, { path: "console" as never }), /path/);
	});
});

describe("delay fault on virtual time", () => {
	it("advances the clock by the delay instead of waiting", async () => {
		const clock = new TestClock();
		const emulator = await startEmulator({ clock });
		try {
			emulator.injectFault({ kind: "delay", ms: 45_000 });
			const started = Date.now();
			const start = clock.now();
			const reply = await check(emulator);
			assert.equal(reply.status, 200);
			assert.equal(clock.now() - start, 45_000);
			assert.ok(Date.now() - started < 5_000);
			const timestamp = (parse(reply).server_time as { timestamp: number }).timestamp;
			assert.ok(timestamp - Date.now() > 40_000, "server_time follows the virtual clock");
		} finally {
			await emulator.close();
		}
	});

	it("stops advancing when the client gives up (a device timeout on the same clock)", async () => {
		const clock = new TestClock();
		const emulator = await startEmulator({ clock });
		try {
			emulator.injectFault({ kind: "delay", ms: 60_000 });
			const start = clock.now();
			const error = await rejection(
				send(emulator.otaUrl, emulator, {
					headers: deviceHeaders(),
					body: "{}",
					onRequest: (abort) => clock.at(30_000, abort),
				}),
			);
			assert.match(String(error.code ?? error.message), /ECONNRESET|socket hang up/);
			// Give the server a moment to notice the closed socket.
			await new Promise((resolve) => setTimeout(resolve, 100));
			const elapsed = clock.now() - start;
			assert.ok(elapsed >= 30_000 && elapsed < 32_000, `the clock moved ${elapsed} ms`);
			assert.equal(emulator.requests.at(-1)!.status, 0, "never answered");
		} finally {
			await emulator.close();
		}
	});
});

describe("hostile-answer faults", () => {
	let emulator: Emulator;
	before(async () => {
		emulator = await startEmulator({ profile: "official" });
	});
	after(() => emulator.close());

	it("reshape the normal check answer, once, over HTTPS", async () => {
		emulator.injectFault({ kind: "deep-nesting" });
		const deep = await check(emulator);
		assert.deepEqual([deep.status, deep.body.length, deep.body.slice(0, 3)], [200, 1018, "[[["]);
		emulator.injectFault({ kind: "prototype-members" });
		const proto = JSON.parse((await check(emulator)).body) as Record<string, Record<string, unknown>>;
		assert.ok(Object.hasOwn(proto["mqtt"]!, "__proto__") && Object.hasOwn(proto["websocket"]!, "constructor"));
		emulator.injectFault({ kind: "malformed-activation", activation: { code: 209835 } });
		assert.deepEqual(parse(await check(emulator)).activation, { code: 209835 });
		emulator.injectFault({ kind: "implausible-time" });
		assert.equal((parse(await check(emulator)).server_time as { timestamp: number }).timestamp, 1e300);
		emulator.injectFault({ kind: "junk-members", count: 3 });
		const junk = Object.keys(parse(await check(emulator)).mqtt as object).filter((k) => k.startsWith("junk_"));
		assert.equal(junk.length, 3);
		emulator.injectFault({ kind: "odd-member-names" });
		assert.ok(Object.hasOwn(parse(await check(emulator)).mqtt as object, "nul\u0000key"));
		assert.ok((parse(await check(emulator)).activation as { code?: unknown }).code !== undefined, "then the normal answer again");
	});

	it("round 3: repeated activation, code text, hostile addresses, case variants before keepalive, a 200 that binds nothing", async () => {
		emulator.injectFault({ kind: "repeated-activation" });
		const repeated = (await check(emulator)).body;
		assert.match(repeated, /"activation":\{"code":"\d{6}".*\},"activation":\{\}\}$/, "the real activation first, an empty one after it");
		assert.deepEqual(parse({ status: 200, headers: {}, body: repeated }).activation, {}, "JSON.parse keeps the last");
		emulator.injectFault({ kind: "code-text", code: "１２３４５６" });
		assert.equal((parse(await check(emulator)).activation as { code: string }).code, "１２３４５６");
		emulator.injectFault({ kind: "hostile-addresses" });
		const addresses = parse(await check(emulator)) as { websocket: { url: string }; mqtt: { endpoint: string } };
		assert.deepEqual([addresses.websocket.url, addresses.mqtt.endpoint], ["javascript:alert(1)", "file:///etc/passwd"]);
		emulator.injectFault({ kind: "case-variant-members", count: 9 }, { times: 2 });
		const first = Object.keys(parse(await check(emulator)).mqtt as object);
		const second = Object.keys(parse(await check(emulator)).mqtt as object);
		assert.equal(first.length, 9 + 6 + 1);
		assert.ok(first.slice(0, 9).every((name) => name !== name.toLowerCase() && ["endpoint", "client_id", "username", "password", "keepalive", "publish_topic", "subscribe_topic"].includes(name.toLowerCase())), first.join());
		assert.deepEqual(first.slice(9), ["endpoint", "client_id", "username", "password", "publish_topic", "subscribe_topic", "keepalive"]);
		assert.ok(second.slice(0, 9).every((name) => !first.includes(name)), "fresh variants every answer");

		const fresh = await startEmulator({ profile: "official" });
		try {
			const code = (parse(await check(fresh)).activation as { code: string }).code;
			fresh.injectFault({ kind: "accept-unbound" }, { path: "activate" });
			const accepted = await activate(fresh);
			assert.deepEqual([accepted.status, parse(accepted).message], [200, "Device activated"]);
			assert.equal((parse(await check(fresh)).activation as { code: string }).code, code, "nothing was bound: the same code again");
			fresh.injectFault({ kind: "accept-unbound", newCode: true }, { path: "activate" });
			assert.equal((await activate(fresh)).status, 200);
			const next = (parse(await check(fresh)).activation as { code: string }).code;
			assert.match(next, /^\d{6}$/);
			assert.notEqual(next, code, "newCode: the next check shows a new code");
		} finally {
			await fresh.close();
		}
	});

	it("validate their parameters", () => {
		assert.throws(() => emulator.injectFault({ kind: "code-text" } as never), /code string/);
		assert.throws(() => emulator.injectFault({ kind: "case-variant-members", count: 0 }), /count/);
		assert.throws(() => emulator.injectFault({ kind: "deep-nesting", levels: 0 }), /levels/);
		assert.throws(() => emulator.injectFault({ kind: "junk-members", count: 1.5 }), /count/);
		assert.throws(() => emulator.injectFault({ kind: "malformed-activation" } as never), /activation value/);
		assert.throws(() => emulator.injectFault({ kind: "implausible-time", timestamp: "1" as never }), /numeric/);
	});
});
