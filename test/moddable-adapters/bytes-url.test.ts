/* UTF-8/hex helpers and the URL splitter of the Moddable adapters (pure code). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { bytesFromHex, hexFromBytes, utf8Decode, utf8Encode } from "../../modules/moddable-adapters/bytes.ts";
import { parseHttpUrl } from "../../modules/moddable-adapters/url.ts";

test("utf8Encode matches Node's encoder, including astral characters and lone surrogates", () => {
	for (const text of ["", "ascii", "中国移动", "激活码 209835", "😀x", "a\ud800b", "\udc00"]) {
		assert.deepEqual(Buffer.from(utf8Encode(text)), Buffer.from(text, "utf8"), JSON.stringify(text));
	}
});

test("utf8Decode matches Node's decoder on valid and malformed input", () => {
	const samples = [
		Buffer.from("请在xiaozhi.me输入验证码😀", "utf8"),
		Buffer.from([0xe4, 0xb8]),
		Buffer.from([0xff, 0x41]),
		Buffer.from([0xc0, 0x80]),
		Buffer.from([0xed, 0xa0, 0x80]),
		Buffer.from([0xf4, 0x90, 0x80, 0x80]),
		Buffer.from([0xe4, 0x41, 0x42]),
	];
	for (const bytes of samples) assert.equal(utf8Decode(new Uint8Array(bytes)), bytes.toString("utf8"), bytes.toString("hex"));
});

test("hex both ways", () => {
	assert.equal(hexFromBytes(new Uint8Array([0, 0xab, 0xff])), "00abff");
	assert.deepEqual([...bytesFromHex("00ABff", "x")], [0, 0xab, 0xff]);
	assert.throws(() => bytesFromHex("abc", "key"), /key is not hex/);
	assert.throws(() => bytesFromHex("zz", "key"), /key is not hex/);
});

test("parseHttpUrl splits what the HTTP client needs", () => {
	assert.deepEqual(parseHttpUrl("https://api.tenclass.net/xiaozhi/ota/"), { ok: true, target: { secure: true, host: "api.tenclass.net", port: 443, path: "/xiaozhi/ota/" } });
	assert.deepEqual(parseHttpUrl("HTTP://192.168.1.10:8002"), { ok: true, target: { secure: false, host: "192.168.1.10", port: 8002, path: "/" } });
	assert.deepEqual(parseHttpUrl("http://h?q=1"), { ok: true, target: { secure: false, host: "h", port: 80, path: "/?q=1" } });
	for (const bad of ["", "ws://h/", "https://", "https://a b/", "https://h:0/", "https://u:p@h/", "https://[::1]:443/"])
		assert.equal(parseHttpUrl(bad).ok, false, bad);
});
