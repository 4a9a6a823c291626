/*
 * The device program the XS runner evaluates: asks Node for its configuration and runs
 * the device composition (modules/device) on the bridged host, whose network is Node's
 * HTTPS with the profile's board facts; hands the outcome back. Nothing here is specific
 * to Node; only the host behind the bridge is.
 */
import type { ActivationConfig } from "activation/machine";
import { startDevice, type NetworkOption } from "device/device";
import { timersFromClock } from "ml307/io";
import { bridgedHost, call, forwardActivationEvent, onStopRequested, reportDeviceOutcome } from "./xs-bridge.ts";
import { bridgedFeedback } from "./xs-feedback.ts";

function main(): void {
	const config = call({ op: "config" }) as ActivationConfig;
	const direct: NetworkOption = { kind: "stack", stack: { http: bridgedHost.http, board: bridgedHost.facts.board } };
	const device = startDevice({
		...bridgedHost,
		config: { ...config, boardType: config.boardName },
		timers: timersFromClock(bridgedHost.clock),
		system: bridgedHost.facts.system,
		networks: { ml307: () => direct, wifi: () => direct },
		feedback: bridgedFeedback(config.language),
		onEvent: forwardActivationEvent,
	});
	onStopRequested(() => device.stop());
	reportDeviceOutcome(device.run());
}

main();
