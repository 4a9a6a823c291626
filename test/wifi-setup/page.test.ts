/*
 * The setup page as a file: one file of at most 16 KB, nothing fetched from elsewhere (the
 * phone has no internet while it is on the hotspot), and words in zh-CN and en-US for every
 * reason the API gives. How it looks and works: test/desktop/runner/browser/wifi-setup-page.test.ts.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { JOIN_FAILURE_MESSAGES } from "../../modules/wifi-setup/join.ts";
import { CREDENTIALS_MESSAGES } from "../../modules/wifi-setup/credentials.ts";

const page = readFileSync(new URL("../../modules/wifi-setup/wifi-setup.html", import.meta.url), "utf8");
const bytes = Buffer.byteLength(page);

test(`the page is one file of at most 16 KB (${bytes} bytes)`, () => {
	console.log(`wifi-setup.html: ${bytes} bytes`);
	assert.ok(bytes <= 16 * 1024);
});

test("the page loads nothing from anywhere: no src, link, import or url(); the only URL is the OTA field's example", () => {
	assert.doesNotMatch(page, /\ssrc\s*=/i);
	assert.doesNotMatch(page, /<link\b/i);
	assert.doesNotMatch(page, /@import|url\(/i);
	const urls = page.match(/https?:\/\/[^\s"'<]+/g) ?? [];
	assert.deepEqual(urls, ["https://api.tenclass.net/xiaozhi/ota/"]);
});

test("every reason the API gives has words in both languages, and both languages have the same words", () => {
	const start = page.indexOf("var W = ");
	const end = page.indexOf("};", start) + 1;
	const words = new Function(`return ${page.slice(start + "var W = ".length, end)};`)() as Record<string, Record<string, string>>;
	const zh = words["zh-CN"]!;
	const en = words["en-US"]!;
	assert.deepEqual(Object.keys(zh).sort(), Object.keys(en).sort());
	const reasons = [...Object.keys(JOIN_FAILURE_MESSAGES), ...Object.keys(CREDENTIALS_MESSAGES), "busy", "bad-index", "bad-ota-url", "storage"];
	for (const reason of reasons) {
		assert.ok(zh[reason], `zh-CN words for ${reason}`);
		assert.ok(en[reason], `en-US words for ${reason}`);
	}
	assert.match(zh.title!, /[\u4e00-\u9fff]/);
});
