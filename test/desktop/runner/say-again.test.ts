/*
 * `--say-again SECONDS` (the build's config.announceRepeatSeconds): a pending code is said
 * again, by the device's own announcer on the device's timers, in the plain runner and in
 * the `--board` run alike, at the same device times. In both runners a held request blocks
 * the XS VM, so a repeat falls due at the first turn after the hold (the board and the lin
 * build, whose requests do not block, say it exactly when due; test/device/feedback.spec.ts).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { runCli } from "../../support/cli.ts";

/** Device ms at which each readout began (its prompt clip), from the run's --json sound events. */
function readoutsAt(stdout: string): number[] {
	return stdout
		.split("\n")
		.filter((line) => line.startsWith("{"))
		.map((line) => JSON.parse(line) as { type: string; action?: string; clip?: string; atMs?: number })
		.filter((event) => event.type === "sound" && event.action === "play" && event.clip?.endsWith("prompt"))
		.map((event) => event.atMs!);
}

const RUN = ["--json", "--virtual-time", "--stop-after", "120"];

test("--say-again: the plain runner and --board say a pending code again at the same device times; without it, once", async () => {
	const [runner, board, boardOnce] = await Promise.all([
		runCli([...RUN, "--say-again", "10"]),
		runCli(["--board", ...RUN, "--say-again", "10"]),
		runCli(["--board", ...RUN]),
	]);
	for (const run of [runner, board, boardOnce]) assert.equal(run.code, 1, `stopped, not activated: ${run.stderr}`);
	const plain = readoutsAt(runner.stdout);
	const onBoard = readoutsAt(board.stdout);
	console.log(`# readouts began at ${plain.map((ms) => (ms / 1000).toFixed(1)).join(", ")} s (runner), ${onBoard.map((ms) => (ms / 1000).toFixed(1)).join(", ")} s (--board)`);
	assert.ok(plain.length >= 2, `said again in the runner: ${plain}`);
	assert.equal(onBoard.length, plain.length, `--board says it as often: ${onBoard} vs ${plain}`);
	onBoard.forEach((ms, index) => assert.ok(Math.abs(ms - plain[index]!) < 1000, `readout ${index + 1} at ${ms} ms on --board, ${plain[index]} ms in the runner`));
	assert.equal(readoutsAt(boardOnce.stdout).length, 1, "without --say-again the code is read once");
});
