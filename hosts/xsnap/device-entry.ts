/*
 * The device program the XS runner evaluates: asks Node for its configuration, runs the
 * activation flow on the bridged host and hands the outcome back. Nothing here is
 * specific to Node; only the host behind the bridge is.
 */
import { ActivationFlow, type ActivationConfig } from "activation/machine";
import { bridgedHost, call, onStopRequested, reportOutcome } from "./xs-bridge.ts";
import { bridgedFeedback } from "./xs-feedback.ts";

function main(): void {
	const config = call({ op: "config" }) as ActivationConfig;
	const feedback = bridgedFeedback(config.language);
	const flow = new ActivationFlow(bridgedHost, config, (event) => (call({ op: "event", event }), feedback.onEvent(event)));
	onStopRequested(() => flow.stop());
	reportOutcome(flow.run().finally(() => feedback.end()));
}

main();
