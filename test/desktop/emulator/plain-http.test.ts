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
