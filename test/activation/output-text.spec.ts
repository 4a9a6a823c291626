import { spec, assert } from "../support/spec.ts";
import { urlHost } from "activation/request";
import { SERVER_MESSAGE_MAX, serverMessageOf, withServerMessage } from "activation/server-message";
import { urlHasUserinfo, urlWithoutUserinfo } from "activation/url-text";

spec("url-text: userinfo is dropped, everything else kept", () => {
	assert.equal(urlWithoutUserinfo("https://user:pass@ota.example:8443/xiaozhi/ota/?a=1#f"), "https://ota.example:8443/xiaozhi/ota/?a=1#f");
	assert.equal(urlWithoutUserinfo("HTTP://token@10.0.0.2/xiaozhi/ota"), "HTTP://10.0.0.2/xiaozhi/ota");
	assert.equal(urlWithoutUserinfo("http://a:b@c@host/"), "http://host/");
	assert.equal(urlWithoutUserinfo("https://api.tenclass.net/xiaozhi/ota/"), "https://api.tenclass.net/xiaozhi/ota/");
	assert.equal(urlWithoutUserinfo("https://host/path@not-userinfo"), "https://host/path@not-userinfo");
	assert.equal(urlWithoutUserinfo("not a url"), "not a url");
	assert.equal(urlHasUserinfo("https://u:p@h/"), true);
	assert.equal(urlHasUserinfo("https://h/"), false);
});

spec("request: urlHost never shows the userinfo", () => {
	assert.equal(urlHost("https://user:secret@127.0.0.1:8443/xiaozhi/ota/"), "127.0.0.1:8443");
});

spec("server-message: message, msg or error of a JSON body; title of HTML; short text", () => {
	assert.equal(serverMessageOf('{"code":401,"message":"Device not registered: check the token"}'), "Device not registered: check the token");
	assert.equal(serverMessageOf('{"code":500,"msg":"database\\nunavailable"}'), "database unavailable");
	assert.equal(serverMessageOf('{"error":"Invalid OTA request"}'), "Invalid OTA request");
	assert.equal(serverMessageOf('{"MESSAGE":"case does not matter"}'), "case does not matter");
	assert.equal(serverMessageOf("<html><head><title>404 Not Found</title></head><body>nginx</body></html>"), "404 Not Found");
	assert.equal(serverMessageOf("Not Found\n"), "Not Found");
	assert.equal(serverMessageOf(""), undefined);
	assert.equal(serverMessageOf('{"code":404}'), undefined);
	assert.equal(serverMessageOf("x".repeat(500)), undefined, "a long text body is no message");
	const long = serverMessageOf(`{"message":"${"y".repeat(400)}"}`)!;
	assert.equal(long.length, SERVER_MESSAGE_MAX);
	assert.ok(long.endsWith("…"));
	assert.equal(serverMessageOf("[".repeat(8000)), undefined, "deep nesting costs nothing: no parse");
	assert.equal(serverMessageOf('{"message":"\\u001b]0;title\\u0007"}'), "\u001b]0;title\u0007", "control characters are left for the output layer");
});

spec("server-message: only http-status reasons get the excerpt", () => {
	assert.deepEqual(withServerMessage({ kind: "http-status", status: 401, detail: "HTTP 401" }, '{"message":"no"}'), {
		kind: "http-status",
		status: 401,
		detail: "HTTP 401",
		serverMessage: "no",
	});
	assert.deepEqual(withServerMessage({ kind: "http-status", status: 404, detail: "HTTP 404" }, ""), { kind: "http-status", status: 404, detail: "HTTP 404" });
	assert.deepEqual(withServerMessage({ kind: "bad-json", detail: "x" }, '{"message":"m"}'), { kind: "bad-json", detail: "x" });
});
