/* The Wi-Fi network stack: join on first use, shared join, failure as no-network and retry. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { wifiNetworkStack } from "../../modules/moddable-adapters/wifi-stack.ts";
import type { BoardFacts, HttpRequest, HttpResult } from "../../modules/activation/interfaces.ts";

const request: HttpRequest = { method: "POST", url: "https://api.tenclass.net/xiaozhi/ota/", headers: [], body: "{}", timeoutMs: 1000, maxBodyBytes: 100 };
const facts: BoardFacts = { network: "wifi", type: "t", name: "n", provisioning: false, ssid: "lab", rssi: -50, channel: 6, ip: "10.0.0.2" };

function parts(joins: (() => Promise<void>)[]) {
	const sent: HttpRequest[] = [];
	let joinCalls = 0;
	return {
		sent,
		joinCalls: () => joinCalls,
		stack: wifiNetworkStack({
			join: () => joins[joinCalls++]!(),
			transport: { request: async (r): Promise<HttpResult> => (sent.push(r), { ok: true, status: 200, body: "{}" }) },
			facts: () => facts,
		}),
	};
}

test("joins once on first use, shared by concurrent callers", async () => {
	let release: () => void = () => {};
	const fixture = parts([() => new Promise<void>((resolve) => (release = resolve))]);
	const board = fixture.stack.board();
	const answer = fixture.stack.http.request(request);
	release();
	assert.deepEqual(await board, facts);
	assert.deepEqual(await answer, { ok: true, status: 200, body: "{}" });
	await fixture.stack.http.request(request);
	assert.equal(fixture.joinCalls(), 1);
	assert.equal(fixture.sent.length, 2);
});

test("a failed join answers no-network (never rejects), and the next use joins again", async () => {
	const fixture = parts([() => Promise.reject(new Error('Wi-Fi: no IP address from "lab" within 30 s')), () => Promise.resolve()]);
	assert.deepEqual(await fixture.stack.http.request(request), { ok: false, failure: "no-network", detail: 'Wi-Fi: no IP address from "lab" within 30 s' });
	assert.equal(fixture.sent.length, 0, "nothing is sent without a network");
	assert.deepEqual(await fixture.stack.board(), facts);
	assert.equal(fixture.joinCalls(), 2);
});

test("board facts reject with the join's error", async () => {
	const fixture = parts([() => Promise.reject(new Error("Wi-Fi mode but no ssid configured"))]);
	await assert.rejects(fixture.stack.board(), /no ssid configured/);
});
