/*
 * The board self-test (hosts/esp32s3/README.md, "Self-test"): checks on the board what
 * desktop runs cannot, one `PASS`/`FAIL`/`needs the board` line each on the console, the
 * summary on the OLED. The same main runs in the simulator, where the board-only checks
 * say "needs the board".
 */
import config from "mc/config";
import { selfTestFinished, selfTestParts } from "board/self-test-parts";
import { finalLine, resultLine, runChecks, summaryRows } from "self-test/checks";
import { textFrame } from "self-test/frames";
import { readSelfTestConfig, selfTestChecks } from "self-test/plan";

export default function main(): void {
	const parts = selfTestParts();
	const settings = readSelfTestConfig(config as Record<string, unknown>);
	const checks = selfTestChecks(parts, settings);
	trace(`SELF-TEST ${checks.length} checks; echo server ${settings.echoUrl}\n`);
	parts.screen?.show(textFrame(["SELF-TEST", `${checks.length} checks running`]));
	runChecks(checks, parts.timers, (result) => trace(`${resultLine(result)}\n`)).then(
		(results) => {
			parts.screen?.show(textFrame(summaryRows(results)));
			trace(`${finalLine(results)}\n`);
			selfTestFinished(results);
		},
		(error: unknown) => trace(`SELF-TEST FAILED: ${String(error)}\n`),
	);
}
