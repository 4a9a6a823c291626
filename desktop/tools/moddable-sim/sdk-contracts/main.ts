/*
 * The SDK modules' contracts (desktop/sdk-standins/contracts) on the SDK's real modules in the
 * Linux simulator: the same checks the Node tests run on the stand-ins, here as lin does
 * (ESP32-only checks are reported skipped). One line per check, then the result line
 * desktop/tools/moddable-sim/run.ts waits for:
 *   CONTRACT pass|fail|skip <module>: <check>[ — <detail>]
 *   SDK-CONTRACTS-RESULT <failed> failed of <run>
 */
import Preference from "preference";
import Timer from "timer";
import AudioOut from "pins/audioout";
import { Request } from "http";
import config from "mc/config";
import { runContract, type ContractCheck, type ContractEnv } from "sdk-contracts/contract";
import { preferenceContract } from "sdk-contracts/preference";
import { timerContract } from "sdk-contracts/timer";
import { audioOutContract } from "sdk-contracts/audioout";
import { httpContract } from "sdk-contracts/http";

const PLATFORM = "lin";

const env: ContractEnv = {
	wait: (ms) => new Promise((resolve) => Timer.set(() => resolve(), ms)),
};

const contracts: readonly (readonly [string, readonly ContractCheck[]])[] = [
	["preference", preferenceContract(Preference)],
	["timer", timerContract(Timer)],
	["pins/audioout", audioOutContract(AudioOut)],
	// The emulator run.ts started (plain HTTP), and a port it found closed.
	["http", httpContract(Request, { host: String(config.echoHost), port: Number(config.echoPort), closedPort: Number(config.closedPort) })],
];

async function main(): Promise<void> {
	let failed = 0;
	let run = 0;
	for (const [module, checks] of contracts) {
		failed += await runContract(module, checks, env, PLATFORM, (name, check, outcome, detail) => {
			if (outcome !== "skip") run++;
			trace(`CONTRACT ${outcome} ${name}: ${check}${detail ? ` — ${detail}` : ""}\n`);
		});
	}
	trace(`SDK-CONTRACTS-RESULT ${failed} failed of ${run}\n`);
}

main().catch((error: unknown) => trace(`SDK-CONTRACTS-RESULT aborted: ${String(error)}\n`));
