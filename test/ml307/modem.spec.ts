import { spec, assert, fixture } from "../support/spec.ts";
import { buildReport } from "activation/report";
import { MODEM_MESSAGES } from "ml307/messages";
import { storedNetworkType, storeNetworkType, chooseNetwork, type NetworkStack } from "device/network-choice";
import type { KeyValueStore, StoredValue, SystemFacts } from "activation/interfaces";
import { CAPTURED_MODEM_FACTS, createSelfDrivenModem } from "../../desktop/ml307-simulator/index.ts";
import { setUp, otaRequest, StandInInternet } from "../support/modem-simulator.ts";

const CAPTURED_BOARD = {
	network: "ml307",
	type: "bread-compact-ml307",
	name: "bread-compact-ml307",
	revision: "ML307R-DL-MBRH0S00",
	carrier: "CHINA MOBILE",
	csq: 24,
	imei: "869663071312008",
	iccid: "898604670224D0049048",
	cereg: { stat: 1, tac: "2490", ci: "015B290F", AcT: 7 },
};

function commandsOf(sim: { commands: readonly { command: string }[] }): string[] {
	return sim.commands.map((entry) => entry.command);
}

spec("ml307 modem: bring-up follows the firmware's sequence and ends ready", async () => {
	const s = setUp();
	const result = await s.run(s.bringUp());
	assert.deepEqual(result, { ok: true, revision: "ML307R-DL-MBRH0S00" });
	assert.deepEqual(
		s.statuses.map((e) => e.status),
		["detecting", "registering", "ready"],
	);
	assert.deepEqual(commandsOf(s.simulator), [
		"AT", // heard only at 921600: the probe at 115200 is lost
		"AT+CGMR",
		"ATE0",
		"AT+CMEE=1",
		"AT+MHTTPDEL=0",
		"AT+MHTTPDEL=1",
		"AT+MHTTPDEL=2",
		"AT+MHTTPDEL=3",
		"AT+CPIN?",
		"AT+CEREG=2",
		"AT+CEREG?",
		"AT+MIPCALL?",
		"AT+CGSN=1",
		"AT+ICCID",
	]);
	assert.equal(s.link.host.baudRate, 921600);
	assert.equal(s.stack.modem.networkReady, true);
	assert.equal(s.stack.modem.ip, "10.81.41.153");
});

spec("ml307 modem: board facts are the captured device's, queried in the firmware's order", async () => {
	const s = setUp();
	await s.run(s.bringUp());
	const before = s.simulator.commands.length;
	const facts = await s.run(s.stack.board());
	assert.deepEqual(facts, CAPTURED_BOARD);
	assert.deepEqual(commandsOf(s.simulator).slice(before), ["AT+COPS?", "AT+CSQ", "AT+ICCID", "AT+CEREG?"]);
});

spec("ml307 modem: a modem at 115200 is found and moved to 921600 with AT+IPR", async () => {
	const s = setUp({ baud: 115200 });
	const result = await s.run(s.bringUp());
	assert.ok(result.ok);
	assert.deepEqual(commandsOf(s.simulator).slice(0, 3), ["AT", "AT+IPR=921600", "AT+CGMR"]);
	assert.equal(s.simulator.baud, 921600);
	assert.equal(s.link.host.baudRate, 921600);
});

spec("ml307 modem: every part of bring-up and facts survives 1-, 3- and 7-byte UART chunks", async () => {
	for (const chunkBytes of [1, 3, 7]) {
		const s = setUp({}, { chunkBytes });
		assert.ok((await s.run(s.bringUp())).ok, `chunks of ${chunkBytes}`);
		assert.deepEqual(await s.run(s.stack.board()), CAPTURED_BOARD, `chunks of ${chunkBytes}`);
	}
});

spec("ml307 modem: no SIM shows 请插入 SIM 卡 and is retried every 10 s", async () => {
	const s = setUp({ sim: "absent" });
	let stop = false;
	const running = s.bringUp({ stopped: () => stop });
	await s.clock.advance(35_000);
	stop = true;
	const result = await s.run(running);
	assert.deepEqual(result.ok ? "ok" : result.status, "stopped");
	const noSim = s.statuses.filter((e) => e.status === "no-sim");
	assert.ok(noSim.length >= 3, `no-sim reported ${noSim.length} times`);
	for (let i = 1; i < noSim.length; i++) {
		const gap = noSim[i]!.at - noSim[i - 1]!.at;
		assert.ok(gap >= 10_000 && gap < 10_100, `retry gap ${gap} ms`);
	}
	assert.equal(MODEM_MESSAGES["no-sim"].zh, "请插入 SIM 卡");
	assert.equal(s.stack.modem.networkReady, false);
	// The cause is typed where the modem knows it, for the screen: no words matched.
	assert.equal(s.stack.modem.noNetworkCause, "no-sim");
	const refused = await s.run(s.stack.http.request(otaRequest()));
	assert.deepEqual(refused.ok ? "ok" : [refused.failure, refused.cause], ["no-network", "no-sim"]);
});

spec("ml307 modem: registration denied shows 无法接入网络 and recovers when the network accepts", async () => {
	const s = setUp({ registration: "denied" });
	const running = s.bringUp();
	await s.clock.advance(15_000);
	const denied = s.statuses.filter((e) => e.status === "registration-denied");
	assert.equal(denied.length, 2, "denied at once and again after 10 s");
	assert.equal(MODEM_MESSAGES["registration-denied"].zh, "无法接入网络，请检查流量卡状态");
	s.simulator.setRegistration(1);
	const result = await s.run(running);
	assert.ok(result.ok);
	assert.equal(s.statuses[s.statuses.length - 1]!.status, "ready");
});

spec("ml307 modem: a slow registration completes on the +CEREG URC, before the next poll", async () => {
	const s = setUp({ registration: { registerAfterMs: 1500 } });
	const result = await s.run(s.bringUp());
	assert.ok(result.ok);
	const ready = s.statuses.find((e) => e.status === "ready")!;
	assert.ok(ready.at >= 1500 && ready.at < 1600, `ready at ${ready.at} ms`);
	assert.equal(s.stack.modem.registration.ci, "015B290F");
});

spec("ml307 modem: a network that never registers is reported as still registering, then retried", async () => {
	const s = setUp({ registration: "searching" });
	let stop = false;
	const running = s.bringUp({ stopped: () => stop });
	await s.clock.advance(75_000);
	stop = true;
	const result = await s.run(running);
	assert.equal(result.ok ? "ok" : result.status, "stopped");
	const waits = s.statuses.filter((e) => e.status === "registering");
	assert.ok(waits.length >= 3, "a fresh round after the first one timed out");
	assert.match(waits[1]!.detail, /not registered after 60000 ms \(CEREG stat 2\)/);
	assert.equal(waits[2]!.at - waits[1]!.at, 10_000, "the next round starts 10 s later");
});

spec("ml307 modem: a SIM still busy at boot (+CME ERROR: 14) is waited for", async () => {
	const s = setUp({ sim: { busyTimes: 3 } });
	assert.ok((await s.run(s.bringUp())).ok);
	assert.equal(commandsOf(s.simulator).filter((c) => c === "AT+CPIN?").length, 4);
	assert.ok(!s.statuses.some((e) => e.status === "no-sim"));
});

spec("ml307 modem: weak and unknown signal are reported as the modem gives them", async () => {
	const s = setUp({ facts: { csq: 5 } });
	await s.run(s.bringUp());
	const weak = await s.run(s.stack.board());
	assert.equal(weak.network === "ml307" ? weak.csq : undefined, 5);
	s.simulator.setSignal(99);
	const unknown = await s.run(s.stack.board());
	assert.equal(unknown.network === "ml307" ? unknown.csq : undefined, 99);
});

spec("ml307 modem: csq stays -1 when AT+CSQ never answers in time", async () => {
	const s = setUp({ slowCommands: [{ prefix: "AT+CSQ", delayMs: 500 }] });
	await s.run(s.bringUp());
	const facts = await s.run(s.stack.board());
	assert.equal(facts.network === "ml307" ? facts.csq : undefined, -1);
	assert.equal(facts.network === "ml307" ? facts.iccid : undefined, CAPTURED_MODEM_FACTS.iccid, "the late OK did not derail AT+ICCID");
});

spec("ml307 modem: a URC in the middle of a response and a cell change update the facts", async () => {
	const s = setUp({ urcsDuringResponse: [{ prefix: "AT+CSQ", line: '+CEREG: 1,"2490","0A80AD0D",7' }] });
	await s.run(s.bringUp());
	const facts = await s.run(s.stack.board());
	assert.equal(facts.network === "ml307" ? facts.csq : -2, 24);
	s.simulator.setRegistration(1, "0A80AD0D");
	await s.clock.advance(10);
	assert.equal(s.stack.modem.registration.ci, "0A80AD0D");
	const after = await s.run(s.stack.board());
	assert.deepEqual(after.network === "ml307" ? after.cereg : undefined, { stat: 1, tac: "2490", ci: "0A80AD0D", AcT: 7 });
});

spec("ml307 modem: a modem that never answers is reported as not responding", async () => {
	const s = setUp({ silentAfterCommands: 0 });
	const result = await s.run(s.bringUp({ maxDetectRounds: 3 }));
	assert.equal(result.ok ? "ok" : result.status, "not-responding");
	assert.equal(s.statuses[s.statuses.length - 1]!.status, "not-responding");
	assert.ok(s.clock.now() < 10_000, "gives up in bounded time");
});

spec("ml307 modem: board facts reject with a clear error once the modem stops answering", async () => {
	const s = setUp();
	await s.run(s.bringUp());
	s.simulator.stopAnswering();
	let message = "";
	await s.run(s.stack.board()).catch((error: Error) => (message = error.message));
	assert.match(message, /not answering/);
});

spec("ml307 modem: +MATREADY (modem reboot) drops the network until it registers again", async () => {
	const s = setUp();
	await s.run(s.bringUp());
	const changes: boolean[] = [];
	s.stack.modem.onNetworkChange((ready) => changes.push(ready));
	s.simulator.reboot();
	await s.clock.advance(10);
	assert.equal(s.stack.modem.networkReady, false);
	assert.deepEqual(changes, [false]);
});

spec("ml307 modem: ICCID falls back to AT+MCCID when AT+ICCID is refused", async () => {
	const s = setUp({ iccidCommand: "AT+MCCID" });
	await s.run(s.bringUp());
	const facts = await s.run(s.stack.board());
	assert.equal(facts.network === "ml307" ? facts.iccid : "", CAPTURED_MODEM_FACTS.iccid);
	const asked = commandsOf(s.simulator).filter((c) => c.includes("CCID"));
	assert.deepEqual(asked, ["AT+ICCID", "AT+MCCID", "AT+MCCID"], "AT+ICCID is not asked again once refused");
});

class MemoryStore implements KeyValueStore {
	readonly values = new Map<string, StoredValue>();
	get(namespace: string, key: string): StoredValue | undefined {
		return this.values.get(`${namespace}/${key}`);
	}
	set(namespace: string, key: string, value: StoredValue): void {
		this.values.set(`${namespace}/${key}`, value);
	}
}

spec("ml307 network: network/type 1 or nothing means the modem, 0 means Wi-Fi; only the chosen stack starts", () => {
	const store = new MemoryStore();
	assert.equal(storedNetworkType(store), "ml307");
	const started: string[] = [];
	const stack = (name: string): (() => NetworkStack) => () => {
		started.push(name);
		return { http: { request: () => Promise.resolve({ ok: false, failure: "io", detail: name }) }, board: () => Promise.reject(new Error(name)) };
	};
	assert.equal(chooseNetwork(store, { ml307: stack("ml307"), wifi: stack("wifi") }).type, "ml307");
	storeNetworkType(store, "wifi");
	assert.equal(store.get("network", "type"), 0);
	assert.equal(chooseNetwork(store, { ml307: stack("ml307"), wifi: stack("wifi") }).type, "wifi");
	storeNetworkType(store, "ml307");
	assert.equal(store.get("network", "type"), 1);
	assert.deepEqual(started, ["ml307", "wifi"]);
});

spec("ml307 messages: the screen texts are frozen", () => {
	assert.ok(Object.isFrozen(MODEM_MESSAGES));
	assert.ok(Object.isFrozen(MODEM_MESSAGES["no-sim"]));
	assert.equal(MODEM_MESSAGES.registering.zh, "等待网络...");
});

/** The chip's facts as the captured report states them (the modem part comes from the simulator). */
function systemFactsOfCapture(report: Record<string, unknown>): SystemFacts {
	const r = report as {
		flash_size: number;
		minimum_free_heap_size: string;
		mac_address: string;
		chip_model_name: string;
		chip_info: SystemFacts["chipInfo"];
		application: { name: string; version: string; compile_time: string; idf_version: string; elf_sha256: string };
		partition_table: { label: string; type: number; subtype: number; address: number; size: number }[];
		ota: { label: string };
		display: SystemFacts["display"];
	};
	const [compileDate, compileTime] = r.application.compile_time.replace(/Z$/, "").split("T") as [string, string];
	return {
		flashSize: r.flash_size,
		minimumFreeHeapSize: Number(r.minimum_free_heap_size),
		mac: r.mac_address.split(":").map((byte) => parseInt(byte, 16)),
		chipModelName: r.chip_model_name,
		chipInfo: r.chip_info,
		application: {
			name: r.application.name,
			version: r.application.version,
			compileDate,
			compileTime,
			idfVersion: r.application.idf_version,
			elfSha256: r.application.elf_sha256,
		},
		partitions: r.partition_table,
		runningPartition: r.ota.label,
		display: r.display,
	};
}

spec("ml307 report: board facts read from the simulated modem give ota-request-1.json byte for byte", async () => {
	const captured = fixture("ota-request-1.json");
	const s = setUp();
	await s.run(s.bringUp());
	const board = await s.run(s.stack.board());
	const system = systemFactsOfCapture(JSON.parse(captured) as Record<string, unknown>);
	const body = buildReport(system, board, { uuid: "e2314aed-0a16-43f0-8128-766fbd3207f2", language: "zh-CN" });
	assert.equal(body + "\n", captured);
	// The second capture differs in csq only (and the heap): a weaker signal shows up as it should.
	s.simulator.setSignal(23);
	const again = buildReport({ ...system, minimumFreeHeapSize: 8425048 }, await s.run(s.stack.board()), {
		uuid: "e2314aed-0a16-43f0-8128-766fbd3207f2",
		language: "zh-CN",
	});
	assert.equal(again + "\n", fixture("ota-request-2.json"));
});

spec("ml307 self-driven modem: bring-up, facts and a request need no outside clock (the XS runner's way)", async () => {
	const internet = new StandInInternet();
	internet.answer = (request) => ({ ok: true, status: 200, body: `{"echo":${JSON.stringify(request.url)}}` });
	const statuses: string[] = [];
	const modem = createSelfDrivenModem({ internet, onStatus: (status) => statuses.push(status) });
	const up = await modem.bringUp();
	assert.ok(up.ok);
	assert.deepEqual(statuses, ["detecting", "registering", "ready"]);
	const facts = await modem.board();
	assert.equal(facts.network === "ml307" ? facts.imei : "", "869663071312008");
	const answer = await modem.http.request(otaRequest());
	assert.deepEqual(answer, { ok: true, status: 200, body: '{"echo":"https://api.tenclass.net/xiaozhi/ota/"}' });
	assert.ok(modem.link.stats.hostToModem > 0 && modem.clock.now() > 0);
	const noSim = createSelfDrivenModem({ internet, script: { sim: "absent" } });
	let rounds = 0;
	const stopped = await noSim.bringUp({ stopped: () => ++rounds > 3 });
	assert.equal(stopped.ok ? "ok" : stopped.status, "stopped");
});
