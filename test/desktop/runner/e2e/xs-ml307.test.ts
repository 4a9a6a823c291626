/*
 * End to end in 4G mode: the device core and the simulated ML307R (AT driver, serial
 * peer, modem HTTP stack) run inside the real XS engine; the modem's "internet" is real
 * HTTPS to the embedded emulator. Device and emulator share one virtual clock; the modem
 * runs on its own virtual clock inside XS.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { VirtualClock } from "../../../../desktop/node/clock.ts";
import { loadDeviceProfile } from "../../../../desktop/node/device-profile.ts";
import { NvsStore } from "../../../../desktop/node/nvs-store.ts";
import {
	ModemNotRespondingError,
	runDeviceOnXs,
	type DeviceRunResult,
	type ModemStatusChange,
	type RunDeviceOptions,
} from "../../../../desktop/runner/run-device.ts";
import { startEmulator, type Emulator, type EmulatorOptions, type RecordedRequest } from "../../../../desktop/emulator/server.ts";
import { runCli as cli } from "../../../support/cli.ts";

const FIXTURE_1 = readFileSync(new URL("../../../fixtures/ota-request-1.json", import.meta.url), "utf8").replace(/\n$/, "");
const NO_SIM = "请插入 SIM 卡";
const DENIED = "无法接入网络，请检查流量卡状态";

interface Run {
	readonly result: DeviceRunResult;
	readonly requests: readonly RecordedRequest[];
	readonly statuses: readonly ModemStatusChange[];
}

async function activateOverModem(
	modem: Pick<RunDeviceOptions, "modemScript" | "modemRecoversAfterMs" | "signal"> & {
		onStatus?: (change: ModemStatusChange) => void;
		before?: (emulator: Emulator) => void;
	} = {},
	emulatorOptions: EmulatorOptions = { profile: "official", autoBindAfterMs: 6_000, holdActivateMs: 25_000 },
): Promise<Run> {
	const clock = new VirtualClock(0);
	const emulator: Emulator = await startEmulator({ ...emulatorOptions, clock });
	const profile = loadDeviceProfile();
	const statuses: ModemStatusChange[] = [];
	// A modem that never comes up loops forever, as the firmware does: stop it so a broken run fails fast.
	const stopper = new AbortController();
	modem.signal?.addEventListener("abort", () => stopper.abort(), { once: true });
	try {
		modem.before?.(emulator);
		const result = await runDeviceOnXs({
			profile,
			otaUrl: emulator.otaUrl,
			caPem: emulator.caPem,
			clock,
			store: new NvsStore({ initial: profile.nvs }),
			network: "ml307",
			...(modem.modemScript ? { modemScript: modem.modemScript } : {}),
			...(modem.modemRecoversAfterMs !== undefined ? { modemRecoversAfterMs: modem.modemRecoversAfterMs } : {}),
			signal: stopper.signal,
			onModemStatus: (change) => {
				statuses.push(change);
				if (change.atMs > 120_000) stopper.abort();
				modem.onStatus?.(change);
			},
		});
		return { result, requests: [...emulator.requests], statuses };
	} finally {
		await emulator.close();
	}
}

test("4G on XS: the captured device activates through the simulated ML307R; the status query is the capture byte for byte", async (t) => {
	const { result, requests, statuses } = await activateOverModem();
	assert.equal(result.outcome.status, "activated");
	assert.deepEqual(statuses.map((s) => s.status), ["detecting", "registering", "ready"]);
	assert.deepEqual(requests.map((r) => [r.path, r.status]), [["/xiaozhi/ota/", 200], ["/xiaozhi/ota/activate", 200], ["/xiaozhi/ota/", 200]]);
	const [check] = requests as [RecordedRequest];
	assert.equal(check.body, FIXTURE_1, "board facts answered by the simulated modem, body through AT+MHTTP: the capture");
	assert.equal(check.headers["user-agent"], "bread-compact-ml307/2.0.4");
	assert.equal(check.headers["client-id"], "e2314aed-0a16-43f0-8128-766fbd3207f2");
	assert.ok(result.events.some((e) => e.type === "code"));

	const modem = result.modem!;
	const uart = result.meter.uartBytes!;
	assert.deepEqual(uart, modem.traffic.total);
	assert.ok(modem.traffic.bringUp.toModem > 0 && modem.traffic.bringUp.fromModem > 0, "bring-up talked over the UART");
	assert.deepEqual(modem.traffic.requests.map((r) => [r.path, r.result]), [["/xiaozhi/ota/", 200], ["/xiaozhi/ota/activate", 200], ["/xiaozhi/ota/", 200]]);
	const first = modem.traffic.requests[0]!;
	assert.ok(first.toModem > Buffer.byteLength(FIXTURE_1), `the body crossed the UART (${first.toModem} bytes to the modem)`);
	assert.ok(first.fromModem > Buffer.byteLength(check.responseBody), "the answer came back over the UART");
	assert.ok(modem.traffic.boardFacts.toModem > 0 && modem.traffic.boardFacts.fromModem > 0, "board facts were asked of the modem");
	const parts = [modem.traffic.bringUp, modem.traffic.boardFacts, ...modem.traffic.requests];
	const sum = parts.reduce((total, part) => ({ toModem: total.toModem + part.toModem, fromModem: total.fromModem + part.fromModem }), { toModem: 0, fromModem: 0 });
	assert.deepEqual(sum, uart, "bring-up, board facts and requests account for every UART byte");
	assert.ok(modem.traffic.atCommands > 10);
	t.diagnostic(`UART bytes, whole activation on XS: ESP32→modem ${uart.toModem}, modem→ESP32 ${uart.fromModem} (${modem.traffic.atCommands} AT commands)`);
	t.diagnostic(`  bring-up: →${modem.traffic.bringUp.toModem} ←${modem.traffic.bringUp.fromModem}`);
	t.diagnostic(`  board facts (each status query): →${modem.traffic.boardFacts.toModem} ←${modem.traffic.boardFacts.fromModem}`);
	for (const r of modem.traffic.requests) t.diagnostic(`  ${r.method} ${r.path} → ${r.result}: →${r.toModem} ←${r.fromModem}`);
	t.diagnostic(`XS computrons ${result.meter.computrons}`);
});

test("4G on XS: no SIM shows 请插入 SIM 卡 every 10 s of device time; once inserted the device activates", async () => {
	const { result, requests, statuses } = await activateOverModem({ modemScript: { sim: "absent" }, modemRecoversAfterMs: 25_000 });
	const noSim = statuses.filter((s) => s.status === "no-sim");
	assert.deepEqual(noSim.map((s) => s.atMs), [0, 10_000, 20_000], "retried every 10 s until the SIM is in");
	for (const s of noSim) {
		assert.equal(s.message, NO_SIM);
		assert.match(s.detail, /\+CME ERROR: 10/);
	}
	assert.deepEqual(statuses.at(-1), { status: "ready", detail: "10.81.41.153", message: "", atMs: 30_000 });
	assert.ok(result.logs.some((l) => l.level === "warn" && l.message.includes(NO_SIM)), "the official text is in the device log");
	assert.equal(result.outcome.status, "activated");
	assert.equal(requests[0]!.at, 30_000, "no request before the modem was ready");
	assert.equal(requests[0]!.body, FIXTURE_1);
});

test("4G on XS: registration denied shows 无法接入网络，请检查流量卡状态, then the network accepts and the device activates", async () => {
	const { result, requests, statuses } = await activateOverModem({ modemScript: { registration: "denied" }, modemRecoversAfterMs: 10_000 });
	const denied = statuses.filter((s) => s.status === "registration-denied");
	assert.deepEqual(denied.map((s) => [s.atMs, s.message]), [[0, DENIED]]);
	assert.equal(statuses.at(-1)!.status, "ready");
	assert.equal(statuses.at(-1)!.atMs, 10_000);
	assert.ok(result.logs.some((l) => l.message.includes(DENIED)));
	assert.equal(result.outcome.status, "activated");
	assert.equal(requests[0]!.body, FIXTURE_1, "the cell facts come from the registration the network granted");
});

test("4G on XS: modem HTTP error 4 (SSL handshake) is a tls check failure; the device recovers after the 10 s back-off", async () => {
	const { result, requests } = await activateOverModem({ modemScript: { http: { errBeforeHeader: 4 } }, modemRecoversAfterMs: 5_000 });
	const failed = result.events.find((e) => e.type === "check-failed");
	assert.equal(failed?.type === "check-failed" && failed.reason.kind, "tls");
	assert.match(failed?.type === "check-failed" ? failed.reason.detail : "", /modem HTTP error 4: SSL handshake failed/);
	assert.equal(result.outcome.status, "activated");
	assert.equal(requests[0]!.at, 10_000, "the failed attempt never reached the server; the retry went after 10 s");
	assert.equal(requests[0]!.body, FIXTURE_1);
	assert.deepEqual(result.modem!.traffic.requests.map((r) => r.result), ["tls", 200, 200, 200]);
});

test("4G on XS: a server slower than 30 s of device time is a timeout, though the modem got the late answer; then activation", async () => {
	const { result, requests } = await activateOverModem({ before: (emulator) => emulator.injectFault({ kind: "delay", ms: 31_000 }, { path: "check", times: 1 }) });
	const failed = result.events.find((e) => e.type === "check-failed");
	assert.equal(failed?.type === "check-failed" && failed.reason.kind, "timeout");
	assert.equal(result.outcome.status, "activated");
	assert.equal(requests[1]!.at - requests[0]!.at, 41_000, "31 s of delay, then the 10 s back-off");
});

test("4G on XS: a stop while the SIM is missing ends the bring-up with outcome stopped", async () => {
	const controller = new AbortController();
	const { result, requests, statuses } = await activateOverModem({
		modemScript: { sim: "absent" },
		signal: controller.signal,
		onStatus: (change) => {
			if (change.status === "no-sim" && change.atMs >= 20_000) controller.abort();
		},
	});
	assert.equal(result.outcome.status, "stopped");
	assert.equal(requests.length, 0);
	assert.equal(statuses.filter((s) => s.status === "no-sim").length, 3);
	assert.ok(result.meter.uartBytes!.toModem > 0);
});

test("4G on XS: a modem that never answers is 模组初始化失败 (ModemNotRespondingError)", async () => {
	const statuses: string[] = [];
	await assert.rejects(
		activateOverModem({ modemScript: { silentAfterCommands: 0 }, onStatus: (change) => statuses.push(change.status) }),
		(error: unknown) => error instanceof ModemNotRespondingError && /Modem initialization failed: modem not detected after 30 rounds/.test(error.message),
	);
	assert.deepEqual(statuses, ["detecting", "not-responding"]);
});

test("modem options need network ml307", async () => {
	await assert.rejects(
		runDeviceOnXs({ profile: loadDeviceProfile(), modemScript: { sim: "absent" } }),
		/modemScript, modemRecoversAfterMs and onModemStatus need network: "ml307"/,
	);
});

// ---- the CLI: bin/xiaozhi-activate.js --network ml307, as a user runs it ----------------


test("CLI --network ml307: a line per modem state (请插入 SIM 卡 each retry), activation, UART bytes", async () => {
	const { code, stdout, stderr } = await cli(["--network", "ml307", "--virtual-time", "--auto-bind", "5", "--modem-script", '{"sim":"absent"}', "--modem-recovers-after", "25"]);
	assert.equal(code, 0, stderr);
	assert.match(stdout, /on the XS engine, 4G through the simulated ML307R \(virtual time\)/);
	const modemLines = stdout.split("\n").filter((line) => line.startsWith("Modem: "));
	assert.deepEqual(modemLines, [
		"Modem: 检测模组...",
		"Modem: 等待网络...",
		...Array<string>(3).fill("Modem: 请插入 SIM 卡 (SIM card not inserted (+CME ERROR: 10)); retry in 10 s"),
		"Modem: ready, IP 10.81.41.153",
	]);
	assert.match(stdout, /Activated: the code was entered\./);
	const uart = /UART: ESP32→modem (\d+) bytes, modem→ESP32 (\d+) bytes \((\d+) AT commands\)/.exec(stdout);
	assert.ok(uart && Number(uart[1]) > 1000 && Number(uart[2]) > 1000, stdout);
});

test("CLI --network ml307 --json: modem states and the UART bytes in the outcome", async () => {
	const { code, stdout, stderr } = await cli(["--network", "ml307", "--json", "--virtual-time", "--auto-bind", "1", "--modem-script", '{"registration":"denied"}', "--modem-recovers-after", "5"]);
	assert.equal(code, 0, stderr);
	const lines = stdout.trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
	const modem = lines.filter((line) => line.type === "modem");
	assert.deepEqual(modem.map((line) => line.status), ["detecting", "registering", "registration-denied", "registering", "ready"]);
	assert.equal(modem[2]!.message, DENIED);
	const outcome = lines.at(-1)! as { type: string; outcome: { status: string }; meter: { uartBytes: { toModem: number; fromModem: number } } };
	assert.equal(outcome.type, "outcome");
	assert.equal(outcome.outcome.status, "activated");
	assert.ok(outcome.meter.uartBytes.toModem > 0 && outcome.meter.uartBytes.fromModem > 0);
});

test("CLI: a modem that never answers exits 1 with 模组初始化失败", async () => {
	const { code, stdout, stderr } = await cli(["--network", "ml307", "--virtual-time", "--modem-script", '{"silentAfterCommands":0}']);
	assert.equal(code, 1);
	assert.match(stdout, /Modem: 模组初始化失败 \(modem not detected after 30 rounds/);
	assert.match(stderr, /^not activated: Modem initialization failed/m);
});

test("CLI: bad --network usage exits 2 with the reason", async () => {
	const cases: Promise<void>[] = [];
	for (const [args, reason] of [
		[["--network", "lte"], /--network must be ml307 or wifi/],
		[["--modem-script", "{}"], /--modem-script and --modem-recovers-after go with --network ml307/],
		[["--network", "ml307", "--modem-script", "{sim"], /--modem-script is not JSON/],
		[["--network", "ml307", "--modem-script", "[1]"], /--modem-script must be a JSON object/],
		[["--network", "ml307", "--modem-recovers-after", "soon"], /--modem-recovers-after must be a number of seconds >= 0/],
		[["--network", "wifi"], /--network wifi needs a Wi-Fi profile/],
	] as const) {
		cases.push(
			cli([...args]).then(({ code, stderr }) => {
				assert.equal(code, 2, `${args.join(" ")}: ${stderr}`);
				assert.match(stderr, reason);
			}),
		);
	}
	await Promise.all(cases);
});
