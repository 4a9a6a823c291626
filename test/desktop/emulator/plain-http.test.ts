/* `plainHttp` / `--http`: the emulator as a self-hosted server often runs, on plain http://. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { startEmulator } from "../../../desktop/emulator/server.ts";
import { NodeHttpTransport } from "../../../desktop/node/https-transport.ts";
import { CHECK_BODY, deviceHeaders } from "../../support/emulator.ts";

test("plainHttp serves the status query and the console over http://", async () => {
	const emulator = await startEmulator({ plainHttp: true });
	try {
		assert.match(emulator.otaUrl, /^http:\/\/127\.0\.0\.1:\d+\/xiaozhi\/ota\/$/);
		assert.match(emulator.consoleUrl, /^http:\/\//);
		const transport = new NodeHttpTransport();
		const result = await transport.request({
			method: "POST",
			url: emulator.otaUrl,
			headers: Object.entries(deviceHeaders()),
			body: CHECK_BODY,
			timeoutMs: 5000,
			maxBodyBytes: 8192,
		});
		assert.ok(result.ok, JSON.stringify(result));
		if (!result.ok) return;
		assert.equal(result.status, 200);
		assert.match(result.body, /"activation":\{"code":"\d{6}"/);
		const missingSlash = await transport.request({
			method: "POST",
			url: emulator.otaUrl.replace(/\/$/, ""),
			headers: Object.entries(deviceHeaders()),
			body: CHECK_BODY,
			timeoutMs: 5000,
			maxBodyBytes: 8192,
		});
		assert.equal(missingSlash.ok && missingSlash.status, 404, "the OTA URL without its trailing slash is another path");
	} finally {
		await emulator.close();
	}
});

test("plainHttp: the console takes its own page's calls (Origin http://…) and still refuses other origins", async () => {
	const emulator = await startEmulator({ plainHttp: true });
	try {
		const own = new URL(emulator.consoleUrl).origin;
		const transport = new NodeHttpTransport();
		const call = (path: string, origin: string, body?: string) =>
			transport.request({
				method: body === undefined ? "GET" : "POST",
				url: `${emulator.consoleUrl}${path}`,
				headers: [["Origin", origin], ["Sec-Fetch-Site", "same-origin"], ["Content-Type", "application/json"]],
				body: body ?? "",
				timeoutMs: 5000,
				maxBodyBytes: 65536,
			});
		const check = await transport.request({ method: "POST", url: emulator.otaUrl, headers: Object.entries(deviceHeaders()), body: CHECK_BODY, timeoutMs: 5000, maxBodyBytes: 8192 });
		assert.ok(check.ok);
		const code = (JSON.parse(check.ok ? check.body : "{}") as { activation: { code: string } }).activation.code;
		const list = await call("api/devices", own);
		assert.ok(list.ok && list.status === 200, JSON.stringify(list));
		const bound = await call("api/bind", own, JSON.stringify({ code }));
		assert.ok(bound.ok && bound.status === 200 && JSON.parse(bound.body).code === 0, JSON.stringify(bound));
		const httpsOrigin = await call("api/devices", own.replace(/^http:/, "https:"));
		assert.ok(httpsOrigin.ok && httpsOrigin.status === 403, "the https:// origin is another origin here");
	} finally {
		await emulator.close();
	}
});
