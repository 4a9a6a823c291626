import { spec, assert } from "../support/spec.ts";
import { activateUrl, activationBody, checkOtaUrl, requestHeaders, urlHost, type DeviceIdentity } from "activation/request";
import { splitHttpUrl } from "activation/url-text";

const v1: DeviceIdentity = {
	deviceId: "94:a9:90:2c:84:b8",
	clientId: "e2314aed-0a16-43f0-8128-766fbd3207f2",
	boardName: "bread-compact-ml307",
	appVersion: "2.0.4",
	language: "zh-CN",
};

spec("request: v1 headers in the firmware's wire order", () => {
	assert.deepEqual(requestHeaders(v1), [
		["Accept-Language", "zh-CN"],
		["Activation-Version", "1"],
		["Client-Id", "e2314aed-0a16-43f0-8128-766fbd3207f2"],
		["Content-Type", "application/json"],
		["Device-Id", "94:a9:90:2c:84:b8"],
		["User-Agent", "bread-compact-ml307/2.0.4"],
	]);
});

spec("request: a serial number makes Activation-Version 2 and adds Serial-Number before User-Agent", () => {
	const names = requestHeaders({ ...v1, serialNumber: "SN-1" }).map(([name, value]) => `${name}=${value}`);
	assert.deepEqual(names.slice(1, 2), ["Activation-Version=2"]);
	assert.deepEqual(names.slice(5), ["Serial-Number=SN-1", "User-Agent=bread-compact-ml307/2.0.4"]);
});

spec("request: activate URL has exactly one slash before activate", () => {
	assert.equal(activateUrl("https://api.tenclass.net/xiaozhi/ota/"), "https://api.tenclass.net/xiaozhi/ota/activate");
	assert.equal(activateUrl("http://192.168.1.5:8002/xiaozhi/ota"), "http://192.168.1.5:8002/xiaozhi/ota/activate");
});

spec("request: v1 body is {} and v2 body is the signed object in order", () => {
	assert.equal(activationBody(undefined, "c", undefined), "{}");
	assert.equal(
		activationBody("SN-1", "7c69ff8d", "ab".repeat(32)),
		`{"algorithm":"hmac-sha256","serial_number":"SN-1","challenge":"7c69ff8d","hmac":"${"ab".repeat(32)}"}`,
	);
});

spec("request: a failed signature falls back to {} like the firmware", () => {
	assert.equal(activationBody("SN-1", "c", undefined), "{}");
});

spec("request: OTA URL problems are named", () => {
	assert.equal(checkOtaUrl("https://api.tenclass.net/xiaozhi/ota/"), undefined);
	assert.equal(checkOtaUrl("http://x"), "too-short");
	assert.equal(checkOtaUrl("ftp://example.com/ota/"), "scheme");
	assert.equal(urlHost("https://127.0.0.1:8443/xiaozhi/ota/"), "127.0.0.1:8443");
});

spec("request: one URL splitter for every client (scheme, authority, path and query, no fragment)", () => {
	assert.deepEqual(splitHttpUrl("HTTPS://u:p@h:8443?q=1#frag"), { scheme: "https", authority: "u:p@h:8443", path: "/?q=1" });
	assert.deepEqual(splitHttpUrl("http://h"), { scheme: "http", authority: "h", path: "/" });
	assert.deepEqual(splitHttpUrl("https:///x"), { scheme: "https", authority: "", path: "/x" });
	assert.equal(splitHttpUrl("ftp://h/"), undefined);
	assert.equal(checkOtaUrl("https:///xiaozhi/ota/"), "scheme", "no host at all");
	assert.equal(checkOtaUrl("HTTPS://api.tenclass.net/"), "scheme", "the firmware's client wants a lower-case scheme");
	assert.equal(checkOtaUrl("https://:8443/xiaozhi/"), "host");
});
