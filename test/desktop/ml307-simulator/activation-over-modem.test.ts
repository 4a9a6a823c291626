/*
 * The captured device on 4G: the activation flow runs over the simulated ML307R, whose
 * HTTP stack forwards over real HTTPS to the local emulator. The modem layer runs on
 * real timers (answers take ~1 ms); the flow and the emulator share a virtual clock.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { startEmulator, type Emulator } from "../../../desktop/emulator/server.ts";
import { VirtualClock } from "../../../desktop/node/clock.ts";
import { NvsStore } from "../../../desktop/node/nvs-store.ts";
import type { ActivationEvent } from "../../../modules/activation/events.ts";
import type { HttpRequest, HttpResult, HttpTransport } from "../../../modules/activation/interfaces.ts";
import { isFlowEvent, startDevice, type DeviceOutcome } from "../../../modules/device/device.ts";
import { nodeDeviceParts } from "../../../desktop/node/device-parts.ts";
import { bringUpModem } from "../../../modules/ml307/modem.ts";
import { createNodeSimulatedModem, nodeTimers } from "../../../desktop/ml307-simulator/node.ts";
import { createSelfDrivenModem, type ModemScript, type SimulatedModem } from "../../../desktop/ml307-simulator/index.ts";
import { NodeHttpTransport } from "../../../desktop/node/https-transport.ts";
import { buildReport } from "../../../modules/activation/report.ts";
import { profile } from "../../support/node-device.ts";

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), "utf8");

/** The captured device's status-query headers, in the core's order. */
const OTA_HEADERS: HttpRequest["headers"] = [
	["Accept-Language", "zh-CN"],
	["Activation-Version", "1"],
	["Client-Id", "e2314aed-0a16-43f0-8128-766fbd3207f2"],
	["Content-Type", "application/json"],
	["Device-Id", "94:a9:90:2c:84:b8"],
	["User-Agent", "bread-compact-ml307/2.0.4"],
];

interface Measured {
	path: string;
	hostToModem: number;
	modemToHost: number;
	result: HttpResult;
}

/** Wraps the modem transport to record the UART bytes each request (and its board-facts queries) took. */
class MeteredTransport implements HttpTransport {
	readonly measured: Measured[] = [];
	#mark = { hostToModem: 0, modemToHost: 0 };
	constructor(private readonly modem: SimulatedModem) {
		this.#mark = { ...modem.link.stats };
	}
	async request(request: HttpRequest): Promise<HttpResult> {
		const result = await this.modem.stack.http.request(request);
		const stats = this.modem.link.stats;
		this.measured.push({
			path: new URL(request.url).pathname,
			hostToModem: stats.hostToModem - this.#mark.hostToModem,
			modemToHost: stats.modemToHost - this.#mark.modemToHost,
			result,
		});
		this.#mark = { ...stats };
		return result;
	}
}

async function withModemDevice(
	options: { emulator?: Parameters<typeof startEmulator>[0]; script?: ModemScript },
	body: (context: { emulator: Emulator; modem: SimulatedModem; run: () => Promise<{ outcome: DeviceOutcome; events: ActivationEvent[]; http: MeteredTransport }> }) => Promise<void>,
): Promise<void> {
	const clock = new VirtualClock(1_000_000);
	const emulator = await startEmulator({ clock, ...options.emulator });
	const modem = createNodeSimulatedModem({ caPem: emulator.caPem, ...(options.script ? { script: options.script } : {}) });
	try {
		const up = await bringUpModem(modem.stack.modem, nodeTimers, { maxDetectRounds: 2 });
		assert.ok(up.ok, "the simulated modem comes up");
		const device = profile("captured-ml307");
		const run = async () => {
			const http = new MeteredTransport(modem);
			const events: ActivationEvent[] = [];
			// The device composition brings the modem up again (as after an ESP32 restart), then runs the flow.
			const composed = startDevice(
				nodeDeviceParts({
					profile: device,
					otaUrl: emulator.otaUrl,
					clock,
					store: new NvsStore({ initial: device.nvs }),
					network: { kind: "ml307", stack: { ...modem.stack, http } },
					bringUp: { maxDetectRounds: 2 },
					onEvent(event) {
						if (isFlowEvent(event)) events.push(event);
					},
				}),
			);
			return { outcome: await composed.run(), events, http };
		};
		await body({ emulator, modem, run });
	} finally {
		modem.stack.channel.close();
		await emulator.close();
	}
}

test("4G: the captured device activates through the simulated ML307R; its status query is the capture byte for byte", async (t) => {
	await withModemDevice({ emulator: { profile: "official", autoBindAfterMs: 6_000 } }, async ({ emulator, modem, run }) => {
		const { outcome, events, http } = await run();
		assert.equal(outcome.status, "activated");
		const first = emulator.requests[0]!;
		assert.equal(first.path, "/xiaozhi/ota/");
		assert.equal(first.body + "\n", fixture("ota-request-1.json"), "status query body through the modem equals the capture");
		assert.equal(first.headers["user-agent"], "bread-compact-ml307/2.0.4");
		assert.ok(events.some((e) => e.type === "code"));
		assert.equal(modem.simulator.liveHttpInstances, 0, "every modem HTTP instance was deleted");
		const check = http.measured.find((m) => m.path === "/xiaozhi/ota/")!;
		const activation = http.measured.find((m) => m.path === "/xiaozhi/ota/activate")!;
		assert.ok(check.hostToModem > first.body.length, "the body crossed the UART");
		t.diagnostic(`UART bytes, status query incl. board facts: ESP32→modem ${check.hostToModem}, modem→ESP32 ${check.modemToHost}`);
		t.diagnostic(`UART bytes, one activation request: ESP32→modem ${activation.hostToModem}, modem→ESP32 ${activation.modemToHost}`);
		t.diagnostic(`UART bytes, whole run (${http.measured.length} requests): ESP32→modem ${modem.link.stats.hostToModem}, modem→ESP32 ${modem.link.stats.modemToHost}`);
	});
});

test("4G: a certificate for another host fails as a TLS error from the modem (err 4)", async () => {
	await withModemDevice({}, async ({ emulator, modem }) => {
		const result = await modem.stack.http.request({
			method: "POST",
			url: emulator.wrongHostOtaUrl,
			headers: [["Content-Type", "application/json"]],
			body: "{}",
			timeoutMs: 10_000,
			maxBodyBytes: 8192,
		});
		assert.equal(result.ok, false);
		if (!result.ok) {
			assert.equal(result.failure, "tls");
			assert.match(result.detail, /modem HTTP error 4: SSL handshake failed/);
		}
		assert.equal(modem.simulator.liveHttpInstances, 0);
	});
});

test("4G: server faults come back through the modem as answers or clear failures", async () => {
	await withModemDevice({}, async ({ emulator, modem }) => {
		const ask = () =>
			modem.stack.http.request({
				method: "POST",
				url: emulator.otaUrl,
				headers: OTA_HEADERS,
				body: fixture("ota-request-1.json").trimEnd(),
				timeoutMs: 10_000,
				maxBodyBytes: 8192,
			});
		emulator.injectFault({ kind: "status", status: 500, body: "oops" });
		assert.deepEqual(await ask(), { ok: true, status: 500, body: "oops" });
		emulator.injectFault({ kind: "oversize", bytes: 20_000 });
		const big = await ask();
		assert.equal(big.ok ? "ok" : big.failure, "too-large");
		emulator.injectFault({ kind: "reset" });
		const reset = await ask();
		assert.equal(reset.ok, false, "a reset connection is a failure");
		const normal = await ask();
		assert.ok(normal.ok && normal.status === 200, JSON.stringify(normal));
		assert.equal(modem.simulator.liveHttpInstances, 0);
	});
});

test("4G: facts and a status query work when the UART delivers the modem's output 5 bytes at a time", async () => {
	const clock = new VirtualClock(1_000_000);
	const emulator = await startEmulator({ clock, profile: "official" });
	emulator.bindElsewhere("94:a9:90:2c:84:b8");
	const modem = createNodeSimulatedModem({ caPem: emulator.caPem, link: { chunkBytes: 5 } });
	try {
		assert.ok((await bringUpModem(modem.stack.modem, nodeTimers, { maxDetectRounds: 2 })).ok);
		const facts = await modem.stack.board();
		assert.equal(facts.network, "ml307");
		const result = await modem.stack.http.request({
			method: "POST",
			url: emulator.otaUrl,
			headers: OTA_HEADERS,
			body: fixture("ota-request-1.json").trimEnd(),
			timeoutMs: 10_000,
			maxBodyBytes: 8192,
		});
		assert.ok(result.ok && result.status === 200, JSON.stringify(result));
		assert.equal(emulator.requests[0]!.body, fixture("ota-request-1.json").trimEnd());
	} finally {
		modem.stack.channel.close();
		await emulator.close();
	}
});

test("4G: the self-driven modem (virtual modem time) waits for real HTTPS instead of timing out", async () => {
	const emulator = await startEmulator({ profile: "official" });
	const modem = createSelfDrivenModem({
		internet: new NodeHttpTransport({ caPem: emulator.caPem }),
		idle: () => new Promise((resolve) => setImmediate(resolve)),
		script: { http: { firstByteDelayMs: 800 } },
	});
	try {
		assert.ok((await modem.bringUp({ maxDetectRounds: 2 })).ok);
		const board = await modem.board();
		const report = buildReport(profile("captured-ml307").system, board, { uuid: "e2314aed-0a16-43f0-8128-766fbd3207f2", language: "zh-CN" });
		const result = await modem.http.request({ method: "POST", url: emulator.otaUrl, headers: OTA_HEADERS, body: report, timeoutMs: 1000, maxBodyBytes: 8192 });
		assert.ok(result.ok && result.status === 200, JSON.stringify(result));
		assert.equal(emulator.requests[0]!.body + "\n", fixture("ota-request-1.json"));
		assert.equal(modem.simulator.forwardsInFlight, 0);
	} finally {
		modem.stack.channel.close();
		await emulator.close();
	}
});
