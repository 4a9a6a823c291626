/* Which OTA URL a run uses (the firmware's rule), and which hosts virtual time may poll. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { chooseOtaUrl, isLoopbackUrl, otaUrlLine } from "../../../desktop/runner/ota-url-choice.ts";

test("a non-empty stored URL wins over the flag; an empty one does not", () => {
	assert.deepEqual(chooseOtaUrl("http://10.0.0.2:8003/xiaozhi/ota/", "https://a/"), { source: "stored", url: "http://10.0.0.2:8003/xiaozhi/ota/", flagUrl: "https://a/" });
	assert.deepEqual(chooseOtaUrl("", "https://a/"), { source: "flag", url: "https://a/" });
	assert.deepEqual(chooseOtaUrl(7, undefined), { source: "emulator" });
});

test("the first line names the URL, where it came from, and never its userinfo or controls", () => {
	assert.equal(otaUrlLine({ source: "flag", url: "https://u:p@h/x/" }, undefined), "OTA URL https://h/x/ (from --ota-url; its user:password part is not shown)");
	assert.equal(
		otaUrlLine({ source: "stored", url: "http://h/\u001b[2J/", flagUrl: "https://a/" }, "nvs.json"),
		"OTA URL http://h/\\x1b[2J/ (stored in NVS wifi/ota_url in nvs.json; as in the firmware it wins over --ota-url https://a/; --forget-ota-url erases it)",
	);
	assert.equal(otaUrlLine({ source: "emulator" }, undefined), undefined);
});

test("loopback hosts only", () => {
	for (const url of ["http://127.0.0.1:8003/", "https://localhost/x", "http://[::1]:80/", "http://127.1.2.3/"]) assert.equal(isLoopbackUrl(url), true, url);
	for (const url of ["https://api.tenclass.net/xiaozhi/ota/", "http://192.168.1.5:8003/", "http://127.0.0.1.example.com/", "nonsense"]) assert.equal(isLoopbackUrl(url), false, url);
});
