import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ensureTestCertificates } from "../../../desktop/emulator/certs.ts";
import { startEmulator, type Emulator } from "../../../desktop/emulator/server.ts";
import { CHECK_BODY, DEVICE_ID, TestClock, check, deviceHeaders, parse, send } from "../../support/emulator.ts";

describe("TLS", () => {
	let emulator: Emulator;
	before(async () => {
		emulator = await startEmulator();
	});
	after(() => emulator.close());

	it("serves a leaf for 127.0.0.1 and localhost signed by the test CA, and sends the CA along", async () => {
		assert.equal(readFileSync(emulator.caPath, "utf8"), emulator.caPem);
		const ca = new X509Certificate(emulator.caPem);
		assert.ok(ca.ca, "the CA is a CA");
		const port = new URL(emulator.otaUrl).port;
		// Asynchronously: the server answering the handshake runs in this process.
		const shown = await new Promise<string>((resolve, reject) => {
			const child = execFile("openssl", ["s_client", "-connect", `127.0.0.1:${port}`, "-showcerts", "-servername", "localhost"], { timeout: 15_000 }, (error, stdout) =>
				error ? reject(error) : resolve(stdout),
			);
			child.stdin?.end();
		});
		const pems = shown.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ?? [];
		assert.equal(pems.length, 2, "leaf + CA on the wire (Moddable's TLS rejects a lone self-signed cert)");
		const leaf = new X509Certificate(pems[0]!);
		assert.ok(leaf.checkIssued(ca) && leaf.verify(ca.publicKey));
		assert.ok(leaf.checkIP("127.0.0.1") && leaf.checkHost("localhost"));
		assert.equal(new X509Certificate(pems[1]!).fingerprint256, ca.fingerprint256);
		const viaLocalhost = await send(emulator.otaUrl.replace("127.0.0.1", "localhost"), emulator, { headers: deviceHeaders(), body: CHECK_BODY });
		assert.equal(viaLocalhost.status, 200);
	});

	it("is refused by a client that does not trust the test CA", async () => {
		await assert.rejects(send(emulator.otaUrl, emulator, { ca: null, headers: deviceHeaders(), body: "{}" }), (error: { code?: string }) => {
			assert.equal(error.code, "SELF_SIGNED_CERT_IN_CHAIN");
			return true;
		});
	});

	it("wrongHostOtaUrl presents a certificate for another host: rejected even by a client trusting the CA", async () => {
		const requestsBefore = emulator.requests.length;
		await assert.rejects(send(emulator.wrongHostOtaUrl, emulator, { headers: deviceHeaders(), body: CHECK_BODY }), (error: { code?: string }) => {
			assert.equal(error.code, "ERR_TLS_CERT_ALTNAME_INVALID");
			return true;
		});
		assert.equal(emulator.requests.length, requestsBefore, "no HTTP request got through");
	});
});

describe("console JSON API", () => {
	let emulator: Emulator;
	before(async () => {
		emulator = await startEmulator({ profile: "manager" });
	});
	after(() => emulator.close());

	const api = (path: string, body?: unknown) =>
		send(`${emulator.consoleUrl}api/${path}`, emulator, {
			method: body === undefined ? "GET" : "POST",
			headers: { "Content-Type": "application/json" },
			...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
		});

	it("binds by code with the manager's result codes and lists devices", async () => {
		assert.deepEqual(parse(await api("devices")).data, { profile: "manager", devices: [] });
		const code = (parse(await check(emulator)).activation as { code: string }).code;
		const listed = parse(await api("devices")).data as { devices: { deviceId: string; state: string; boardType: string }[] };
		assert.deepEqual(listed.devices.map((d) => [d.deviceId, d.state, d.boardType]), [[DEVICE_ID, "pending", "bread-compact-ml307"]]);
		assert.deepEqual(parse(await api("bind", { code: "" })), { code: 10061, msg: "Activation code cannot be empty" });
		const wrong = code === "000000" ? "000001" : "000000";
		assert.deepEqual(parse(await api("bind", { code: wrong })), { code: 10062, msg: "Activation code error" });
		assert.deepEqual(parse(await api("bind", { code })), { code: 0, msg: "success" });
		assert.equal(emulator.deviceState(DEVICE_ID), "bound");
		assert.deepEqual(parse(await api("bind", { code })), { code: 10063, msg: "Device already activated" });
		assert.equal((await api("bind", "{nope")).status, 200, "an unreadable body counts as an empty code");
		assert.equal((await api("bind", { code: 123456 })).status, 400);

		assert.deepEqual(parse(await api("unbind", { deviceId: DEVICE_ID })), { code: 0, msg: "success" });
		assert.equal(emulator.deviceState(DEVICE_ID), "unknown");
		assert.equal((await api("unbind", {})).status, 400);
	});

	it("serves a self-contained page with the Add Device form", async () => {
		const page = await send(emulator.consoleUrl, emulator, { method: "GET" });
		assert.equal(page.status, 200);
		assert.match(String(page.headers["content-type"]), /^text\/html/);
		assert.match(page.body, /Verification Code/);
		assert.match(page.body, /\^\\d\{6\}\$/, "client-side 6-digit check");
		assert.doesNotMatch(page.body, /(src|href)=["']?(https?:)?\/\//, "no external resources");
		const redirect = await send(emulator.consoleUrl.replace(/\/$/, ""), emulator, { method: "GET" });
		assert.deepEqual([redirect.status, redirect.headers.location], [301, "/console/"]);
	});

	it("does not put console calls into the device request record", async () => {
		const before = emulator.requests.length;
		await api("devices");
		assert.equal(emulator.requests.length, before);
	});
});

describe("request record", () => {
	it("keeps only the newest maxRecordedRequests entries, so a long run stays bounded", async () => {
		const clock = new TestClock(0);
		const emulator = await startEmulator({ clock, maxRecordedRequests: 3 });
		try {
			for (let i = 0; i < 5; i++) {
				clock.advance(1000);
				await check(emulator);
			}
			assert.deepEqual(emulator.requests.map((r) => r.at), [3000, 4000, 5000]);
		} finally {
			await emulator.close();
		}
		await assert.rejects(startEmulator({ maxRecordedRequests: 0 }), /positive integer/);
	});

	it("keeps method, path, headers (lower-case and as sent), body, status, answer and arrival time", async () => {
		const clock = new TestClock(5_000);
		const emulator = await startEmulator({ clock });
		try {
			const seen: number[] = [];
			emulator.on("request", (record) => seen.push(record.status));
			const reply = await check(emulator);
			const record = emulator.requests[0]!;
			assert.equal(emulator.requests.length, 1);
			assert.deepEqual([record.at, record.method, record.path], [5_000, "POST", "/xiaozhi/ota/"]);
			assert.equal(record.headers["device-id"], DEVICE_ID);
			assert.equal(record.headers["activation-version"], "1");
			assert.deepEqual(
				record.rawHeaderNames.slice(0, 6),
				["Activation-Version", "Device-Id", "Client-Id", "User-Agent", "Accept-Language", "Content-Type"],
			);
			assert.equal(record.body, CHECK_BODY);
			assert.equal(record.status, 200);
			assert.equal(record.responseBody, reply.body);
			assert.deepEqual(seen, [200]);

			await send(`${emulator.otaUrl}activate?x=1`, emulator, { headers: deviceHeaders(), body: "{}" });
			assert.equal(emulator.requests[1]!.path, "/xiaozhi/ota/activate?x=1");
			assert.equal(emulator.requests[1]!.status, 202, "query strings are kept in the record; routing ignores them");
		} finally {
			await emulator.close();
		}
	});
});

describe("test certificate cache", () => {
	it("creates the CA once, reuses it, and replaces a damaged set", () => {
		const dir = join(mkdtempSync(join(tmpdir(), "emulator-ca-")), "test-ca");
		try {
			const first = ensureTestCertificates(dir);
			assert.equal(ensureTestCertificates(dir).caPem, first.caPem, "reused");
			assert.ok(!readdirSync(dirname(dir)).some((name) => name.includes(".tmp-")), "no scratch dir left behind");
			writeFileSync(join(dir, "localhost.pem"), "-----BEGIN CERTIFICATE-----\nbroken\n");
			const repaired = ensureTestCertificates(dir);
			assert.notEqual(repaired.caPem, first.caPem, "regenerated");
			assert.ok(new X509Certificate(repaired.localChainPem).checkIssued(new X509Certificate(repaired.caPem)));
		} finally {
			rmSync(dirname(dir), { recursive: true, force: true });
		}
	});
});
