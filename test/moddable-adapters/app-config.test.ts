/* readAppConfig: mc/config (manifest defaults + mcconfig key=value strings) into checked settings. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readAppConfig } from "../../modules/moddable-adapters/app-config.ts";

test("defaults are the official server and the captured board", () => {
	const config = readAppConfig({});
	assert.equal(config.otaUrl, "https://api.tenclass.net/xiaozhi/ota/");
	assert.equal(config.language, "zh-CN");
	assert.equal(config.boardName, "bread-compact-ml307");
	assert.equal(config.wifi, undefined);
	assert.equal(config.network, undefined);
	assert.equal(config.requestTimeoutMs, 30000);
	assert.ok(Object.isFrozen(config));
});

test("command-line values arrive as strings and are checked", () => {
	const config = readAppConfig({ ssid: "lab", password: "secret-pass", network: "wifi", requestTimeoutMs: "15000", otaUrl: "https://192.168.1.5:8003/xiaozhi/ota/" });
	assert.deepEqual(config.wifi, { ssid: "lab", password: "secret-pass" });
	assert.equal(config.network, "wifi");
	assert.equal(config.requestTimeoutMs, 15000);
	assert.throws(() => readAppConfig({ requestTimeoutMs: "soon" }), /requestTimeoutMs must be a positive integer/);
	assert.throws(() => readAppConfig({ language: "fr-FR" }), /zh-CN or en-US/);
	assert.throws(() => readAppConfig({ network: "ethernet" }), /ml307 or wifi/);
});

test("a password without an ssid is refused without echoing it", () => {
	assert.throws(
		() => readAppConfig({ password: "hunter2-secret" }),
		(error: Error) => /password is set without config.ssid/.test(error.message) && !error.message.includes("hunter2"),
	);
});

test("Wi-Fi setup mode's servers: ports 80 and 53 and http://192.168.4.1/ unless the build says otherwise", () => {
	assert.deepEqual(readAppConfig({}).setup, { httpPort: 80, dnsPort: 53, pageUrl: "http://192.168.4.1/" });
	assert.deepEqual(readAppConfig({ setupHttpPort: "8080", setupDnsPort: "5353" }).setup, { httpPort: 8080, dnsPort: 5353, pageUrl: "http://192.168.4.1:8080/" });
	assert.equal(readAppConfig({ setupHttpPort: "41234", setupPageUrl: "http://127.0.0.1:41234/" }).setup.pageUrl, "http://127.0.0.1:41234/");
	assert.throws(() => readAppConfig({ setupHttpPort: "70000" }), /ports/);
	assert.throws(() => readAppConfig({ setupPageUrl: "https://x/" }), /setupPageUrl/);
});

test("the announcer's config (announceRepeatSeconds, announceCodeTwice) as mcconfig hands it, strings included", () => {
	assert.deepEqual({ ...readAppConfig({}).announce }, { repeatEveryMs: 0, readCodeTwice: true });
	assert.deepEqual({ ...readAppConfig({ announceRepeatSeconds: "30", announceCodeTwice: "false" }).announce }, { repeatEveryMs: 30_000, readCodeTwice: false });
	assert.deepEqual({ ...readAppConfig({ announceRepeatSeconds: 5, announceCodeTwice: false }).announce }, { repeatEveryMs: 5000, readCodeTwice: false });
	assert.throws(() => readAppConfig({ announceRepeatSeconds: "-1" }), /announceRepeatSeconds/);
	assert.throws(() => readAppConfig({ announceCodeTwice: "yes" }), /announceCodeTwice/);
});
