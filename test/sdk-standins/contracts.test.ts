/*
 * The SDK modules' contracts (desktop/sdk-standins/contracts) on the stand-ins, as the ESP32
 * build: every check runs, the ESP32-only ones too. The same checks run on the SDK's real
 * modules in the simulator: `npm run test:moddable -- --profile sdk-contracts`.
 */
import { resetSdk, sdk } from "../support/sdk-standins/register.ts";
import { test, beforeEach } from "node:test";
import type { ContractCheck, ContractEnv } from "../../desktop/sdk-standins/contracts/contract.ts";

const { preferenceContract } = await import("../../desktop/sdk-standins/contracts/preference.ts");
const { timerContract } = await import("../../desktop/sdk-standins/contracts/timer.ts");
const { default: Preference } = await import("sdk-standins/preference");
const { default: Timer } = await import("sdk-standins/timer");

/** Virtual time: the timers due in `ms` fire, then the promises they settled run. */
const env: ContractEnv = {
	async wait(ms) {
		sdk.timeline.advance(ms);
		await new Promise((resolve) => setImmediate(resolve));
	},
};

beforeEach(() => resetSdk());

function register(module: string, checks: readonly ContractCheck[]): void {
	for (const check of checks) test(`${module}: ${check.name}${check.only ? ` (${check.only})` : ""}`, () => check.run(env));
}

register("preference", preferenceContract(Preference));
register("timer", timerContract(Timer));
