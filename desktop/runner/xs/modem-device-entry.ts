/*
 * The device program in 4G mode (`--network ml307`): inside XS, the simulated ML307R
 * (serial peer + AT driver + modem HTTP transport, on the modem's own virtual clock)
 * whose "internet" is the bridged Node HTTPS transport, handed to the device composition
 * (modules/device), which brings the modem up as the firmware does (status shown, retried
 * every 10 s of device time) and runs the activation flow over the modem's HTTP and facts.
 */
import type { BoardFacts, HttpRequest, HttpResult, HttpTransport } from "activation/interfaces";
import type { ActivationConfig } from "activation/machine";
import { startDevice } from "device/device";
import { createSelfDrivenModem, type ModemScript } from "../../ml307-simulator/index.ts";
import type { ModemRequestTraffic, ModemSetup, UartBytes } from "../bridge-protocol.ts";
import { bridgedHost, call, forwardActivationEvent, onStopRequested, reportDeviceOutcome } from "./xs-bridge.ts";
import { bridgedOutputs } from "./xs-outputs.ts";
import { BridgedTimers, settle } from "./xs-timers.ts";

/**
 * The scripted faults end as if someone inserted the SIM and the network accepted it:
 * the script is this program's own copy, and the simulator reads it on every command.
 */
function clearFaults(script: ModemScript, registerOnNetwork: () => void): void {
	const wasOffNetwork = script.sim === "absent" || (script.registration !== undefined && script.registration !== "home");
	if (script.sim === "absent" || typeof script.sim === "object") script.sim = "ready";
	script.registration = "home";
	delete script.http;
	if (wasOffNetwork) registerOnNetwork();
}

type SelfDrivenModem = ReturnType<typeof createSelfDrivenModem>;

/** The UART bytes of the whole run, its bring-up (all of it when the modem never came up) and each request. */
function sendTraffic(modem: SelfDrivenModem, metered: ReturnType<typeof meteredStack>, bringUpBytes: UartBytes | undefined): void {
	const stats = modem.link.stats;
	const total = { toModem: stats.hostToModem, fromModem: stats.modemToHost };
	call({
		op: "modem.traffic",
		traffic: { total, bringUp: bringUpBytes ?? total, requests: metered.requests, boardFacts: metered.boardFactsBytes, atCommands: modem.simulator.commands.length },
	});
}

/** The modem's HTTP and board facts, each counting the UART bytes it cost. */
function meteredStack(modem: SelfDrivenModem, beforeEach: () => void) {
	const stats = modem.link.stats;
	const requests: ModemRequestTraffic[] = [];
	const boardFactsBytes = { toModem: 0, fromModem: 0 };
	const http: HttpTransport = {
		async request(request: HttpRequest): Promise<HttpResult> {
			beforeEach();
			const toModem = stats.hostToModem;
			const fromModem = stats.modemToHost;
			const result = await modem.stack.http.request(request);
			requests.push({
				method: request.method,
				path: request.url.replace(/^[a-z]+:\/\/[^/]+/i, ""),
				result: result.ok ? result.status : result.failure,
				toModem: stats.hostToModem - toModem,
				fromModem: stats.modemToHost - fromModem,
			});
			return result;
		},
	};
	const board = async (): Promise<BoardFacts> => {
		beforeEach();
		const toModem = stats.hostToModem;
		const fromModem = stats.modemToHost;
		try {
			return await modem.stack.board();
		} finally {
			boardFactsBytes.toModem += stats.hostToModem - toModem;
			boardFactsBytes.fromModem += stats.modemToHost - fromModem;
		}
	};
	return { http, board, requests, boardFactsBytes };
}

function main(): void {
	const config = call({ op: "config" }) as ActivationConfig;
	const setup = call({ op: "modem.setup" }) as ModemSetup;
	const script: ModemScript = setup.script;
	const modem = createSelfDrivenModem({ internet: bridgedHost.http, script, board: setup.board });
	const stats = modem.link.stats;
	let faultsCleared = setup.recoversAfterMs === undefined;
	// The device's time (real in the CLI, the shared virtual clock in tests), not the modem's: the
	// 10 s retry waits are where the user waits, where a stop can land and where the faults clear.
	const timers = new BridgedTimers(() => clearFaultsIfDue());
	const startedAt = timers.now();

	const clearFaultsIfDue = (): void => {
		if (faultsCleared || timers.now() - startedAt < (setup.recoversAfterMs ?? 0)) return;
		faultsCleared = true;
		clearFaults(script, () => modem.simulator.setRegistration(1));
		bridgedHost.log.info("modem simulator: scripted faults cleared (SIM inserted, network accepts, HTTP stack healthy)");
	};

	const metered = meteredStack(modem, clearFaultsIfDue);
	const { http, board } = metered;
	let bringUpBytes: UartBytes | undefined;

	// Modem work runs first, on the modem's own virtual clock, in promise jobs: device time waits
	// for it. With no modem timer left, the work waits on device time (a 10 s retry): the modem's
	// clock yields to the device's until one is set again.
	let driving = 0;
	// Once the device's run is over, a drive still in flight (a bring-up a stop cut short) parks.
	// The modem's loop and the device's take turns: a look can fall between a modem timer firing
	// and the next one being set, so a modem timer fired since the last look counts as busy too.
	let firedSeen = modem.clock.firedTimers;
	const modemBusy = (): boolean => {
		const fired = modem.clock.firedTimers;
		const progressed = fired !== firedSeen;
		firedSeen = fired;
		return driving > 0 && (progressed || modem.clock.pendingTimers > 0);
	};
	const onDeviceTime = { busy: () => modem.clock.pendingTimers === 0, idle: () => (timers.running ? settle() : new Promise<void>(() => {})) };
	const device = startDevice({
		...bridgedHost,
		...bridgedOutputs(),
		config: { ...config, boardType: setup.board.type },
		timers,
		system: bridgedHost.facts.system,
		networks: {
			ml307: () => ({
				kind: "ml307",
				stack: { ...modem.stack, http, board },
				// The modem lives on its own virtual clock: run it until each call settles.
				async drive(work) {
					driving++;
					try {
						return await modem.clock.run(work, Number.POSITIVE_INFINITY, onDeviceTime);
					} finally {
						driving--;
					}
				},
			}),
			wifi: () => {
				throw new Error("the 4G runner has no Wi-Fi");
			},
		},
		onEvent(event) {
			if (event.type === "modem") {
				if (event.status === "ready") bringUpBytes = { toModem: stats.hostToModem, fromModem: stats.modemToHost };
				call({ op: "modem.status", status: event.status, detail: event.detail, atMs: timers.now() - startedAt });
			} else forwardActivationEvent(event);
		},
	});
	onStopRequested(() => device.stop());
	reportDeviceOutcome(
		timers
			.run(device.run(), modemBusy)
			.finally(() => {
				sendTraffic(modem, metered, bringUpBytes);
				modem.stack.channel.close();
			}),
	);
}

main();
