/*
 * The SDK modules' contracts (desktop/sdk-standins/contracts) on the stand-ins, as the ESP32
 * build: every check runs, the ESP32-only ones too. The same checks run on the SDK's real
 * modules in the simulator: `npm run test:moddable -- --profile sdk-contracts`.
 */
import { resetSdk, sdk } from "../support/sdk-standins/register.ts";
import { test, beforeEach } from "node:test";
import type { ContractCheck, ContractEnv } from "sdk-contracts/contract";

const { preferenceContract } = await import("sdk-contracts/preference");
const { timerContract } = await import("sdk-contracts/timer");
const { audioOutContract, CONTRACT_AUDIO } = await import("sdk-contracts/audioout");
const { default: Preference } = await import("sdk-standins/preference");
const { default: Timer } = await import("sdk-standins/timer");
const { default: AudioOut } = await import("sdk-standins/audioout");

/** Virtual time: the timers due in `ms` fire, then the promises they settled run. */
const env: ContractEnv = {
	async wait(ms) {
		sdk.timeline.advance(ms);
		await new Promise((resolve) => setImmediate(resolve));
	},
};

beforeEach(() => {
	resetSdk();
	sdk.audioDefines = { ...CONTRACT_AUDIO };
});

function register(module: string, checks: readonly ContractCheck[]): void {
	for (const check of checks) test(`${module}: ${check.name}${check.only ? ` (${check.only})` : ""}`, () => check.run(env));
}

register("preference", preferenceContract(Preference));
register("timer", timerContract(Timer));
register("pins/audioout", audioOutContract(AudioOut));
