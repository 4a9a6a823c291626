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
 *   node --import tsx tools/moddable-sim/run.ts [--profile all|captured-ml307|v2-ml307|wifi]
 *        [--timeout 120] [--bind-after-ms 1500] [--out out/moddable-sim]
 * "all" (the default) runs the three profiles one after the other (one simulator at a time).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, delimiter, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startEmulator } from "../../emulator/server.ts";
import { ensureTestCertificates } from "../../emulator/certs.ts";
import { XsbugSession } from "./xsbug-session.ts";
import { startModemSocket, type ModemSocket } from "./modem-socket.ts";

/** The 4G run: the captured profile, its requests through the ML307R simulator behind hosts/lin/io/modem-serial.ts. */
const MODEM_SUFFIX = "-4g";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const CACHE = join(ROOT, ".cache/moddable-sim");
/** Where the lin build keeps Preference (manifest.json platforms.lin config.file.root). */
const PREFERENCE_ROOT = "/tmp/xiaozhi-moddable-sim/";

const { values } = parseArgs({
	options: {
		profile: { type: "string", default: "all" },
		timeout: { type: "string", default: "120" },
		"bind-after-ms": { type: "string", default: "1500" },
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

async function main(): Promise<void> {
	const moddable = process.env.MODDABLE;
	if (!moddable || !existsSync(join(moddable, "build/bin/lin/release/mcconfig"))) {
		console.log("test:moddable SKIPPED: no Moddable SDK ($MODDABLE with built Linux tools). Nothing was run; this is not a pass.");
		return;
	}
	const profileName = values.profile!;
	const viaModem = profileName.endsWith(MODEM_SUFFIX);
	const profilePath = join(ROOT, "profiles", `${viaModem ? profileName.slice(0, -MODEM_SUFFIX.length) : profileName}.json`);
	if (!existsSync(profilePath)) fail(`no profile ${profilePath}`);
	const profile = JSON.parse(readFileSync(profilePath, "utf8")) as { serialNumber?: string; hmacKeyHex?: string; system: { mac: string } };
	const timeoutMs = Number(values.timeout) * 1000;
	const bindAfterMs = Number(values["bind-after-ms"]);
	const outDir = resolve(ROOT, values.out!);
	mkdirSync(outDir, { recursive: true });
	const screenshot = join(outDir, `final-screen-${profileName}.png`);
	rmSync(screenshot, { force: true });

	// What the simulator build ships: the device profile and the emulator's CA (DER).
	mkdirSync(CACHE, { recursive: true });
	copyFileSync(profilePath, join(CACHE, "device-profile.json"));
	const certificates = ensureTestCertificates(join(CACHE, "test-ca-v2"));
	execFileSync("openssl", ["x509", "-in", certificates.caPath, "-outform", "DER", "-out", join(CACHE, "emulator-ca.der")]);

	const v2Devices = profile.serialNumber && profile.hmacKeyHex ? [{ serialNumber: profile.serialNumber, hmacKeyHex: profile.hmacKeyHex }] : undefined;
	const emulator = await startEmulator({ profile: "official", port: 0, certificateDir: certificates.dir, ...(v2Devices ? { v2Devices } : {}) });
	let session: XsbugSession | undefined;
	let modemSocket: ModemSocket | undefined;
	try {
		if (viaModem) modemSocket = await startModemSocket({ caPem: emulator.caPem });
		const env = {
			...process.env,
			PATH: [join(ROOT, "node_modules/.bin"), join(moddable, "build/bin/lin/release"), process.env.PATH].join(delimiter),
		};
		const buildDir = join(ROOT, "build/moddable-sim");
		mkdirSync(buildDir, { recursive: true });
		console.log(`building for lin (emulator at ${emulator.otaUrl})`);
		const started = Date.now();
		const build = spawnSync(
			"mcconfig",
			["-d", "-m", "-p", "lin", "-f", "gray256", "-t", "build", "-o", buildDir, join(ROOT, "manifest.json"), `otaUrl=${emulator.otaUrl}`, `screenshot=${screenshot}`, `modemSocket=${modemSocket?.port ?? ""}`],
			{ cwd: ROOT, env, encoding: "utf8" },
		);
		if (build.status !== 0) {
			console.error((build.stdout + build.stderr).split("\n").filter((line) => !/^# (xsc|cc|tsc|xsid) /.test(line)).join("\n"));
			fail(`mcconfig exited with ${build.status}`);
		}
		console.log(`built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
		const app = join(buildDir, `bin/lin/mc/debug/${basename(ROOT.replace(/\/$/, ""))}/mc.so`); // mcconfig names the app after the folder
		if (!existsSync(app)) fail(`no ${app} after the build`);

		// A fresh device: nothing in NVS but what the profile seeds.
		rmSync(PREFERENCE_ROOT, { recursive: true, force: true });
		mkdirSync(PREFERENCE_ROOT, { recursive: true });

		const exceptions: string[] = [];
		let resolveResult: (status: string) => void = () => {};
		const result = new Promise<string>((resolve) => (resolveResult = resolve));
		const bound = new Set<string>();
		const home = mkdtempSync(join(tmpdir(), "xiaozhi-mcsim-home-"));
		// mcsim copies the app into ~/.config/tech.moddable.mcsim/ and expects the folder.
		mkdirSync(join(home, ".config/tech.moddable.mcsim"), { recursive: true });
		const wrapper = process.env.DISPLAY ? [] : ["xvfb-run", "-a", "-s", "-screen 0 640x480x24 -nolisten tcp"];
		if (wrapper.length && spawnSync("which", ["xvfb-run"]).status !== 0) fail("no DISPLAY and no xvfb-run (apt-get install xvfb)");
		session = new XsbugSession({
			moddable,
			app,
			simsDir: join(ROOT, "hosts/lin/sims"),
			home,
			wrapper,
			onLine(line) {
				console.log(`  [device] ${line}`);
				const code = /^ACTIVATION-CODE (\S+)/.exec(line)?.[1];
				if (code && !bound.has(code)) {
					bound.add(code);
					// The user reads the code off the screen and types it into the console.
					setTimeout(() => console.log(`  [user] enters ${code}: ${JSON.stringify(emulator.bind(code))}`), bindAfterMs);
				}
				const status = /^ACTIVATION-RESULT (.+)$/.exec(line)?.[1];
				if (status) resolveResult(status);
				if (line.startsWith("XS abort")) resolveResult(line);
			},
			onException(text) {
				exceptions.push(text);
				console.log(`  [exception] ${text}`);
			},
		});
		await session.start();
		const outcome = await Promise.race([
			result,
			session.exited().then((code) => `mcsim exited (${code})`),
			new Promise<string>((resolve) => setTimeout(() => resolve(`no result within ${timeoutMs / 1000} s`), timeoutMs)),
		]);
		for (let waited = 0; waited < 5000 && !existsSync(screenshot); waited += 100) await new Promise((r) => setTimeout(r, 100));
		await session.stop();
		const peaks = session.peaks;
		session = undefined;
		rmSync(home, { recursive: true, force: true });

		console.log(`result: ${outcome}`);
		// Heap use of the whole run (64-bit host: XS slots are twice their ESP32 size).
		for (const peak of peaks) if (/chunk|slot|stack|keys/i.test(peak.name)) console.log(`peak ${peak.name}: ${peak.peak} ${peak.unit}`);
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
		if (outcome !== "activated") fail(`the device did not activate (${outcome})`);
		if (exceptions.length) fail(`${exceptions.length} uncaught exception(s) in the app`);
		if (!existsSync(screenshot) || statSync(screenshot).size === 0) fail(`no screenshot at ${screenshot}`);
		const size = pngSize(screenshot);
		if (size.width !== 128 || size.height !== 32) fail(`screenshot is ${size.width}x${size.height}, not 128x32`);
		console.log(`final screen: ${screenshot}`);
		console.log("test:moddable PASSED");
	} finally {
		await session?.stop();
		await modemSocket?.close();
		await emulator.close();
	}
}

const ALL_PROFILES = ["captured-ml307", "v2-ml307", "wifi", `captured-ml307${MODEM_SUFFIX}`];

if (values.profile === "all" && process.env.MODDABLE) {
	const failed: string[] = [];
	for (const profile of ALL_PROFILES) {
		console.log(`=== profile ${profile}`);
		const args = process.argv.slice(1).filter((arg, index, all) => arg !== "--profile" && all[index - 1] !== "--profile");
		const run = spawnSync(process.execPath, [...process.execArgv, ...args, "--profile", profile], { stdio: "inherit" });
		if (run.status !== 0) failed.push(profile);
	}
	console.log(failed.length ? `test:moddable FAILED for ${failed.join(", ")}` : `test:moddable PASSED for ${ALL_PROFILES.join(", ")}`);
	process.exit(failed.length ? 1 : 0);
} else {
	await main();
}
