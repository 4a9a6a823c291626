/*
 * One composition of the device: modules/device/device.ts is the only place that builds
 * an ActivationFlow (tests of the flow itself aside), and every runner goes through it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SKIP = new Set(["node_modules", ".git", ".cache", "build", "out"]);
const COMPOSITION = "modules/device/device.ts";
/** Tests of the flow itself may build it by hand. */
const FLOW_TESTS = /^test\/activation\/flow\//;
const RUNNERS = [
	"main.ts",
	"desktop/runner/xs/device-entry.ts",
	"desktop/runner/xs/modem-device-entry.ts",
	"test/support/node-device.ts",
	"desktop/ml307-simulator/uart-bench.ts",
	"test/desktop/ml307-simulator/activation-over-modem.test.ts",
];

function sourceFiles(dir: string, out: string[] = []): string[] {
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		if (SKIP.has(entry.name)) continue;
		const path = join(dir, entry.name);
		if (entry.isDirectory()) sourceFiles(path, out);
		else if (/\.(ts|mts|js|mjs)$/.test(entry.name)) out.push(relative(ROOT, path));
	}
	return out;
}

test("only the device composition builds an ActivationFlow (flow tests aside)", () => {
	const composers = sourceFiles(ROOT).filter((file) => readFileSync(join(ROOT, file), "utf8").includes("new ActivationFlow("));
	const outside = composers.filter((file) => file !== COMPOSITION && !FLOW_TESTS.test(file) && file !== "test/architecture/one-composition.test.ts");
	assert.deepEqual(outside, [], "these compose the device by hand instead of calling startDevice");
	assert.ok(composers.includes(COMPOSITION));
});

test("every runner calls the composition, and only it brings the modem up", () => {
	for (const runner of RUNNERS) assert.match(readFileSync(join(ROOT, runner), "utf8"), /startDevice\(/, `${runner} calls startDevice`);
	const bringUps = sourceFiles(ROOT).filter((file) => /\bbringUpModem\(/.test(readFileSync(join(ROOT, file), "utf8")));
	// The board self-test is no runner of the device: it brings the modem up to test the UART and the modem's HTTP stack.
	const allowed = new Set([COMPOSITION, "modules/ml307/modem.ts", "desktop/ml307-simulator/index.ts", "modules/self-test/modem.ts"]);
	assert.deepEqual(bringUps.filter((file) => !allowed.has(file) && !/^test\//.test(file)), [], "runners leave the modem bring-up to the composition");
});

test("the board's platform gives parts only: no flow, no network choice, no bring-up of its own", () => {
	for (const file of ["hosts/esp32s3/platform.ts", "hosts/lin/platform.ts"]) {
		const text = readFileSync(join(ROOT, file), "utf8");
		assert.doesNotMatch(text, /ActivationFlow|chooseNetwork|bringUpModem|createMl307Stack/, file);
	}
	const network = readFileSync(join(ROOT, "modules/device/network-choice.ts"), "utf8");
	assert.doesNotMatch(network, /from "ml307\//, "the network choice does not depend on the modem driver");
});
