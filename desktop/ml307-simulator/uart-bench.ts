/*
 * UART traffic of one 4G activation of the captured device: the activation flow runs over
 * the simulated ML307R (real HTTPS to the embedded emulator behind it) and the link
 * counts the bytes each way. Used by `npm run bench` (desktop/bench/sections/ml307.ts).
 */

import { startEmulator } from "../emulator/server.ts";
import { VirtualClock } from "../node/clock.ts";
import { NvsStore } from "../node/nvs-store.ts";
import { loadDeviceProfile } from "../node/device-profile.ts";
import { nodeDeviceParts } from "../node/device-parts.ts";
import type { HttpRequest, HttpResult, HttpTransport } from "../../modules/activation/interfaces.ts";
import { startDevice } from "../../modules/device/device.ts";
import { createNodeSimulatedModem } from "./node.ts";
import type { LinkStats } from "./link.ts";
import { printLinkThroughput } from "./link-bench.ts";

export interface UartFigure {
	readonly label: string;
	/** ESP32 → modem bytes. */
	readonly tx: number;
	/** Modem → ESP32 bytes. */
	readonly rx: number;
	readonly atCommands: number;
}

export interface Ml307TrafficFigures {
	readonly bringUp: UartFigure;
	/** First status query: board facts (AT+COPS?/CSQ/ICCID/CEREG?) and the HTTPS POST. */
	readonly statusQuery: UartFigure;
	/** First POST /xiaozhi/ota/activate. */
	readonly activation: UartFigure;
	readonly wholeRun: UartFigure & { readonly requests: number; readonly outcome: string };
}

export async function measureMl307Traffic(): Promise<Ml307TrafficFigures> {
	const profile = loadDeviceProfile();
	const clock = new VirtualClock(0);
	const emulator = await startEmulator({ profile: "official", clock, autoBindAfterMs: 7000 });
	const modem = createNodeSimulatedModem({ caPem: emulator.caPem });
	const snapshot = (): LinkStats & { commands: number } => ({ ...modem.link.stats, commands: modem.simulator.commands.length });
	const figure = (label: string, from: ReturnType<typeof snapshot>, to: ReturnType<typeof snapshot>): UartFigure => ({
		label,
		tx: to.hostToModem - from.hostToModem,
		rx: to.modemToHost - from.modemToHost,
		atCommands: to.commands - from.commands,
	});
	try {
		const start = snapshot();
		let afterBringUp: ReturnType<typeof snapshot> | undefined;
		const perRequest: { path: string; figure: UartFigure }[] = [];
		let mark = start;
		const metered: HttpTransport = {
			async request(request: HttpRequest): Promise<HttpResult> {
				const result = await modem.stack.http.request(request);
				const now = snapshot();
				perRequest.push({ path: new URL(request.url).pathname, figure: figure(request.url, mark, now) });
				mark = now;
				return result;
			},
		};
		// The board's composition on virtual time: it brings the modem up (the modem's own AT answers on real timers, ~1 ms), then runs the flow.
		const device = startDevice(
			nodeDeviceParts({
				profile: profile,
				otaUrl: emulator.otaUrl,
				clock,
				store: new NvsStore({ initial: profile.nvs }),
				network: { kind: "ml307", stack: { ...modem.stack, http: metered } },
				bringUp: { maxDetectRounds: 2 },
				onEvent(event) {
					if (event.type === "modem" && event.status === "ready") mark = afterBringUp = snapshot();
				},
			}),
		);
		const outcome = await device.run();
		if (!afterBringUp) throw new Error(`simulated modem did not come up: ${outcome.status}`);
		const check = perRequest.find((r) => r.path === "/xiaozhi/ota/");
		const activate = perRequest.find((r) => r.path === "/xiaozhi/ota/activate");
		if (!check || !activate) throw new Error("the run made no status query or no activation request");
		return {
			bringUp: figure("bring-up", start, afterBringUp),
			statusQuery: { ...check.figure, label: "status query (board facts + POST /xiaozhi/ota/)" },
			activation: { ...activate.figure, label: "activation (POST /xiaozhi/ota/activate)" },
			wholeRun: { ...figure("whole run after bring-up", afterBringUp, snapshot()), requests: perRequest.length, outcome: outcome.status },
		};
	} finally {
		modem.stack.channel.close();
		await emulator.close();
	}
}

function line(f: UartFigure): string {
	return `  ${f.label.padEnd(52)} ESP32→modem ${String(f.tx).padStart(6)} B  modem→ESP32 ${String(f.rx).padStart(6)} B  ${String(f.atCommands).padStart(3)} AT commands`;
}

/** Bench section: prints the figures. */
export async function run(): Promise<void> {
	const figures = await measureMl307Traffic();
	console.log("ML307R UART traffic (simulated modem, captured device, official emulator profile):");
	console.log(line(figures.bringUp));
	console.log(line(figures.statusQuery));
	console.log(line(figures.activation));
	const status = figures.statusQuery;
	const activation = figures.activation;
	console.log(
		`  ${"one status query + one activation".padEnd(52)} ESP32→modem ${String(status.tx + activation.tx).padStart(6)} B  modem→ESP32 ${String(status.rx + activation.rx).padStart(6)} B`,
	);
	console.log(line({ ...figures.wholeRun, label: `whole run: ${figures.wholeRun.requests} requests, ${figures.wholeRun.outcome}` }));
	await printLinkThroughput();
}
