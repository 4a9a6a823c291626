/*
 * The board's own program on XS (`--board`): main.ts and hosts/esp32s3/platform.ts exactly
 * as they are flashed, bundled with only the SDK's leaf modules stood in (desktop/sdk-standins,
 * on the host of desktop/runner/xs/board: the modem UART wired to the ML307R simulator,
 * natives from the device profile, NVS on the Node side, the board's virtual time, the OLED
 * captured frame by frame, the BOOT button). This driver powers the board on, runs its
 * timers' passes in order (telling Node's clock, and so the emulator, each step), reboots it
 * when it calls System.restart(), and reports the modem's record at the end.
 */
// The stand-ins' host first: the board's modules read it as they load.
import { boardTimeline as timeline, restartRequests } from "./board/host.ts";
import type { HttpRequest, HttpResult, HttpTransport } from "activation/interfaces";
import { clearScriptedFaults } from "../../ml307-simulator/index.ts";
import main from "../../../main.ts";
import type { BoardModemReport, NetEvent } from "../bridge-protocol.ts";
import { closeAllPins } from "../../sdk-standins/digital.ts";
import { closeSerialPorts, serialRunFigures } from "../../sdk-standins/serial-port.ts";
import { resetRadio } from "../../sdk-standins/wifi.ts";
import { hardwareTimers } from "../../sdk-standins/timeline.ts";
import { hand, resetButtons } from "./board/buttons.ts";
import { consoleWatch, installBoardGlobals } from "./board/globals.ts";
import { boardSetup } from "./board/setup.ts";
import { connectModem } from "./board/uart.ts";
import { dispatch, networkOpen } from "./board/network.ts";
import { bridgedHost, call, nodeNow, onStopRequested } from "./xs-bridge.ts";

/** Enough promise turns for the app's await chains to settle between two timers. */
const MICROTASK_TURNS = 200;
/**
 * After the flow's last line the board lives on: what it left scheduled within this much board
 * time still runs (the final screen is drawn in a timer turn, a network switch reboots after
 * its notice). Then the run ends.
 */
const AFTER_FINISH_MS = 1000;
/** Three hours of board time: more than a whole give-up (10 checks backing off to 2560 s). */
const LIMIT_MS = 3 * 3600_000;
/** With sockets open and no timer due, the driver looks at the network this often (board ms). */
const NETWORK_POLL_MS = 1000;

const nodeStart = nodeNow();
const requests: BoardModemReport["requests"][number][] = [];
let stopRequested = false;
onStopRequested(() => (stopRequested = true));

// The modem's "internet": Node's HTTPS; the time a request was held there is board time too.
const internet: HttpTransport = {
	async request(request: HttpRequest): Promise<HttpResult> {
		const { stats } = uart.link;
		requests.push({ url: request.url, at: timeline.now, commandsBefore: uart.simulator.commands.length, toModem: stats.hostToModem, fromModem: stats.modemToHost });
		const result = await bridgedHost.http.request(request);
		timeline.now = Math.max(timeline.now, nodeNow() - nodeStart);
		return result;
	},
};
const uart = connectModem(internet, boardSetup.modem.script, hardwareTimers(timeline));
const recoversAt = boardSetup.modem.recoversAfterMs;
let recovered = recoversAt === undefined;

let finishedAt: number | undefined;
consoleWatch.onLine = (line) => {
	if (line.startsWith("activation ")) finishedAt ??= timeline.now;
};

async function settle(): Promise<void> {
	for (let i = 0; i < MICROTASK_TURNS; i++) await Promise.resolve();
}

function recoverIfDue(): void {
	if (recovered || timeline.now < recoversAt!) return;
	recovered = true;
	clearScriptedFaults(uart.simulator);
	call({ op: "log", level: "info", message: "modem simulator: scripted faults cleared (SIM inserted, network accepts, modem answers)" });
}

/**
 * With a socket open (the Wi-Fi setup page's servers), the time to the next timer is spent
 * waiting for the network, in real time: a person is at the other end. What came in is handed
 * to the sockets and the loop goes round again. False when no socket is open.
 */
function waitForNetwork(): boolean {
	if (!networkOpen()) return false;
	const next = timeline.nextDue();
	const until = next !== undefined ? Math.min(Math.max(next, timeline.now), timeline.now + NETWORK_POLL_MS) : timeline.now + NETWORK_POLL_MS;
	const { events, elapsedMs } = call({ op: "net.wait", ms: Math.max(0, until - timeline.now) }) as { events: NetEvent[]; elapsedMs: number };
	timeline.now = Math.min(until, timeline.now + elapsedMs);
	dispatch(events);
	return true;
}

/** The board reboots: its timers, pins, radio and UART port are gone; the modem and NVS stay as they are. */
function rebootChip(): void {
	timeline.rebootChip();
	resetButtons();
	closeAllPins();
	resetRadio();
	closeSerialPorts();
}

async function powerOn(): Promise<void> {
	installBoardGlobals();
	let restarts = 0;
	main();
	for (;;) {
		await settle();
		if (stopRequested) break;
		if (restartRequests.count > restarts) {
			if (restarts >= boardSetup.maxRestarts) break;
			restarts++;
			rebootChip();
			finishedAt = undefined;
			main();
			continue;
		}
		if (waitForNetwork()) {
			await settle();
			const due = timeline.nextDue();
			if (due !== undefined && due <= timeline.now) timeline.runPass();
			continue;
		}
		const next = timeline.nextDue();
		if (next === undefined || next > LIMIT_MS) break;
		// After the outcome the board stays on a while, and as long after the last press of BOOT
		// (a double-click once the run gave up still switches networks and reboots).
		if (finishedAt !== undefined && next > Math.max(finishedAt, hand.releasedAt) + AFTER_FINISH_MS) break;
		if (next > timeline.now) {
			call({ op: "clock.sleep", ms: next - timeline.now });
			timeline.now = next;
		}
		recoverIfDue();
		timeline.runPass();
	}
	const { stats } = uart.link;
	const figures = serialRunFigures();
	call({
		op: "board.report",
		report: {
			commands: uart.simulator.commands.map((entry) => ({ at: entry.at, command: entry.command })),
			requests,
			total: { toModem: stats.hostToModem, fromModem: stats.modemToHost },
			commandsSent: uart.wire.commandsSent,
			...(uart.wire.beforeFirstHttp ? { beforeFirstHttp: uart.wire.beforeFirstHttp } : {}),
			restarts,
			...(figures ? { uart: figures } : {}),
		},
	});
}

powerOn().catch((error: unknown) => {
	const e = error instanceof Error ? error : new Error(String(error));
	call({ op: "crashed", name: e.name, message: e.message, ...(e.stack ? { stack: e.stack } : {}) });
});
