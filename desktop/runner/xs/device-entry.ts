/*
 * The device program the XS runner evaluates: asks Node for its configuration and runs
 * the device composition (modules/device) on the bridged host, whose network is Node's
 * HTTPS with the profile's board facts, and on the device's timers (xs-timers.ts); hands
 * the outcome back. Nothing here is specific to Node; only the host behind the bridge is.
 */
import type { HttpTransport } from "activation/interfaces";
import type { ActivationConfig } from "activation/machine";
import { startDevice, type NetworkOption } from "device/device";
import { bridgedHost, call, forwardActivationEvent, onStopRequested, reportDeviceOutcome } from "./xs-bridge.ts";
import { bridgedOutputs } from "./xs-outputs.ts";
import { BridgedTimers } from "./xs-timers.ts";

function main(): void {
	const config = call({ op: "config" }) as ActivationConfig;
	const timers = new BridgedTimers();
	// Node's request blocks XS until it answers: it starts from a timer turn of its own, as the
	// board's modem HTTP runs from its UART's callbacks, so a device timer due before it (a
	// code said again) fires first.
	const http: HttpTransport = { request: (request) => new Promise((resolve) => timers.set(() => resolve(bridgedHost.http.request(request)), 0)) };
	const direct: NetworkOption = { kind: "stack", stack: { http, board: bridgedHost.facts.board } };
	const device = startDevice({
		...bridgedHost,
		...bridgedOutputs(),
		config: { ...config, boardType: config.boardName },
		timers,
		system: bridgedHost.facts.system,
		networks: { ml307: () => direct, wifi: () => direct },
		onEvent: forwardActivationEvent,
	});
	onStopRequested(() => device.stop());
	reportDeviceOutcome(timers.run(device.run()));
}

main();
