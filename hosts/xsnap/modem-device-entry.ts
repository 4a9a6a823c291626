/*
 * The device program in 4G mode (`--network ml307`): inside XS, the simulated ML307R
 * (serial peer + AT driver + modem HTTP transport, on the modem's own virtual clock)
 * whose "internet" is the bridged Node HTTPS transport. Brings the modem up as the
 * firmware does (status shown, retried every 10 s of device time), then runs the
 * activation flow with the modem's HTTP and board facts.
 */
import type { ActivationOutcome } from "activation/events";
import type { ActivationHost, BoardFacts, HttpRequest, HttpResult, HttpTransport } from "activation/interfaces";
import { ActivationFlow, type ActivationConfig } from "activation/machine";
import { timersFromClock, type TimerHandle, type Timers } from "ml307/io";
import { MODEM_MESSAGES, type ModemStatus } from "ml307/messages";
import { bringUpModem } from "ml307/modem";
import { createSelfDrivenModem, type ModemScript } from "../../emulator/ml307/index.ts";
import type { ModemRequestTraffic, ModemSetup, UartBytes } from "./bridge-protocol.ts";
import { bridgedHost, call, onStopRequested, reportOutcome } from "./xs-bridge.ts";
import { bridgedFeedback } from "./xs-feedback.ts";

/** The firmware's text for a modem state, in the build's language. */
function statusText(status: ModemStatus, language: string): string {
	const message = MODEM_MESSAGES[status];
	return language.startsWith("zh") ? message.zh : message.en;
}

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

async function main(stopped: () => boolean): Promise<ActivationOutcome> {
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

	// The 10 s retry waits are device time (real in the CLI, the shared virtual clock in
	// tests), not modem time: that is where the user waits and where a stop can land.
	const deviceTimers = timersFromClock(deviceClock);
	const retryTimers: Timers = {
		now: () => deviceTimers.now(),
		set: (callback: () => void, ms: number): TimerHandle =>
			deviceTimers.set(() => {
				clearFaultsIfDue();
				callback();
			}, ms),
		clear: (handle: TimerHandle) => deviceTimers.clear(handle),
	};

	const onStatus = (status: ModemStatus, detail: string): void => {
		call({ op: "modem.status", status, detail, atMs: deviceClock.now() - startedAt });
		const text = status === "ready" ? "ready" : statusText(status, config.language);
		const line = `modem: ${text}${detail ? ` (${detail})` : ""}`;
		if (status === "no-sim" || status === "registration-denied") bridgedHost.log.warn(`${line}; retry in 10 s`);
		else if (MODEM_MESSAGES[status].alert) bridgedHost.log.error(line);
		else bridgedHost.log.info(line);
	};

	const requests: ModemRequestTraffic[] = [];
	let bringUpBytes: UartBytes = { toModem: 0, fromModem: 0 };
	const boardFactsBytes = { toModem: 0, fromModem: 0 };
	const sendTraffic = (): void => {
		call({
			op: "modem.traffic",
			traffic: {
				total: { toModem: stats.hostToModem, fromModem: stats.modemToHost },
				bringUp: bringUpBytes,
				requests,
				boardFacts: boardFactsBytes,
				atCommands: modem.simulator.commands.length,
			},
		});
	};

	try {
		// Whole bring-up on one modem-time run: no SIM or no network can last many rounds.
		const up = await modem.clock.run(
			bringUpModem(modem.stack.modem, retryTimers, { onStatus, stopped }),
			Number.POSITIVE_INFINITY,
		);
		bringUpBytes = { toModem: stats.hostToModem, fromModem: stats.modemToHost };
		if (!up.ok) {
			if (up.status === "stopped") return { status: "stopped" };
			call({ op: "modem.down", detail: up.detail });
			return { status: "stopped" };
		}

		const http: HttpTransport = {
			async request(request: HttpRequest): Promise<HttpResult> {
				clearFaultsIfDue();
				const toModem = stats.hostToModem;
				const fromModem = stats.modemToHost;
				const result = await modem.http.request(request);
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
			clearFaultsIfDue();
			const toModem = stats.hostToModem;
			const fromModem = stats.modemToHost;
			try {
				return await modem.board();
			} finally {
				boardFactsBytes.toModem += stats.hostToModem - toModem;
				boardFactsBytes.fromModem += stats.modemToHost - fromModem;
			}
		};
		const host: ActivationHost = { ...bridgedHost, http, facts: { system: bridgedHost.facts.system, board } };
		const feedback = bridgedFeedback(config.language);
		const flow = new ActivationFlow(host, config, (event) => (call({ op: "event", event }), feedback.onEvent(event)));
		onStopRequested(() => flow.stop());
		if (stopped()) return { status: "stopped" };
		return await flow.run().finally(() => feedback.end());
	} finally {
		sendTraffic();
		modem.stack.channel.close();
	}
}

let stopRequested = false;
onStopRequested(() => (stopRequested = true));
reportOutcome(main(() => stopRequested));
