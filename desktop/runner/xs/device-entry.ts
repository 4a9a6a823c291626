/*
 * The device program the XS runner evaluates: asks Node for its configuration and runs
 * the device composition (modules/device) on the bridged host, whose network is Node's
 * HTTPS with the profile's board facts, and on the device's timers (xs-timers.ts); hands
 * the outcome back. Nothing here is specific to Node; only the host behind the bridge is.
 */
import type { ActivationConfig } from "activation/machine";
import { startDevice, type NetworkOption } from "device/device";
import { bridgedHost, call, forwardActivationEvent, onStopRequested, reportDeviceOutcome } from "./xs-bridge.ts";
import { bridgedOutputs } from "./xs-outputs.ts";
import { BridgedTimers } from "./xs-timers.ts";

function main(): void {
	const config = call({ op: "config" }) as ActivationConfig;
	const direct: NetworkOption = { kind: "stack", stack: { http: bridgedHost.http, board: bridgedHost.facts.board } };
	const timers = new BridgedTimers();
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
