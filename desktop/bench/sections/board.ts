/*
 * Bench section: the board's own composition (main.ts + hosts/esp32s3/platform.ts) on XS,
 * powered on against the embedded emulator with the modem at 921600 (as on the captured
 * device) and at 115200: board time from power-on to the code on the OLED, and the AT
 * commands and UART bytes before the first status query's HTTP exchange, against the
 * official library's sequence (esp-ml307 3.3.7, listed below) replayed
 * through the same ML307R simulator.
 */
import { VirtualClock } from "../../node/clock.ts";
import { loadDeviceProfile } from "../../node/device-profile.ts";
import { NvsStore } from "../../node/nvs-store.ts";
import { runBoardOnXs, type BoardRunResult } from "../../runner/run-board.ts";
import { startEmulator } from "../../emulator/server.ts";
import { createSimulatedModem, ManualClock } from "../../ml307-simulator/index.ts";
import type { HttpTransport } from "../../../modules/activation/interfaces.ts";
import { renderScreen } from "../../../modules/screens/render.ts";
import { INITIAL_VIEW, screenViewFor, type ScreenView } from "../../../modules/screens/view.ts";
import { isFlowEvent } from "../../../modules/device/device.ts";

/**
 * The library's commands from power-on to the status query's HTTP exchange, happy path
 * (esp-ml307 3.3.7): detection, model, HTTP cleanup, SIM, registration, data call,
 * the identity StartNetwork logs, the status bar's first AT+CSQ, then GetBoardJson.
 */
function officialSequence(modemBaud: number): { baud: number; command: string }[] {
	const detection =
		modemBaud === 115200
			? [{ baud: 115200, command: "AT" }, { baud: 115200, command: "AT+IPR=921600" }]
			: [{ baud: 115200, command: "AT" }, { baud: 921600, command: "AT" }];
	const rest = [
		"AT+CGMR",
		"AT+MHTTPDEL=0",
		"AT+MHTTPDEL=1",
		"AT+MHTTPDEL=2",
		"AT+MHTTPDEL=3",
		"AT+CPIN?",
		"AT+CEREG=2",
		"AT+CEREG?",
		"AT+MIPCALL?",
		"AT+CGMR",
		"AT+CGSN=1",
		"AT+ICCID",
		"AT+CSQ",
		"AT+COPS?",
		"AT+CSQ",
		"AT+ICCID",
		"AT+CEREG?",
	].map((command) => ({ baud: 921600, command }));
	return [...detection, ...rest];
}

interface UartFigure {
	readonly commands: number;
	readonly toModem: number;
	readonly fromModem: number;
}

/** The official sequence through the simulator (modem at `modemBaud`), counted on the same link. */
async function replayOfficial(modemBaud: number): Promise<UartFigure> {
	const clock = new ManualClock();
	const offline: HttpTransport = { request: () => Promise.resolve({ ok: false, failure: "no-network", detail: "not used" }) };
	const modem = createSimulatedModem({ timers: clock, internet: offline, script: { baud: modemBaud } });
	const sequence = officialSequence(modemBaud);
	for (const { baud, command } of sequence) {
		modem.link.host.setBaudRate?.(baud);
		await clock.run(modem.stack.channel.send(command, { timeoutMs: command === "AT" ? 20 : 1000 }));
	}
	modem.stack.channel.close();
	return { commands: sequence.length, toModem: modem.link.stats.hostToModem, fromModem: modem.link.stats.modemToHost };
}

async function boardRun(modemBaud: number): Promise<{ result: BoardRunResult; codeAtMs: number }> {
	const profile = loadDeviceProfile();
	const clock = new VirtualClock(0);
	const emulator = await startEmulator({ profile: "official", clock, autoBindAfterMs: 7000, holdActivateMs: 25000 });
	try {
		const result = await runBoardOnXs({
			profile,
			otaUrl: emulator.otaUrl,
			caPem: emulator.caPem,
			clock,
			store: new NvsStore({ initial: profile.nvs }),
			modemScript: { baud: modemBaud },
		});
		const code = result.events.find((entry) => entry.event.type === "code")?.event;
		if (!code || code.type !== "code" || result.status !== "activated") throw new Error(`board run did not activate (${result.status})`);
		// Every code screen the events lead to: the OLED draws from a timer turn, so the first frame
		// with the code may already carry the first attempt's note.
		const codeScreens = new Set<string>();
		let view: ScreenView = INITIAL_VIEW;
		for (const { event } of result.events) {
			if (!isFlowEvent(event)) continue;
			view = screenViewFor(view, event);
			if (view.kind === "code" && view.code === code.code) codeScreens.add(Buffer.from(renderScreen(view, "zh-CN")).toString("hex"));
		}
		const frame = result.frames.find((entry) => codeScreens.has(Buffer.from(entry.frame).toString("hex")));
		if (!frame) throw new Error("the code never reached the OLED");
		return { result, codeAtMs: frame.at };
	} finally {
		await emulator.close();
	}
}

export async function run(): Promise<void> {
	console.log("Board composition on XS (main.ts + hosts/esp32s3/platform.ts, ML307R simulated on UART1, official emulator profile):");
	for (const baud of [921600, 115200]) {
		const { result, codeAtMs } = await boardRun(baud);
		const first = result.modem.requests[0]!;
		const ours = result.modem.beforeFirstHttp;
		if (!ours) throw new Error("the board never opened an HTTP instance");
		const official = await replayOfficial(baud);
		console.log(`  modem at ${baud}: power-on to code on the OLED ${Math.round(codeAtMs)} ms of board time (${Math.round(result.meter.wallMs)} ms real, ${result.meter.computrons} computrons)`);
		console.log(
			`    before the first status query (bring-up + board facts, up to AT+MHTTPCREATE): ${ours.commands} AT commands, ${ours.toModem} B ESP32→modem, ${ours.fromModem} B modem→ESP32` +
				` | official library: ${official.commands} commands, ${official.toModem} B, ${official.fromModem} B (its sequence replayed on the same simulator)`,
		);
		console.log(`    up to the forwarded status query (its AT+MHTTP* and 1229-byte body included): ${first.commandsBefore} commands received, ${first.toModem} B ESP32→modem, ${first.fromModem} B modem→ESP32`);
	}
}
