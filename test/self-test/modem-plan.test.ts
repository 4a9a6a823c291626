/*
 * The self-test's modem checks over the ML307R simulator (real timers), whose HTTP stack
 * forwards over real HTTPS to the local emulator's POST /echo; and the whole plan over what a
 * host provides, a missing part making its check "needs the board".
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { startEmulator } from "../../desktop/emulator/server.ts";
import { Ml307Simulator, SerialLink } from "../../desktop/ml307-simulator/index.ts";
import { nodeTimers } from "../../desktop/ml307-simulator/node.ts";
import { NodeHttpTransport } from "../../desktop/node/https-transport.ts";
import { runChecks, type CheckResult } from "../../modules/self-test/checks.ts";
import { modemChecks, type LinkFigures } from "../../modules/self-test/modem.ts";
import { DEFAULT_ECHO_URL, readSelfTestConfig, selfTestChecks, type SelfTestParts } from "../../modules/self-test/plan.ts";
import { ECHO_BYTES } from "../../modules/self-test/echo.ts";
import { MemoryStore } from "../support/memory-store.ts";
import type { Frame } from "../../modules/screens/frame.ts";

async function withModem(body: (link: SerialLink, echoUrl: string, posts: () => number[]) => Promise<void>, script = {}): Promise<void> {
	const emulator = await startEmulator({});
	const link = new SerialLink(nodeTimers);
	new Ml307Simulator(link, nodeTimers, new NodeHttpTransport({ caPem: emulator.caPem }), { baud: 921600, ...script });
	try {
		await body(link, emulator.echoUrl, () => emulator.requests.filter((request) => request.path === "/echo").map((request) => request.body.length));
	} finally {
		await emulator.close();
	}
}

const run = (checks: ReturnType<typeof modemChecks>): Promise<CheckResult[]> => runChecks(checks, nodeTimers, () => {});

test("modem checks: brought up from 921600 to 115200, then a 4 KB echo at 115200 and at 921600", async () => {
	await withModem(async (link, echoUrl, posts) => {
		const results = await run(modemChecks({ port: link.host, timers: nodeTimers, echoUrl, bringUpMs: 20_000 }));
		assert.deepEqual(results.map((result) => [result.name, result.status]), [["modem", "pass"], ["uart 115200", "pass"], ["uart 921600", "pass"]], JSON.stringify(results));
		assert.match(results[1]!.detail, /^4096 bytes echoed at 115200 baud$/);
		assert.match(results[2]!.detail, /^4096 bytes echoed at 921600 baud$/);
		assert.deepEqual(posts(), [ECHO_BYTES, ECHO_BYTES], "two 4 KB bodies reached the echo server");
		assert.equal(link.host.baudRate, 921600, "the modem is left at the firmware's rate");
	});
});

test("modem checks: a port's figures are part of the verdict, and a loss fails it", async () => {
	await withModem(async (link, echoUrl) => {
		const base: LinkFigures = { txCapacity: 4096, maxWrite: 4096, rxCapacity: 8192, rxHighWater: 700, rxLostBytes: 0 };
		let lostLater = 0;
		let reads = 0;
		// Before each echo the port has lost nothing; read again afterwards, it has lost `lostLater`.
		const figures = (): LinkFigures => ({ ...base, rxLostBytes: reads++ % 2 === 0 ? 0 : lostLater });
		const [bringUp, at115200, at921600] = modemChecks({ port: link.host, timers: nodeTimers, echoUrl, figures, bringUpMs: 20_000 });
		assert.equal((await run([bringUp!]))[0]!.status, "pass");
		const first = (await run([at115200!]))[0]!;
		assert.equal(first.status, "pass", first.detail);
		assert.match(first.detail, /largest write 4096 of 4096, RX high water 700 of 8192, 0 bytes lost/);
		lostLater = 12;
		const second = (await run([at921600!]))[0]!;
		assert.equal(second.status, "fail");
		assert.match(second.detail, /^4096 bytes echoed at 921600 baud, but the link lost 12 bytes/);
	});
});

test("modem checks: a wrong echo is a FAIL that says where; no modem fails all three with the reason", async () => {
	await withModem(async (link, echoUrl) => {
		const wrong = echoUrl.replace("/echo", "/xiaozhi/ota/");
		const results = await run(modemChecks({ port: link.host, timers: nodeTimers, echoUrl: wrong, bringUpMs: 20_000 }));
		assert.equal(results[0]!.status, "pass");
		assert.equal(results[1]!.status, "fail");
		assert.match(results[1]!.detail, /the echo server answered 400|the echo differs from byte 0/);
	});
	await withModem(async (link, echoUrl) => {
		const results = await run(modemChecks({ port: link.host, timers: nodeTimers, echoUrl, bringUpMs: 3000 }));
		assert.deepEqual(results.map((result) => result.status), ["fail", "fail", "fail"]);
		assert.match(results[0]!.detail, /SIM|registration|stopped/i);
		assert.equal(results[1]!.detail, "the modem did not come up");
	}, { sim: "absent" });
});

test("the plan on a host with nothing but NVS: the modem, speaker, LED and button need the board", async () => {
	const parts: SelfTestParts = { timers: nodeTimers, store: new MemoryStore(), token: () => "t0k3n" };
	const results = await runChecks(selfTestChecks(parts, readSelfTestConfig({})), nodeTimers, () => {});
	assert.deepEqual(
		results.map((result) => `${result.name} ${result.status}`),
		["modem needs-board", "uart 115200 needs-board", "uart 921600 needs-board", "nvs pass", "oled needs-board", "speaker needs-board", "led needs-board", "button needs-board"],
	);
});

test("the plan with every part: pattern, tone, colours, a BOOT press, each prompted on the OLED", async () => {
	const shown: Frame[] = [];
	const calls: string[] = [];
	const parts: SelfTestParts = {
		timers: nodeTimers,
		store: new MemoryStore(),
		token: () => "t0k3n",
		screen: { show: (frame) => void shown.push(frame) },
		speaker: { tone: async (hz, ms) => void calls.push(`tone ${hz} ${ms}`) },
		led: { show: (r, g, b) => void calls.push(`led ${r} ${g} ${b}`) },
		button: { waitForPress: async (ms) => (calls.push(`wait ${ms}`), true) },
	};
	const config = readSelfTestConfig({ patternMs: 10, buttonWaitMs: 5000 });
	const results = await runChecks(selfTestChecks(parts, config).slice(3), nodeTimers, () => {});
	assert.deepEqual(results.map((result) => `${result.name} ${result.status}`), ["nvs pass", "oled pass", "speaker pass", "led pass", "button pass"]);
	assert.deepEqual(calls, ["tone 1000 500", "led 64 0 0", "led 0 64 0", "led 0 0 64", "led 0 0 0", "wait 5000"]);
	assert.equal(shown.length, 4, "the pattern, then a prompt for the speaker, the LED and the button");
	const noPress = { ...parts, button: { waitForPress: async () => false } };
	const [button] = await runChecks(selfTestChecks(noPress, config).slice(-1), nodeTimers, () => {});
	assert.deepEqual(button, { name: "button", status: "fail", detail: "no BOOT press within 5 s" });
});

test("settings: the echo URL and times from mc/config, with defaults", () => {
	assert.deepEqual(readSelfTestConfig({}), { echoUrl: DEFAULT_ECHO_URL, buttonWaitMs: 20_000, patternMs: 3000 });
	assert.deepEqual(readSelfTestConfig({ echoUrl: "https://example.net/echo", buttonWaitMs: "9000", patternMs: -1, bringUpMs: 5000 }), {
		echoUrl: "https://example.net/echo",
		buttonWaitMs: 9000,
		patternMs: 3000,
		bringUpMs: 5000,
	});
});
