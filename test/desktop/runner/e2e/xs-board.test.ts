/*
 * The board's own code, whole, on XS: main.ts and hosts/esp32s3/platform.ts exactly as they
 * are flashed, with only the SDK's leaf modules stood in (desktop/runner/xs/board): the modem
 * UART is the ML307R simulator's byte stream (8N1 at the rate the code opens), the natives
 * answer from the captured profile, NVS is kept on Node with the ESP32 rules, timer/time
 * run on virtual time shared with the emulator, every OLED frame is captured, GPIO0 is BOOT.
 * The modem's HTTP stack forwards over real HTTPS to the emulator. Each scenario checks the
 * AT traffic of the bring-up, the screens in order, the requests the emulator saw and NVS.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { VirtualClock } from "../../../../desktop/node/clock.ts";
import { loadDeviceProfile } from "../../../../desktop/node/device-profile.ts";
import { NvsStore } from "../../../../desktop/node/nvs-store.ts";
import { logLines, runBoardOnXs, type BoardRunResult, type ButtonAction, type RunBoardOptions } from "../../../../desktop/runner/run-board.ts";
import { startEmulator, type Emulator, type EmulatorOptions, type RecordedRequest } from "../../../../desktop/emulator/server.ts";
import type { DeviceEvent } from "../../../../modules/device/device.ts";
import { renderScreen } from "../../../../modules/screens/render.ts";
import type { ScreenView } from "../../../../modules/screens/view.ts";

const FIXTURE_1 = readFileSync(new URL("../../../fixtures/ota-request-1.json", import.meta.url), "utf8").replace(/\n$/, "");
const profile = loadDeviceProfile();

/** What the firmware's Ml307Board::StartNetwork sends once the modem answers, in order (plus our ATE0/CMEE). */
const BRING_UP_AFTER_DETECTION = [
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
];

interface BoardRun {
	readonly result: BoardRunResult;
	readonly requests: readonly RecordedRequest[];
	readonly store: NvsStore;
	readonly emulator: Emulator;
}

async function runBoard(
	options: Partial<Omit<RunBoardOptions, "profile" | "clock" | "otaUrl" | "caPem">> = {},
	emulatorOptions: EmulatorOptions = { profile: "official", autoBindAfterMs: 6_000, holdActivateMs: 25_000 },
	before?: (emulator: Emulator) => void,
): Promise<BoardRun> {
	const clock = new VirtualClock(0);
	const emulator = await startEmulator({ ...emulatorOptions, clock });
	const store = options.store instanceof NvsStore ? options.store : new NvsStore({ initial: profile.nvs });
	try {
		before?.(emulator);
		const result = await runBoardOnXs({ profile, otaUrl: emulator.otaUrl, caPem: emulator.caPem, clock, ...options, store });
		return { result, requests: [...emulator.requests], store, emulator };
	} finally {
		await emulator.close();
	}
}

function commands(result: BoardRunResult, before = Number.POSITIVE_INFINITY): string[] {
	return result.modem.commands.slice(0, Math.min(before, result.modem.commands.length)).map((entry) => entry.command);
}

/** The AT commands before the first status query. */
function bringUp(result: BoardRunResult): string[] {
	const first = result.modem.requests[0];
	assert.ok(first, "the modem forwarded a request");
	return commands(result, first.commandsBefore);
}

const frameOf = (view: ScreenView, language: "zh-CN" | "en-US" = "zh-CN"): string => Buffer.from(renderScreen(view, language)).toString("hex");

/** Asserts each expected view was shown, in this order, among the frames the OLED got. */
function assertScreensInOrder(result: BoardRunResult, views: readonly ScreenView[]): void {
	const shown = result.frames.map((entry) => Buffer.from(entry.frame).toString("hex"));
	let from = 0;
	for (const view of views) {
		const index = shown.indexOf(frameOf(view), from);
		assert.ok(index >= 0, `the OLED showed ${JSON.stringify(view)} after frame ${from} (of ${shown.length})`);
		from = index + 1;
	}
}

function codeOf(result: BoardRunResult): { code: string; message: string } {
	const event = result.events.find((entry) => entry.event.type === "code")?.event;
	assert.ok(event && event.type === "code", "a code was shown");
	return { code: event.code, message: event.message };
}

function assertActivatedWithSettings(run: BoardRun): void {
	assert.equal(run.result.status, "activated");
	assert.equal(run.store.get("board", "uuid"), profile.nvs.board?.uuid, "the Client-Id survives");
	assert.equal(typeof run.store.get("mqtt", "endpoint"), "string", "the MQTT settings are in NVS");
	assert.equal(typeof run.store.get("websocket", "url"), "string", "the WebSocket settings are in NVS");
	const paths = run.requests.map((request) => request.path);
	assert.equal(paths[0], "/xiaozhi/ota/");
	assert.equal(paths.at(-1), "/xiaozhi/ota/");
	assert.ok(paths.includes("/xiaozhi/ota/activate"));
}

function codeScreens(result: BoardRunResult): ScreenView[] {
	const { code, message } = codeOf(result);
	// The OLED draws in a timer turn after the events of a step (main.ts): the code and the
	// first activation attempt come in one step, so the code is first drawn with the attempt.
	return [
		{ kind: "code", code, message, status: { phase: "activating", attempt: 1, maxAttempts: 10 } },
		{ kind: "activated", viaCode: true },
	];
}

const DETECTING: ScreenView = { kind: "network", phase: "detecting-module", detail: "" };
const REGISTERING: ScreenView = { kind: "network", phase: "registering", detail: "" };

test("board on XS: first boot with the modem at 115200: AT+IPR=921600, the whole bring-up, screens, capture body, settings", async () => {
	const run = await runBoard({ modemScript: { baud: 115200 } });
	const { result } = run;
	// Bring-up, then the board facts of the status query (AT+COPS?, AT+CSQ, AT+ICCID, AT+CEREG?), then AT+MHTTP*.
	assert.deepEqual(bringUp(result).slice(0, 19), ["AT", "AT+IPR=921600", ...BRING_UP_AFTER_DETECTION, "AT+COPS?", "AT+CSQ", "AT+ICCID", "AT+CEREG?"]);
	assert.ok(bringUp(result).slice(19).every((command) => command.startsWith("AT+MHTTP")));
	assert.ok(bringUp(result).includes("AT+MHTTPCREATE=" + JSON.stringify(run.emulator.otaUrl.replace(/\/xiaozhi\/ota\/$/, ""))));
	assert.equal(run.requests[0]!.body, FIXTURE_1, "the status query through the board's modem path is the capture byte for byte");
	assertScreensInOrder(result, [DETECTING, REGISTERING, ...codeScreens(result)]);
	assertActivatedWithSettings(run);
	const types = result.events.map((entry) => entry.event.type);
	assert.ok(types.indexOf("modem") < types.indexOf("checking"), "bring-up before the first status query");
});

test("board on XS: first boot with the modem at 921600: found at the second rate, no AT+IPR", async () => {
	const run = await runBoard({ modemScript: { baud: 921600 } });
	const { result } = run;
	// The probe at 115200 never reaches a modem at 921600: the first AT it hears is at 921600.
	assert.deepEqual(commands(result).slice(0, 14), ["AT", ...BRING_UP_AFTER_DETECTION]);
	assert.ok(!commands(result).some((command) => command.startsWith("AT+IPR")));
	assert.ok(result.modem.commands[0]!.at >= 20, "after the 20 ms probe at 115200 went unanswered");
	assert.equal(run.requests[0]!.body, FIXTURE_1);
	assertScreensInOrder(result, [DETECTING, REGISTERING, ...codeScreens(result)]);
	assertActivatedWithSettings(run);
});

test("board on XS: no SIM shows 请插入 SIM 卡 every 10 s; once the SIM is in, the device activates", async () => {
	const run = await runBoard({ modemScript: { sim: "absent" }, modemRecoversAfterMs: 25_000 });
	const { result } = run;
	const noSim = result.events.filter((entry) => entry.event.type === "modem" && entry.event.status === "no-sim");
	assert.equal(noSim.length, 3, "three rounds (0, 10, 20 s) before the SIM was inserted");
	assert.ok(noSim[1]!.at - noSim[0]!.at >= 10_000, "10 s between rounds");
	assert.ok(commands(result).filter((command) => command === "AT+CPIN?").length >= 4);
	assert.ok(run.requests[0]!.at >= 25_000, "no request before the SIM was in");
	assert.ok(logLines(result.console).some((line) => line.level === "warn" && line.message.includes("请插入 SIM 卡")));
	assertScreensInOrder(result, [DETECTING, REGISTERING, { kind: "network", phase: "no-sim", detail: "" }, REGISTERING, ...codeScreens(result)]);
	assert.equal(run.requests[0]!.body, FIXTURE_1);
	assertActivatedWithSettings(run);
});

test("board on XS: registration denied shows the REG_ERROR screen, then the network accepts and the device activates", async () => {
	const run = await runBoard({ modemScript: { registration: "denied" }, modemRecoversAfterMs: 10_000 });
	const { result } = run;
	const denied = result.events.filter((entry) => entry.event.type === "modem" && entry.event.status === "registration-denied");
	assert.equal(denied.length, 1);
	assert.ok(run.requests[0]!.at >= 10_000);
	assert.ok(commands(result).filter((command) => command === "AT+CEREG=2").length >= 2, "registration asked again after the 10 s wait");
	assertScreensInOrder(result, [DETECTING, REGISTERING, { kind: "network", phase: "registration-denied", detail: "" }, REGISTERING, ...codeScreens(result)]);
	assert.equal(run.requests[0]!.body, FIXTURE_1, "the cell facts come from the registration the network granted");
	assertActivatedWithSettings(run);
});

test("board on XS: a modem that stops answering mid-request is a failed check with back-off; once it answers again, activation", async () => {
	const run = await runBoard({ modemScript: { silentFromCommand: "AT+MHTTPREQUEST" }, modemRecoversAfterMs: 60_000 });
	const { result } = run;
	const failed = result.events.find((entry) => entry.event.type === "check-failed")?.event;
	assert.ok(failed && failed.type === "check-failed", "the check failed");
	assert.ok(["timeout", "io", "modem", "facts"].includes(failed.reason.kind), `reason ${failed.reason.kind}: ${failed.reason.detail}`);
	assert.ok(failed.retryInMs >= 10_000);
	assert.equal(run.requests.filter((request) => request.path === "/xiaozhi/ota/").length >= 2, true);
	assert.ok(run.requests[0]!.at >= 60_000, "the emulator heard nothing while the modem was hung");
	assertScreensInOrder(result, [DETECTING, REGISTERING, ...codeScreens(result)]);
	assert.equal(run.requests[0]!.body, FIXTURE_1);
	assertActivatedWithSettings(run);
});

test("board on XS: the SDK's FIFO-only serial under a busy VM loses bytes; each check fails with the loss, NVS untouched; once the VM is quick again, activation", async () => {
	const store = new NvsStore({ initial: profile.nvs });
	const atPowerOn = JSON.stringify(store.contents());
	const atFailures: string[] = [];
	const run = await runBoard({
		store,
		modemScript: { hostStallMs: 50, port: "sdk-fifo" },
		modemRecoversAfterMs: 25_000,
		onEvent(event) {
			if (event.type === "check-failed") atFailures.push(JSON.stringify(store.contents()));
		},
	});
	const { result } = run;
	const failed = result.events.map((entry) => entry.event).filter((event) => event.type === "check-failed");
	assert.ok(failed.length >= 1, "the stalled VM lost the answer");
	for (const event of failed) {
		assert.equal(event.reason.kind, "io");
		assert.match(event.reason.detail, /^modem link lost/, "the loss, named: never a wrong parse");
		assert.ok(event.retryInMs >= 10_000, "the normal back-off");
	}
	assert.deepEqual(atFailures, failed.map(() => atPowerOn), "nothing stored was touched by a failed check");
	const uart = result.modem.uart!;
	assert.deepEqual([uart.port, uart.txCapacity, uart.rxCapacity], ["sdk-fifo", 128, 128]);
	assert.ok(uart.rxLostBytes > 0 && uart.maxWrite <= 128, JSON.stringify(uart));
	assert.equal(run.requests[0]!.body, FIXTURE_1, "writes paced to the FIFO: the status query reached the server whole");
	// The server gave the lost answer's code, and bound it meanwhile: the first whole answer says activated.
	assert.equal(result.status, "activated");
	assert.equal(typeof run.store.get("mqtt", "endpoint"), "string", "the settings are stored once an answer arrived whole");
});

test("board on XS: a BOOT press during the back-off sends the next status query at once (one request at a time)", async () => {
	let pressed = false;
	const run = await runBoard(
		{
			onEvent(event: DeviceEvent): ButtonAction | void {
				if (event.type === "check-failed" && !pressed) {
					pressed = true;
					return "click";
				}
			},
		},
		{ profile: "official", autoBindAfterMs: 6_000, holdActivateMs: 25_000 },
		(emulator) => emulator.injectFault({ kind: "status", status: 503 }, { path: "check" }),
	);
	const { result } = run;
	const woke = result.events.find((entry) => entry.event.type === "button")?.event;
	assert.deepEqual(woke, { type: "button", gesture: "click", effect: "woke" });
	const checks = run.requests.filter((request) => request.path === "/xiaozhi/ota/");
	assert.equal(checks[0]!.status, 503);
	assert.ok(checks[1]!.at - checks[0]!.at < 2_000, `second check ${checks[1]!.at - checks[0]!.at} ms after the first, not 10 s`);
	assert.equal(checks[1]!.body, FIXTURE_1);
	assertActivatedWithSettings(run);
});

test("board on XS: a double-click while starting switches to Wi-Fi, another back to 4G; NVS network/type keeps the choice across restarts", async () => {
	const store = new NvsStore({ initial: profile.nvs });
	const seen: string[] = [];
	// The network takes 2 s to register: time for a double-click while starting.
	const slowNetwork = { registration: { registerAfterMs: 2_000 } } as const;
	const run = await runBoard({
		store,
		modemScript: slowNetwork,
		onEvent(event: DeviceEvent): ButtonAction | void {
			if (event.type === "network") seen.push(event.network);
			// 4G boot: double-click while the module is being detected; Wi-Fi boot: at once.
			if (event.type === "modem" && event.status === "detecting" && seen.length === 1) return "double-click";
			if (event.type === "network" && event.network === "wifi") return "double-click";
		},
	});
	const { result } = run;
	assert.deepEqual(seen, ["ml307", "wifi", "ml307"], "4G, then Wi-Fi after the first restart, then 4G again");
	assert.equal(result.modem.restarts, 2);
	assert.equal(store.get("network", "type"), 1, "back on the modem (1)");
	const switches = result.events.filter((entry) => entry.event.type === "button").map((entry) => entry.event);
	// iot_button reports the first release as a click too: on 4G with no wait running it does
	// nothing; on Wi-Fi while joining it opens setup mode, as the firmware's OnClick does.
	const click = { type: "button", gesture: "click", effect: "none" };
	const setupClick = { type: "button", gesture: "click", effect: "setup" };
	const doubleClick = { type: "button", gesture: "double-click", effect: "switching" };
	assert.deepEqual(switches, [click, doubleClick, setupClick, doubleClick]);
	assertScreensInOrder(result, [
		DETECTING,
		{ kind: "network", phase: "switching-to-wifi", detail: "" },
		// The Wi-Fi boot's first frame is drawn in the timer turn after the double-click's
		// first edge, so which Wi-Fi screen it is depends on that turn; the switch back is what counts.
		{ kind: "network", phase: "switching-to-4g", detail: "" },
		DETECTING,
		...codeScreens(result),
	]);
	assert.ok(result.console.includes("activation restart"));
	assert.equal(run.requests[0]!.body, FIXTURE_1, "nothing was asked of the server before the last boot");
	assertActivatedWithSettings(run);

	// Power-cycle into Wi-Fi: the choice made by the double-click is what the next boot reads.
	const toWifi = new NvsStore({ initial: profile.nvs });
	const first = await runBoard({
		store: toWifi,
		maxRestarts: 0,
		modemScript: slowNetwork,
		onEvent: (event) => (event.type === "modem" && event.status === "detecting" ? "double-click" : undefined),
	});
	assert.equal(first.result.status, "restart");
	assert.equal(toWifi.get("network", "type"), 0);
	const second = await runBoard({ store: toWifi });
	assert.equal(second.result.events[0]!.event.type, "network");
	assert.deepEqual(second.result.events[0]!.event, { type: "network", network: "wifi" });
	assert.equal(second.result.modem.commands.length, 0, "Wi-Fi mode never opens the modem UART");
	const body = JSON.parse(second.requests[0]!.body) as { board: { ssid?: string; ip?: string } };
	assert.equal(body.board.ssid, "xiaozhi-lab", "the Wi-Fi board section");
	assertActivatedWithSettings(second);
});

test("board on XS: a dead modem gives up (模组初始化失败); a double-click then still switches to Wi-Fi and reboots into it", async () => {
	const store = new NvsStore({ initial: profile.nvs });
	const run = await runBoard({
		store,
		maxRestarts: 1,
		modemScript: { silentAfterCommands: 0 },
		onEvent: (event) => (event.type === "modem" && event.status === "not-responding" ? "double-click" : undefined),
	});
	const { result } = run;
	const networks = result.events.filter((entry) => entry.event.type === "network").map((entry) => entry.event);
	assert.deepEqual(networks, [{ type: "network", network: "ml307" }, { type: "network", network: "wifi" }], "the reboot came up on Wi-Fi");
	assert.ok(result.console.includes("activation no-network"), "the first boot gave up on the modem");
	assert.equal(result.modem.restarts, 1);
	assertScreensInOrder(result, [{ kind: "network", phase: "switching-to-wifi", detail: "" }]);
	assertActivatedWithSettings(run);
});

test("board on XS: a network= build fills an empty NVS choice only; a double-click's choice survives the next boot", async () => {
	const empty = new NvsStore({ initial: profile.nvs });
	const first = await runBoard({ store: empty, maxRestarts: 0, config: { network: "wifi" } });
	assert.deepEqual(first.result.events[0]!.event, { type: "network", network: "wifi" }, "empty NVS: the build's choice");
	assert.equal(empty.get("network", "type"), 0);

	const switched = new NvsStore({ initial: { ...profile.nvs, network: { type: 1 } } });
	const second = await runBoard({ store: switched, maxRestarts: 0, config: { network: "wifi" } });
	assert.deepEqual(second.result.events[0]!.event, { type: "network", network: "ml307" }, "NVS holds 4G (a double-click's choice): it stays");
	assert.equal(switched.get("network", "type"), 1);
});
