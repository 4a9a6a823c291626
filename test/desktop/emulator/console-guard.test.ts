/*
 * The console API takes same-origin JSON only, and the operator's log lines escape every
 * control character a request could carry. Real HTTPS to the emulator on 127.0.0.1.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { startEmulator, type Emulator } from "../../../desktop/emulator/server.ts";
import { escapeControls, requestLine } from "../../../desktop/emulator/terminal-text.ts";
import { request as httpsRequest } from "node:https";
import { check, parse, send } from "../../support/emulator.ts";

/** A bind POST with a forged Host header (TLS still verified against 127.0.0.1). */
function statusWithHost(url: string, ca: string, host: string): Promise<number> {
	return new Promise((resolve, reject) => {
		const body = '{"code":"000000"}';
		const request = httpsRequest(
			url,
			{ method: "POST", ca, servername: "localhost", agent: false, headers: { Host: host, "Content-Type": "application/json", "Content-Length": body.length } },
			(response) => {
				response.resume();
				response.on("end", () => resolve(response.statusCode ?? 0));
			},
		);
		request.on("error", reject);
		request.end(body);
	});
}

describe("console API: same-origin JSON only", () => {
	let emulator: Emulator;
	let origin: string;
	before(async () => {
		emulator = await startEmulator({ profile: "official" });
		origin = new URL(emulator.consoleUrl).origin;
	});
	after(() => emulator.close());

	const bind = (code: string, headers: Record<string, string>) =>
		send(`${emulator.consoleUrl}api/bind`, emulator, { method: "POST", headers, body: JSON.stringify({ code }) });

	it("binds with JSON from its own origin, or from a client that is not a browser", async () => {
		const code = (parse(await check(emulator)).activation as { code: string }).code;
		const reply = await bind(code, { "Content-Type": "application/json; charset=utf-8", Origin: origin, "Sec-Fetch-Site": "same-origin" });
		assert.deepEqual(parse(reply), { code: 0, msg: "success" });
		assert.equal((await bind(code, { "Content-Type": "application/json" })).status, 200, "no Origin: curl or a test");
	});

	it("refuses another origin, a cross-site fetch, a foreign Host and non-JSON bodies, and binds nothing", async () => {
		const fresh = await startEmulator({ profile: "official" });
		try {
			const code = (parse(await check(fresh)).activation as { code: string }).code;
			const url = `${fresh.consoleUrl}api/bind`;
			const own = new URL(fresh.consoleUrl).origin;
			const post = (headers: Record<string, string>) => send(url, fresh, { method: "POST", headers, body: JSON.stringify({ code }) });
			const other = await post({ "Content-Type": "application/json", Origin: "https://127.0.0.1:1" });
			assert.equal(other.status, 403);
			assert.match(parse(other).msg as string, /cross-origin/);
			assert.equal((await post({ "Content-Type": "application/json", Origin: "null" })).status, 403, "a sandboxed or file: page");
			assert.equal((await post({ "Content-Type": "application/json", "Sec-Fetch-Site": "cross-site" })).status, 403);
			assert.equal((await post({ "Content-Type": "application/json", "Sec-Fetch-Site": "same-site" })).status, 403, "another port of 127.0.0.1");
			assert.equal(await statusWithHost(url, fresh.caPem, `evil.example:${new URL(own).port}`), 403, "DNS rebinding: a foreign Host");
			for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""]) {
				const reply = await post(type ? { "Content-Type": type, Origin: own } : { Origin: own });
				assert.equal(reply.status, 415, type);
			}
			const unbind = await send(`${fresh.consoleUrl}api/unbind`, fresh, { method: "POST", headers: { "Content-Type": "text/plain" }, body: '{"deviceId":"x"}' });
			assert.equal(unbind.status, 415);
			assert.equal(fresh.devices()[0]?.state, "pending", "nothing was bound");
		} finally {
			await fresh.close();
		}
	});
});

describe("operator log lines", () => {
	it("escape C0, DEL and C1 controls from Device-Id, path and method", () => {
		assert.equal(escapeControls("94:a9\u001b[2J\u009b31m\u0007\u007f\r\nok\\"), "94:a9\\x1b[2J\\x9b31m\\x07\\x7f\\x0d\\x0aok\\\\");
		assert.equal(escapeControls("中文 plain"), "中文 plain");
		const line = requestLine("12:00:00", {
			method: "POST\u0085",
			path: "/xiaozhi/ota/\u001b]0;pwned\u0007",
			status: 200,
			headers: { "device-id": "aa:bb\u009b2J" },
		});
		assert.equal(line, "12:00:00 POST\\x85 /xiaozhi/ota/\\x1b]0;pwned\\x07 device aa:bb\\x9b2J -> 200");
		for (const char of line) assert.ok(char >= " " && !(char >= "\u007f" && char <= "\u009f"), `control character U+${char.charCodeAt(0).toString(16)} left in the line`);
	});
});
