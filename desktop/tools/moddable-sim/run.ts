/*
 * `npm run test:moddable`: the whole activation on Moddable's real runtime (XS, Poco, the
 * HTTP client and TLS, Preference, Timer) in the Linux simulator, against the local
 * emulator. Builds the app for lin with mcconfig, runs it headless in mcsim, plays the user
 * (binds the code the device shows, as if typed on the console), and passes only when the
 * device reports "activated" with a 128x32 PNG of its final screen saved.
 *
 * Needs a Moddable SDK built by hand ($MODDABLE, its Linux tools) and xvfb-run when there is
 * no display. Without $MODDABLE it says it was skipped: that is not a pass, and this script
 * is not part of `npm test`.
 *
 * Memory: every run prints the simulator's figures (hosts/lin/memory-probe.ts): live slots
 * after a full collection right after main(), at their peak and at rest, the XS stack's peak,
 * and the collections XS made by itself per second while the code was pending. "bare" runs
 * the yardstick (desktop/tools/moddable-sim/bare-client: one HTTPS POST of the captured report, then
 * one every 3 s, same creation numbers); "all" runs it first and prints each profile's
 * figures beside it.
 *
 *   node --import tsx desktop/tools/moddable-sim/run.ts [--profile all|bare|captured-ml307|v2-ml307|wifi|captured-ml307-4g|self-test|wifi-setup|sdk-contracts]
 *        [--timeout 120] [--bind-after-ms 10000] [--out out/moddable-sim]
 * "all" (the default) runs the bare client, then the profiles and the board self-test, one simulator at a time.
 *
 * "self-test" (`npm run test:self-test`) builds the board self-test (hosts/esp32s3/self-test) for
 * lin and runs it with the ML307R simulator behind the socket UART and the emulator's POST /echo:
 * it passes when the modem, both UART rates' 4 KB echoes, NVS and the OLED pattern pass, the
 * speaker, LED and BOOT checks say "needs the board", and the frames it drew are, pixel for
 * pixel, the test pattern and the summary.
 *
 * "sdk-contracts" runs the SDK modules' contracts (desktop/sdk-standins/contracts, which the Node
 * tests run on the stand-ins) on the SDK's real modules in the simulator
 * (desktop/tools/moddable-sim/sdk-contracts): it passes when every check lin can show passes.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startEmulator, type Emulator } from "../../emulator/server.ts";
import { ensureTestCertificates } from "../../emulator/certs.ts";
import { XsbugSession } from "./xsbug-session.ts";
import { missingGlyphsProblem } from "../prerequisites.ts";
import { startModemSocket, type ModemSocket } from "./modem-socket.ts";
import { pngToFrame } from "../frames.ts";
import { framesEqual } from "../../../modules/screens/frame.ts";
import { summaryRows, type CheckResult, type CheckStatus } from "../../../modules/self-test/checks.ts";
import { ECHO_BYTES } from "../../../modules/self-test/echo.ts";
import { testPatternFrame, textFrame } from "../../../modules/self-test/frames.ts";
import { visitSetupPage, type PageVisit } from "./wifi-setup-page.ts";
import { freeSetupPorts, freeTcpPort } from "../../node/free-port.ts";

/** The 4G run: the captured profile, its requests through the ML307R simulator behind hosts/lin/io/modem-serial.ts. */
const MODEM_SUFFIX = "-4g";
/**
 * The Wi-Fi setup run: the wifi profile with nothing stored, the board's radio path (the SDK's
 * simulated wifi, its real http Server and dns/server on host ports); Chromium sets it up.
 */
const WIFI_SETUP_RUN = "wifi-setup";
/** The SDK modules' contracts on the real modules (the Node tests run them on the stand-ins). */
const SDK_CONTRACTS_RUN = "sdk-contracts";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const CACHE = join(ROOT, ".cache/moddable-sim");
/** Where the lin build keeps Preference (manifest.json platforms.lin config.file.root). */
const PREFERENCE_ROOT = "/tmp/xiaozhi-moddable-sim/";
/** The same for the self-test (hosts/esp32s3/self-test/manifest.json). */
const SELF_TEST_PREFERENCE_ROOT = "/tmp/xiaozhi-self-test/";

const { values } = parseArgs({
	options: {
		profile: { type: "string", default: "all" },
		timeout: { type: "string", default: "120" },
		// Long enough for several 3-s polls: the pending window the collection rate is taken over.
		"bind-after-ms": { type: "string", default: "10000" },
		out: { type: "string", default: "out/moddable-sim" },
	},
});

function fail(message: string): never {
	console.error(`test:moddable FAILED: ${message}`);
	process.exit(1);
}

function pngSize(path: string): { width: number; height: number } {
	const png = readFileSync(path);
	if (png.length < 24 || png.toString("latin1", 1, 4) !== "PNG") throw new Error(`${path} is not a PNG`);
	return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** The figures a memory-probe run prints (MEMORY lines), in slots; a slot is 16 bytes on the ESP32. */
interface MemoryFigures {
	afterMain?: number;
	peak?: number;
	/**
	 * Live slots the simulator's modem port (hosts/lin/io/modem-serial: port model, socket) keeps
	 * at its last open, which the board's native port keeps in C: part of every live figure after it.
	 */
	standIn?: number;
	/** Live chunk bytes (strings, buffers) after a full collection: after main(), at the peak, at rest, the stand-in's. */
	chunkAfterMain?: number;
	chunkPeak?: number;
	chunkAtRest?: number;
	chunkStandIn?: number;
	atRest?: number;
	/** The XS stack's deepest point inside the first screen draw (the frames below it included). */
	stackFirstDraw?: number;
	/** The same, over every screen draw of the run. */
	stackDeepestDraw?: number;
	/** The same, for the code screen's renderer alone, from a timer turn at the end. */
	stackRender?: number;
	stackPeak?: number;
	pendingCollections?: number;
	pendingSeconds?: number;
}

const SLOT_BYTES_LIN = 32;

/** The MEMORY lines that set one figure, and the value of the line they take. */
const FIGURE_LINES: ReadonlyMap<string, readonly [keyof MemoryFigures, "live" | "stack"]> = new Map([
	["after-main", ["afterMain", "live"]],
	["at-rest", ["atRest", "live"]],
	["peak", ["peak", "live"]],
	["stand-in", ["standIn", "live"]],
	["first-draw", ["stackFirstDraw", "stack"]],
	["deepest-draw", ["stackDeepestDraw", "stack"]],
	["render", ["stackRender", "stack"]],
]);

/** The MEMORY lines that also carry live chunk bytes (`chunk=`), and the figure each sets. */
const CHUNK_FIGURES: ReadonlyMap<string, keyof MemoryFigures> = new Map([
	["after-main", "chunkAfterMain"],
	["at-rest", "chunkAtRest"],
	["peak", "chunkPeak"],
	["stand-in", "chunkStandIn"],
]);

/**
 * Reads the probe's MEMORY lines and the simulator's once-a-second samples, in the order the
 * debugger connection delivers them: the stack peak is the deepest per-second sample, and
 * the pending rate counts the collections of the samples between pending-begin and pending-end.
 */
class MemoryReader {
	readonly figures: MemoryFigures = {};
	#pendingSamples: number | undefined;
	#pendingCollections = 0;

	line(line: string): void {
		const match = /^MEMORY (\S+)(.*)$/.exec(line);
		if (!match) return;
		const values: Record<string, number> = {};
		for (const pair of match[2]!.trim().split(" ")) {
			const [key, value] = pair.split("=");
			if (key && value !== undefined) values[key] = Number(value);
		}
		const figures = this.figures;
		const figure = FIGURE_LINES.get(match[1]!);
		if (figure) {
			figures[figure[0]] = values[figure[1]];
			const chunk = CHUNK_FIGURES.get(match[1]!);
			if (chunk && values.chunk !== undefined) figures[chunk] = values.chunk;
			return;
		}
		switch (match[1]) {
			case "pending-begin":
				this.#pendingSamples = 0;
				this.#pendingCollections = 0;
				break;
			case "pending-end":
				if (this.#pendingSamples) {
					figures.pendingCollections = this.#pendingCollections;
					figures.pendingSeconds = this.#pendingSamples;
				}
				this.#pendingSamples = undefined;
				break;
		}
	}

	sample(values: ReadonlyMap<string, number>): void {
		const stack = values.get("Stack used");
		if (stack !== undefined) this.figures.stackPeak = Math.max(this.figures.stackPeak ?? 0, Math.round(stack / SLOT_BYTES_LIN));
		if (this.#pendingSamples !== undefined) {
			this.#pendingSamples++;
			this.#pendingCollections += values.get("Garbage collections") ?? 0;
		}
	}
}

function collectionsPerSecond(figures: MemoryFigures): number | undefined {
	if (figures.pendingCollections === undefined || !figures.pendingSeconds) return undefined;
	return figures.pendingCollections / figures.pendingSeconds;
}

/** Targets of issue 12, against the bare client's figures: printed, never a failure (a benchmark). */
const TARGETS = Object.freeze({ peakOverBare: 1500, restOverBare: 1000, collectionsPerSecond: 5, firstDrawStack: 239 });

function printFigures(name: string, figures: MemoryFigures, bare: MemoryFigures | undefined): void {
	const show = (value: number | undefined) => (value === undefined ? "-" : String(value));
	const rate = collectionsPerSecond(figures);
	const bareRate = bare ? collectionsPerSecond(bare) : undefined;
	console.log(`memory (${name}; slots; 16 B each on the ESP32, 32 B in this 64-bit simulator):`);
	console.log(`  ${"".padEnd(48)} ${name.padStart(15)} ${"bare client".padStart(12)}`);
	const row = (label: string, value: string, bareValue: string) => console.log(`  ${label.padEnd(48)} ${value.padStart(15)} ${bareValue.padStart(12)}`);
	row("live after a full GC, after main()", show(figures.afterMain), show(bare?.afterMain));
	row("live after a full GC, peak", show(figures.peak), show(bare?.peak));
	row("live after a full GC, at rest", show(figures.atRest), show(bare?.atRest));
	if (figures.standIn !== undefined) row("  of which the stand-in of the board's modem port", show(figures.standIn), "-");
	row("live chunk bytes after a full GC, after main()", show(figures.chunkAfterMain), show(bare?.chunkAfterMain));
	row("live chunk bytes after a full GC, peak", show(figures.chunkPeak), show(bare?.chunkPeak));
	row("live chunk bytes after a full GC, at rest", show(figures.chunkAtRest), show(bare?.chunkAtRest));
	if (figures.chunkStandIn !== undefined) row("  of which the stand-in of the board's modem port", show(figures.chunkStandIn), "-");
	row("stack peak in the first screen draw", show(figures.stackFirstDraw), "-");
	row("stack peak in any screen draw", show(figures.stackDeepestDraw), "-");
	row("stack peak rendering the code screen alone", show(figures.stackRender), "-");
	row("stack peak, whole run (1-s samples)", show(figures.stackPeak), show(bare?.stackPeak));
	row("GCs per second while a code is pending", rate === undefined ? "-" : rate.toFixed(2), bareRate === undefined ? "-" : bareRate.toFixed(2));
	if (!bare || name === "bare") return;
	const verdict = (ok: boolean) => (ok ? "within target" : "OVER TARGET");
	if (figures.peak !== undefined && bare.peak !== undefined)
		console.log(`  peak - bare = ${figures.peak - bare.peak} (target <= ${TARGETS.peakOverBare}): ${verdict(figures.peak - bare.peak <= TARGETS.peakOverBare)}`);
	if (figures.atRest !== undefined && bare.atRest !== undefined)
		console.log(`  at rest - bare = ${figures.atRest - bare.atRest} (target <= ${TARGETS.restOverBare}): ${verdict(figures.atRest - bare.atRest <= TARGETS.restOverBare)}`);
	// What the board would hold: the stand-in's slots are in C on the board (its native port).
	const standIn = figures.standIn;
	if (standIn !== undefined && figures.peak !== undefined && bare.peak !== undefined) {
		const board = figures.peak - standIn - bare.peak;
		console.log(`  the board's share: peak - stand-in - bare = ${board} (target <= ${TARGETS.peakOverBare}): ${verdict(board <= TARGETS.peakOverBare)}`);
	}
	if (standIn !== undefined && figures.atRest !== undefined && bare.atRest !== undefined) {
		const board = figures.atRest - standIn - bare.atRest;
		console.log(`  the board's share: at rest - stand-in - bare = ${board} (target <= ${TARGETS.restOverBare}): ${verdict(board <= TARGETS.restOverBare)}`);
	}
	if (figures.stackFirstDraw !== undefined)
		console.log(`  first-draw stack ${figures.stackFirstDraw} (target <= ${TARGETS.firstDrawStack}): ${verdict(figures.stackFirstDraw <= TARGETS.firstDrawStack)}`);
	if (rate !== undefined) console.log(`  GCs/s while pending ${rate.toFixed(2)} (target <= ${TARGETS.collectionsPerSecond}): ${verdict(rate <= TARGETS.collectionsPerSecond)}`);
}

const figuresPath = (outDir: string, name: string) => join(outDir, `memory-${name}.json`);

function readFigures(outDir: string, name: string): MemoryFigures | undefined {
	const path = figuresPath(outDir, name);
	return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as MemoryFigures) : undefined;
}

/** Builds a lin debug app; mcconfig names it after its manifest's folder. Returns its mc.so. */
function buildForLin(manifest: string, buildDir: string, env: NodeJS.ProcessEnv, args: readonly string[]): string {
	mkdirSync(buildDir, { recursive: true });
	const started = Date.now();
	const build = spawnSync("mcconfig", ["-d", "-m", "-p", "lin", "-f", "gray256", "-t", "build", "-o", buildDir, manifest, ...args], {
		cwd: dirname(manifest),
		env,
		encoding: "utf8",
	});
	if (build.status !== 0) {
		console.error((build.stdout + build.stderr).split("\n").filter((line) => !/^# (xsc|cc|tsc|xsid) /.test(line)).join("\n"));
		fail(`mcconfig exited with ${build.status}`);
	}
	console.log(`built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	const app = join(buildDir, "bin/lin/mc/debug", basename(dirname(manifest)), "mc.so");
	if (!existsSync(app)) fail(`no ${app} after the build`);
	return app;
}

interface SimRun {
	/** The simulator's own peaks over the whole run (chunk, slot, stack bytes; keys). */
	readonly peaks: { name: string; unit: string; peak: number }[];
	readonly outcome: string;
	readonly exceptions: string[];
	readonly figures: MemoryFigures;
}

/**
 * Runs `app` in mcsim until `result` finds the outcome in a line (or the timeout), then stops
 * the simulator and cancels the timeout.
 */
async function runInSimulator(
	moddable: string,
	app: string,
	timeoutMs: number,
	onLine: (line: string) => void,
	result: (line: string) => string | undefined,
	/** Awaited after the outcome, while the simulator still runs (e.g. for its screenshot). */
	beforeStop: () => Promise<void> = () => Promise.resolve(),
	/** False for an app that throws on purpose and catches it (the SDK contracts). */
	stopOnExceptions = true,
): Promise<SimRun> {
	const exceptions: string[] = [];
	const memory = new MemoryReader();
	let resolveResult: (status: string) => void = () => {};
	const finished = new Promise<string>((resolve) => (resolveResult = resolve));
	const home = mkdtempSync(join(tmpdir(), "xiaozhi-mcsim-home-"));
	// mcsim copies the app into ~/.config/tech.moddable.mcsim/ and expects the folder.
	mkdirSync(join(home, ".config/tech.moddable.mcsim"), { recursive: true });
	const wrapper = process.env.DISPLAY ? [] : ["xvfb-run", "-a", "-s", "-screen 0 640x480x24 -nolisten tcp"];
	if (wrapper.length && spawnSync("which", ["xvfb-run"]).status !== 0) fail("no DISPLAY and no xvfb-run (apt-get install xvfb)");
	const session = new XsbugSession({
		moddable,
		app,
		simsDir: join(ROOT, "hosts/lin/sims"),
		home,
		wrapper,
		stopOnExceptions,
		onLine(line) {
			console.log(`  [device] ${line}`);
			memory.line(line);
			onLine(line);
			const status = result(line);
			if (status !== undefined) resolveResult(status);
			if (line.startsWith("XS abort")) resolveResult(line);
		},
		onException(text) {
			exceptions.push(text);
			console.log(`  [exception] ${text}`);
		},
		onSample: (values) => memory.sample(values),
	});
	let timer: NodeJS.Timeout | undefined;
	try {
		await session.start();
		const outcome = await Promise.race([
			finished,
			session.exited().then((code) => `mcsim exited (${code})`),
			new Promise<string>((resolve) => (timer = setTimeout(() => resolve(`no result within ${timeoutMs / 1000} s`), timeoutMs))),
		]);
		clearTimeout(timer);
		await beforeStop();
		await session.stop();
		return { outcome, exceptions, figures: memory.figures, peaks: session.peaks.filter((peak) => /chunk|slot|stack|keys/i.test(peak.name)) };
	} finally {
		clearTimeout(timer);
		await session.stop();
		rmSync(home, { recursive: true, force: true });
	}
}

function simulatorEnv(moddable: string): NodeJS.ProcessEnv {
	return { ...process.env, PATH: [join(ROOT, "node_modules/.bin"), join(moddable, "build/bin/lin/release"), process.env.PATH].join(delimiter) };
}

function prepareCache(profilePath: string): { certificateDir: string } {
	// What the simulator builds ship: the device profile, the captured report and the emulator's CA (DER).
	mkdirSync(CACHE, { recursive: true });
	copyFileSync(profilePath, join(CACHE, "device-profile.json"));
	copyFileSync(join(ROOT, "test/fixtures/ota-request-1.json"), join(CACHE, "ota-report.json"));
	const certificates = ensureTestCertificates(join(CACHE, "test-ca-v2"));
	execFileSync("openssl", ["x509", "-in", certificates.caPath, "-outform", "DER", "-out", join(CACHE, "emulator-ca.der")]);
	return { certificateDir: certificates.dir };
}

/** The bare HTTPS client, the same build and probe: the yardstick for the app's figures. */
async function runBare(moddable: string, outDir: string, timeoutMs: number): Promise<void> {
	const profile = JSON.parse(readFileSync(join(ROOT, "profiles/captured-ml307.json"), "utf8")) as { system: { mac: string }; nvs?: { board?: { uuid?: string } } };
	const { certificateDir } = prepareCache(join(ROOT, "profiles/captured-ml307.json"));
	const emulator = await startEmulator({ profile: "official", port: 0, certificateDir });
	try {
		console.log(`building the bare HTTPS client for lin (emulator at ${emulator.otaUrl})`);
		const app = buildForLin(join(ROOT, "desktop/tools/moddable-sim/bare-client/manifest.json"), join(ROOT, "build/moddable-sim-bare"), simulatorEnv(moddable), [
			`otaUrl=${emulator.otaUrl}`,
			`deviceId=${profile.system.mac.toLowerCase()}`,
			`clientId=${profile.nvs?.board?.uuid ?? "00000000-0000-4000-8000-000000000000"}`,
		]);
		const run = await runInSimulator(moddable, app, timeoutMs, () => {}, (line) => /^BARE-RESULT (.+)$/.exec(line)?.[1]);
		console.log(`result: ${run.outcome}`);
		for (const peak of run.peaks) console.log(`peak ${peak.name}: ${peak.peak} ${peak.unit}`);
		printFigures("bare", run.figures, undefined);
		if (!run.outcome.startsWith("ok")) fail(`the bare client did not finish (${run.outcome})`);
		if (run.exceptions.length) fail(`${run.exceptions.length} uncaught exception(s) in the bare client`);
		writeFileSync(figuresPath(outDir, "bare"), JSON.stringify(run.figures));
		console.log("bare client PASSED");
	} finally {
		await emulator.close();
	}
}

/** What the self-test must report in the simulator: each check's status, as on a desktop with the simulated modem. */
const SELF_TEST_EXPECTED: readonly (readonly [string, CheckStatus])[] = [
	["modem", "pass"],
	["uart 115200", "pass"],
	["uart 921600", "pass"],
	["nvs", "pass"],
	["oled", "pass"],
	["speaker", "needs-board"],
	["led", "needs-board"],
	["button", "needs-board"],
];
const STATUS_OF_WORD: Readonly<Record<string, CheckStatus>> = { PASS: "pass", FAIL: "fail", "needs the board": "needs-board" };

/** The check results of the self-test's console lines (`PASS nvs: …`). */
function selfTestResults(lines: readonly string[]): CheckResult[] {
	const results: CheckResult[] = [];
	for (const line of lines) {
		const match = /^(PASS|FAIL|needs the board) ([^:]+): (.*)$/.exec(line);
		if (match) results.push({ name: match[2]!, status: STATUS_OF_WORD[match[1]!]!, detail: match[3]! });
	}
	return results;
}

/** The frames the self-test drew must include the exact test pattern and end with the exact summary. */
function checkSelfTestFrames(dir: string, results: readonly CheckResult[]): void {
	const shots = existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith(".png")).sort() : [];
	if (shots.length < 2) fail(`the self-test saved ${shots.length} frames in ${dir}`);
	const frames = shots.map((name) => pngToFrame(readFileSync(join(dir, name))));
	const pattern = frames.findIndex((frame) => framesEqual(frame, testPatternFrame()));
	if (pattern < 0) fail(`no saved frame is the test pattern (${shots.join(", ")})`);
	if (!framesEqual(frames[frames.length - 1]!, textFrame(summaryRows(results)))) fail(`the last frame (${shots[shots.length - 1]}) is not the summary`);
	console.log(`frames: ${shots.length} saved; ${shots[pattern]} is the test pattern, ${shots[shots.length - 1]} the summary (${dir})`);
}

/** The board self-test in the simulator, with the modem simulator and the emulator's echo. */
async function runSelfTest(moddable: string, outDir: string, timeoutMs: number): Promise<void> {
	const certificates = ensureTestCertificates(join(CACHE, "test-ca-v2"));
	const emulator = await startEmulator({ profile: "official", port: 0, certificateDir: certificates.dir });
	const modemSocket = await startModemSocket({ caPem: emulator.caPem });
	try {
		const shots = join(outDir, "self-test");
		rmSync(shots, { recursive: true, force: true });
		mkdirSync(shots, { recursive: true });
		console.log(`building the board self-test for lin (echo at ${emulator.echoUrl}, modem simulator on port ${modemSocket.port})`);
		const app = buildForLin(join(ROOT, "hosts/esp32s3/self-test/manifest.json"), join(ROOT, "build/moddable-sim-self-test"), simulatorEnv(moddable), [
			`echoUrl=${emulator.echoUrl}`,
			`modemSocket=${modemSocket.port}`,
			`screenshotDir=${shots}`,
			"patternMs=1500",
			"bringUpMs=60000",
		]);
		rmSync(SELF_TEST_PREFERENCE_ROOT, { recursive: true, force: true });
		mkdirSync(SELF_TEST_PREFERENCE_ROOT, { recursive: true });
		const lines: string[] = [];
		const run = await runInSimulator(moddable, app, timeoutMs, (line) => lines.push(line), (line) => /^SELF-TEST-RESULT (.+)$/.exec(line)?.[1]);
		console.log(`result: ${run.outcome}`);
		const results = selfTestResults(lines);
		const got = results.map((result) => `${result.name} ${result.status}`).join(", ");
		if (got !== SELF_TEST_EXPECTED.map(([name, status]) => `${name} ${status}`).join(", ")) fail(`the self-test reported ${got || "nothing"}`);
		const echoes = emulator.requests.filter((request) => request.path === "/echo").map((request) => request.body.length);
		if (echoes.join() !== [ECHO_BYTES, ECHO_BYTES].join()) fail(`the echo server saw bodies of ${echoes.join(", ") || "no"} bytes, not two of ${ECHO_BYTES}`);
		if (run.exceptions.length) fail(`${run.exceptions.length} uncaught exception(s) in the self-test`);
		checkSelfTestFrames(shots, results);
		console.log("self-test PASSED");
	} finally {
		await modemSocket.close();
		await emulator.close();
	}
}

/** Where the contracts' lin build keeps Preference (desktop/tools/moddable-sim/sdk-contracts/manifest.json). */
const CONTRACTS_PREFERENCE_ROOT = "/tmp/xiaozhi-sdk-contracts/";

/** The SDK contracts on the real modules: every check lin runs passes, and some ran. */
async function runSdkContracts(moddable: string, timeoutMs: number): Promise<void> {
	const emulator = await startEmulator({ profile: "official", port: 0, plainHttp: true });
	try {
		const echo = new URL(emulator.echoUrl);
		const closedPort = await freeTcpPort();
		console.log(`building the SDK contracts for lin (echo at ${emulator.echoUrl}, port ${closedPort} closed)`);
		const app = buildForLin(join(ROOT, "desktop/tools/moddable-sim/sdk-contracts/manifest.json"), join(ROOT, "build/moddable-sim-sdk-contracts"), simulatorEnv(moddable), [
			`echoHost=${echo.hostname}`,
			`echoPort=${echo.port}`,
			`closedPort=${closedPort}`,
		]);
		await runContractsApp(moddable, app, timeoutMs);
	} finally {
		await emulator.close();
	}
}

async function runContractsApp(moddable: string, app: string, timeoutMs: number): Promise<void> {
	rmSync(CONTRACTS_PREFERENCE_ROOT, { recursive: true, force: true });
	mkdirSync(CONTRACTS_PREFERENCE_ROOT, { recursive: true });
	const lines: string[] = [];
	const run = await runInSimulator(moddable, app, timeoutMs, (line) => lines.push(line), (line) => /^SDK-CONTRACTS-RESULT (.+)$/.exec(line)?.[1], undefined, false);
	const counts = { pass: 0, fail: 0, skip: 0 };
	for (const line of lines) {
		const outcome = /^CONTRACT (pass|fail|skip) /.exec(line)?.[1] as keyof typeof counts | undefined;
		if (outcome) counts[outcome]++;
	}
	console.log(`result: ${run.outcome} (${counts.pass} passed, ${counts.fail} failed, ${counts.skip} skipped: ESP32 only)`);
	// The app's own count must agree with its lines (nothing lost), and something must have run.
	if (run.outcome !== `0 failed of ${counts.pass}` || counts.fail > 0 || counts.pass === 0) fail(`the SDK contracts on the real modules: ${run.outcome}`);
	console.log("sdk-contracts PASSED");
}

/** What a passing run must show: the modem path used (4G), the capture's body, activation, no exception, a 128x32 screenshot. */
function checkRun(
	profileName: string,
	run: { readonly outcome: string; readonly exceptions: readonly unknown[] },
	emulator: Emulator,
	modemSocket: ModemSocket | undefined,
	screenshot: string,
): void {
	const checkRequest = emulator.requests.find((request) => request.method === "POST" && request.path.endsWith("/ota/"));
	if (modemSocket) {
		const commands = modemSocket.modem.simulator.commands.map((entry) => entry.command);
		console.log(`modem: ${commands.length} AT commands over the socket UART, first ${commands.slice(0, 4).join(" ")}`);
		if (!commands.includes("AT+CEREG=2") || !commands.some((command) => command.startsWith("AT+MHTTPREQUEST")))
			fail("the 4G run did not bring the modem up and send its requests through AT+MHTTP");
	}
	if (profileName.startsWith("captured-ml307") && checkRequest) {
		const expected = readFileSync(join(ROOT, "test/fixtures/ota-request-1.json"), "utf8").trim();
		if (checkRequest.body !== expected) fail("the status query the simulator sent differs from the captured device's (test/fixtures/ota-request-1.json)");
		console.log("status query: byte-identical to the captured device's");
	}
	if (run.outcome !== "activated") fail(`the device did not activate (${run.outcome})`);
	if (run.exceptions.length) fail(`${run.exceptions.length} uncaught exception(s) in the app`);
	if (!existsSync(screenshot) || statSync(screenshot).size === 0) fail(`no screenshot at ${screenshot}`);
	const size = pngSize(screenshot);
	if (size.width !== 128 || size.height !== 32) fail(`screenshot is ${size.width}x${size.height}, not 128x32`);
}

/** The wifi-setup run's build: its page's servers on free host ports (the board's 80 and 53 need root). */
async function setupServerArgs(): Promise<string[]> {
	const ports = await freeSetupPorts();
	return [`setupHttpPort=${ports.http}`, `setupDnsPort=${ports.dns}`, `setupPageUrl=http://127.0.0.1:${ports.http}/`];
}

/** The wifi-setup run: the page was driven through, said why the first password failed, and NVS holds the network. */
async function checkWifiSetup(visit: Promise<PageVisit> | undefined): Promise<void> {
	if (!visit) fail("the app never opened its setup page (no WIFI setup line)");
	let page: PageVisit;
	try {
		page = await visit;
	} catch (error) {
		fail(`the setup page did not work in Chromium: ${(error as Error).message}`);
	}
	for (const probe of page.probes) if (probe.status !== 302) fail(`GET /${probe.path} answered ${probe.status}, not a 302 to the page`);
	if (!/refused the connection|Wrong password/.test(page.refusal)) fail(`the page did not say why "invalid!" failed: ${page.refusal}`);
	if (JSON.stringify(page.savedAfterRefusal) !== "[]") fail(`a refused password stored something: ${JSON.stringify(page.savedAfterRefusal)}`);
	if (JSON.stringify(page.savedAfterJoin) !== JSON.stringify([page.ssid])) fail(`after the join /saved/list is ${JSON.stringify(page.savedAfterJoin)}`);
	const stored = JSON.parse(readFileSync(join(PREFERENCE_ROOT, "modpreferences.json"), "utf8")) as { wifi?: Record<string, unknown> };
	if (stored.wifi?.ssid !== page.ssid || stored.wifi?.password !== "correct horse") fail(`Preference wifi/ssid is ${JSON.stringify(stored.wifi?.ssid)}, not ${JSON.stringify(page.ssid)}`);
	console.log(`wifi setup: the page showed the refusal, joined "${page.ssid}", NVS wifi/ssid holds it, probes answered 302`);
}

/** A run's device profile: the 4G run and the Wi-Fi setup run use the captured and the Wi-Fi profiles. */
function runProfile(profileName: string): { viaModem: boolean; wifiSetup: boolean; profilePath: string; profile: { serialNumber?: string; hmacKeyHex?: string; system: { mac: string } } } {
	const viaModem = profileName.endsWith(MODEM_SUFFIX);
	const wifiSetup = profileName === WIFI_SETUP_RUN;
	const profilePath = join(ROOT, "profiles", `${viaModem ? profileName.slice(0, -MODEM_SUFFIX.length) : wifiSetup ? "wifi" : profileName}.json`);
	if (!existsSync(profilePath)) fail(`no profile ${profilePath}`);
	return { viaModem, wifiSetup, profilePath, profile: JSON.parse(readFileSync(profilePath, "utf8")) as { serialNumber?: string; hmacKeyHex?: string; system: { mac: string } } };
}

async function main(): Promise<void> {
	const moddable = process.env.MODDABLE;
	if (!moddable || !existsSync(join(moddable, "build/bin/lin/release/mcconfig"))) {
		console.log("test:moddable SKIPPED: no Moddable SDK ($MODDABLE with built Linux tools). Nothing was run; this is not a pass.");
		return;
	}
	const profileName = values.profile!;
	const timeoutMs = Number(values.timeout) * 1000;
	const outDir = resolve(ROOT, values.out!);
	mkdirSync(outDir, { recursive: true });
	if (profileName === "bare") return runBare(moddable, outDir, timeoutMs);
	if (profileName === "self-test") return runSelfTest(moddable, outDir, timeoutMs);
	if (profileName === SDK_CONTRACTS_RUN) return runSdkContracts(moddable, timeoutMs);
	const { viaModem, wifiSetup, profilePath, profile } = runProfile(profileName);
	const bindAfterMs = Number(values["bind-after-ms"]);
	const screenshot = join(outDir, `final-screen-${profileName}.png`);
	rmSync(screenshot, { force: true });
	const { certificateDir } = prepareCache(profilePath);

	const v2Devices = profile.serialNumber && profile.hmacKeyHex ? [{ serialNumber: profile.serialNumber, hmacKeyHex: profile.hmacKeyHex }] : undefined;
	const emulator = await startEmulator({ profile: "official", port: 0, certificateDir, ...(v2Devices ? { v2Devices } : {}) });
	let modemSocket: ModemSocket | undefined;
	try {
		if (viaModem) modemSocket = await startModemSocket({ caPem: emulator.caPem });
		console.log(`building for lin (emulator at ${emulator.otaUrl})`);
		const app = buildForLin(join(ROOT, "manifest.json"), join(ROOT, "build/moddable-sim"), simulatorEnv(moddable), [
			`otaUrl=${emulator.otaUrl}`,
			`screenshot=${screenshot}`,
			`modemSocket=${modemSocket?.port ?? ""}`,
			...(wifiSetup ? await setupServerArgs() : []),
		]);

		// A fresh device: nothing in NVS but what the profile seeds.
		rmSync(PREFERENCE_ROOT, { recursive: true, force: true });
		mkdirSync(PREFERENCE_ROOT, { recursive: true });

		const bound = new Set<string>();
		const binds: NodeJS.Timeout[] = [];
		let visit: Promise<PageVisit> | undefined;
		const run = await runInSimulator(
			moddable,
			app,
			timeoutMs,
			(line) => {
				const setupUrl = /^WIFI setup (\S+)/.exec(line)?.[1];
				if (setupUrl && !visit) {
					visit = visitSetupPage(setupUrl, (text) => console.log(`  ${text}`));
					visit.catch(() => undefined);
				}
				const code = /^ACTIVATION-CODE (\S+)/.exec(line)?.[1];
				if (code && !bound.has(code)) {
					bound.add(code);
					// The user reads the code off the screen and types it into the console.
					binds.push(setTimeout(() => console.log(`  [user] enters ${code}: ${JSON.stringify(emulator.bind(code))}`), bindAfterMs));
				}
			},
			(line) => /^ACTIVATION-RESULT (.+)$/.exec(line)?.[1],
			async () => {
				// The simulator's screen writes the screenshot asked for just before the result line, from
				// its own process: the file can exist, still empty, for a while on a busy machine.
				const written = (): boolean => existsSync(screenshot) && statSync(screenshot).size > 0;
				for (let waited = 0; waited < 15000 && !written(); waited += 100) await new Promise((r) => setTimeout(r, 100));
			},
		);
		for (const bind of binds) clearTimeout(bind);

		console.log(`result: ${run.outcome}`);
		// The simulator's own peaks (64-bit host: a slot is twice its ESP32 size; chunks are bytes).
		for (const peak of run.peaks) console.log(`peak ${peak.name}: ${peak.peak} ${peak.unit}`);
		printFigures(profileName, run.figures, readFigures(outDir, "bare"));
		writeFileSync(figuresPath(outDir, profileName), JSON.stringify(run.figures));
		checkRun(profileName, run, emulator, modemSocket, screenshot);
		if (wifiSetup) await checkWifiSetup(visit);
		console.log(`final screen: ${screenshot}`);
		console.log("test:moddable PASSED");
	} finally {
		await modemSocket?.close();
		await emulator.close();
	}
}

/** What "all" runs, in order: the yardstick first, then every device profile (add new ones here). */
const ALL_RUNS = ["bare", "captured-ml307", "v2-ml307", "wifi", `captured-ml307${MODEM_SUFFIX}`, WIFI_SETUP_RUN, "self-test", SDK_CONTRACTS_RUN];

// A build without the zh-CN glyphs must not pass for a good one: refused before anything is built.
const noGlyphs = missingGlyphsProblem();
if (noGlyphs) fail(noGlyphs);

if (values.profile === "all" && process.env.MODDABLE) {
	const failed: string[] = [];
	const outDir = resolve(ROOT, values.out!);
	rmSync(figuresPath(outDir, "bare"), { force: true });
	for (const profile of ALL_RUNS) {
		console.log(`=== ${profile === "bare" ? "bare HTTPS client" : `profile ${profile}`}`);
		const args = process.argv.slice(1).filter((arg, index, all) => arg !== "--profile" && all[index - 1] !== "--profile");
		const run = spawnSync(process.execPath, [...process.execArgv, ...args, "--profile", profile], { stdio: "inherit" });
		if (run.status !== 0) failed.push(profile);
	}
	const bare = readFigures(outDir, "bare");
	console.log("\n=== memory summary");
	for (const profile of ALL_RUNS.slice(1)) {
		const figures = readFigures(outDir, profile);
		if (figures) printFigures(profile, figures, bare);
	}
	console.log(failed.length ? `test:moddable FAILED for ${failed.join(", ")}` : `test:moddable PASSED for ${ALL_RUNS.join(", ")}`);
	process.exit(failed.length ? 1 : 0);
} else {
	await main();
}
