/*
 * The device program in 4G mode (`--network ml307`): inside XS, the simulated ML307R
 * (serial peer + AT driver + modem HTTP transport, on the modem's own virtual clock)
 * whose "internet" is the bridged Node HTTPS transport, handed to the device composition
 * (modules/device), which brings the modem up as the firmware does (status shown, retried
 * every 10 s of device time) and runs the activation flow over the modem's HTTP and facts.
 */
import type { BoardFacts, Clock, HttpRequest, HttpResult, HttpTransport } from "activation/interfaces";
import type { ActivationConfig } from "activation/machine";
import { startDevice } from "device/device";
import { timersFromClock, type TimerHandle, type Timers } from "ml307/io";
import { createSelfDrivenModem, type ModemScript } from "../../ml307-simulator/index.ts";
import type { ModemRequestTraffic, ModemSetup, UartBytes } from "../bridge-protocol.ts";
import { bridgedHost, call, forwardActivationEvent, onStopRequested, reportDeviceOutcome } from "./xs-bridge.ts";
import { bridgedFeedback } from "./xs-feedback.ts";

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

/**
 * The 10 s retry waits are device time (real in the CLI, the shared virtual clock in
 * tests), not modem time: that is where the user waits and where a stop can land.
 */
function deviceRetryTimers(deviceClock: Clock, beforeEach: () => void): Timers {
	const deviceTimers = timersFromClock(deviceClock);
	return {
		now: () => deviceTimers.now(),
		set: (callback: () => void, ms: number): TimerHandle =>
			deviceTimers.set(() => {
				beforeEach();
				callback();
			}, ms),
		clear: (handle: TimerHandle) => deviceTimers.clear(handle),
	};
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
	const deviceClock = bridgedHost.clock;
	const startedAt = deviceClock.now();

	let faultsCleared = setup.recoversAfterMs === undefined;
	const clearFaultsIfDue = (): void => {
		if (faultsCleared || deviceClock.now() - startedAt < (setup.recoversAfterMs ?? 0)) return;
		faultsCleared = true;
		clearFaults(script, () => modem.simulator.setRegistration(1));
		bridgedHost.log.info("modem simulator: scripted faults cleared (SIM inserted, network accepts, HTTP stack healthy)");
	};

	const retryTimers = deviceRetryTimers(deviceClock, clearFaultsIfDue);
	const { http, board, requests, boardFactsBytes } = meteredStack(modem, clearFaultsIfDue);
	let bringUpBytes: UartBytes | undefined;
	const sendTraffic = (): void => {
		call({
			op: "modem.traffic",
			traffic: {
				total: { toModem: stats.hostToModem, fromModem: stats.modemToHost },
				bringUp: bringUpBytes ?? { toModem: stats.hostToModem, fromModem: stats.modemToHost },
				requests,
				boardFacts: boardFactsBytes,
				atCommands: modem.simulator.commands.length,
			},
		});
	};

	const device = startDevice({
		...bridgedHost,
		config: { ...config, boardType: setup.board.type },
		timers: retryTimers,
		system: bridgedHost.facts.system,
		networks: {
			ml307: () => ({
				kind: "ml307",
				stack: { ...modem.stack, http, board },
				// The modem lives on its own virtual clock: run it until each call settles.
				drive: (work) => modem.clock.run(work, Number.POSITIVE_INFINITY),
			}),
			wifi: () => {
				throw new Error("the 4G runner has no Wi-Fi");
			},
		},
		feedback: bridgedFeedback(config.language),
		onEvent(event) {
			if (event.type === "modem") {
				if (event.status === "ready") bringUpBytes = { toModem: stats.hostToModem, fromModem: stats.modemToHost };
				call({ op: "modem.status", status: event.status, detail: event.detail, atMs: deviceClock.now() - startedAt });
			} else forwardActivationEvent(event);
		},
	});
	onStopRequested(() => device.stop());
	reportDeviceOutcome(
		device.run().finally(() => {
			sendTraffic();
			modem.stack.channel.close();
		}),
	);
}

main();
