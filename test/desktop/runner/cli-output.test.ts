/*
 * The runner a person can trust with a real server: bin/xiaozhi-activate.js as a child
 * process against the emulator (HTTPS and plain http), hostile answers injected as faults.
 * Assertions are on the bytes it prints, its exit code, its exit time after a signal and
 * the PNG files it writes.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type Emulator } from "../../../desktop/emulator/server.ts";
import { unsafeTerminalBytes } from "../../../desktop/runner/terminal-text.ts";
import { runCliBytes } from "../../support/cli.ts";

const run = runCliBytes;

/** No ESC, BEL, other C0 (but tab and newline), DEL or C1 byte anywhere. */
function assertTerminalSafe(name: string, bytes: Buffer): void {
	const unsafe = unsafeTerminalBytes(bytes);
	assert.deepEqual(unsafe, [], `${name} holds control bytes at ${unsafe.slice(0, 5).join(", ")}: ${JSON.stringify(bytes.toString().slice(Math.max(0, (unsafe[0] ?? 0) - 60), (unsafe[0] ?? 0) + 20))}`);
}

async function withEmulator<T>(options: Parameters<typeof startEmulator>[0], work: (emulator: Emulator) => Promise<T>): Promise<T> {
	const emulator = await startEmulator(options);
	try {
		return await work(emulator);
	} finally {
		await emulator.close();
	}
}

/** The URL with user:password put in, as a person might pass it. */
const withUserinfo = (url: string): string => url.replace("://", "://alice:s3cret-pw@");

const ESC = "\u001b";
const BEL = "\u0007";
const CSI = "\u009b";
const HOSTILE = `${ESC}]52;c;cm0gLXJmIH4=${BEL}${ESC}[2J${CSI}31m${ESC}]0;pwned${BEL}`;

/** A 200 answer whose every outside text carries terminal controls. */
const hostileAnswer = JSON.stringify({
	activation: { code: "482913", message: `xiaozhi.me${HOSTILE}\n482913`, challenge: "c-1" },
	firmware: { version: `9.9.9${HOSTILE}`, url: "https://alice:s3cret-pw@fw.example/9.9.9.bin", force: 1 },
	mqtt: { [`${ESC}]52;c;aGVsbG8=${BEL}-long-name`]: "x", endpoint: "mqtt.example" },
});

test("hostile server text: no control byte reaches stdout or stderr, text or --json; no userinfo; the full URL and the server's message", async () => {
	await withEmulator({}, async (emulator) => {
		const url = withUserinfo(emulator.otaUrl);
		const faults = (): void => {
			emulator.injectFault({ kind: "status", status: 401, body: JSON.stringify({ code: 401, message: `Device not allowed ${HOSTILE}` }) }, { path: "check" });
			emulator.injectFault({ kind: "error-object", body: hostileAnswer }, { path: "check" });
			emulator.injectFault({ kind: "status", status: 500, body: `{"msg":"activation store down ${CSI}2J"}` }, { path: "activate" });
		};
		faults();
		const text = await run(["--ota-url", url, "--ca", emulator.caPath, "--virtual-time", "--stop-after", "40", "--verbose", "--no-screen"]);
		faults();
		const json = await run(["--ota-url", url, "--ca", emulator.caPath, "--virtual-time", "--stop-after", "40", "--verbose", "--json"]);
		for (const [name, result] of [["text", text], ["json", json]] as const) {
			assert.equal(result.code, 1, `${name}: --stop-after ends a run that is not activated with 1\n${result.stderr}`);
			assertTerminalSafe(`${name} stdout`, result.stdout);
			assertTerminalSafe(`${name} stderr`, result.stderr);
			for (const stream of [result.stdout.toString(), result.stderr.toString()]) {
				assert.doesNotMatch(stream, /alice|s3cret-pw/, `${name}: the userinfo never shows`);
			}
		}
		const out = text.stdout.toString();
		const origin = emulator.otaUrl;
		assert.match(out.split("\n")[0]!, new RegExp(`^OTA URL ${origin.replace(/[.?]/g, "\\$&")} \\(from --ota-url; its user:password part is not shown\\)$`));
		assert.ok(out.includes(`Checking ${origin}\n`), "the full URL on the first check");
		assert.ok(out.includes(`Check failed at ${origin}: HTTP 401; the server says "Device not allowed \\x1b]52;c;cm0gLXJmIH4=\\x07\\x1b[2J\\x9b31m`), out);
		assert.doesNotMatch(out, /HTTP 401 \(HTTP 401\)/, "one reason per line");
		assert.match(out, /Activation code: 482913\nServer says: xiaozhi\.me\\x1b\]52;c;cm0gLXJmIH4=\\x07.* 482913\n/);
		assert.match(out, /Server offers firmware 9\.9\.9\\x1b/);
		assert.match(out, /Warning: mqtt member "\\u001b\]52;c;aGVsbG8=\\u0007/, "the device escapes a member name it skips");
		assert.ok(out.includes(`Activation attempt 1 failed at ${origin}activate: HTTP 500; the server says "activation store down \\x9b2J"`), out);
		assert.match(text.stderr.toString(), /^\[warn\] check failed \(1\/10\): HTTP 401: Device not allowed \\x1b/m, "the device log too");

		const events = json.stdout.toString().trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
		assert.deepEqual(events[0], { type: "ota-url", url: origin, source: "flag" });
		const starting = events.find((e) => e.type === "starting")!;
		assert.equal(starting.otaUrl, origin, "the core's starting event has no userinfo");
		const failed = events.find((e) => e.type === "check-failed") as { reason: { serverMessage: string } };
		assert.equal(failed.reason.serverMessage, `Device not allowed ${HOSTILE}`, "--json escapes the controls and keeps the text");
		assert.ok(json.stdout.toString().includes("\\u009b31m"), "C1 escaped as \\u009b");
	});
});

test("plain http:// (a self-hosted server on its own port): named as such, upper-case scheme accepted, 404 explained, --ca refused", async () => {
	await withEmulator({ plainHttp: true }, async (emulator) => {
		const noSlash = emulator.otaUrl.replace(/\/$/, "").replace(/^http:/, "HTTP:");
		const result = await run(["--ota-url", noSlash, "--virtual-time", "--stop-after", "15", "--no-screen"]);
		const out = result.stdout.toString();
		const shown = emulator.otaUrl.replace(/\/$/, "");
		assert.equal(result.code, 1);
		assert.match(out, /on the XS engine, direct plain HTTP with/);
		assert.doesNotMatch(out, /HTTPS/);
		assert.ok(out.includes(`Checking ${shown}\n`), out);
		assert.ok(out.includes(`Check failed at ${shown}: HTTP 404; the server says "Not Found" (hint: an OTA URL usually ends in "/"); retry in 10 s\n`), out);

		const withCa = await run(["--ota-url", emulator.otaUrl, "--ca", "/dev/null"]);
		assert.equal(withCa.code, 2);
		assert.match(withCa.stderr.toString(), /^xiaozhi-activate: --ca is for https:\/\/ servers; http:\/\/127\.0\.0\.1:\d+\/xiaozhi\/ota\/ is plain http/);
	});
});

test("--virtual-time is refused against a server that is not on this machine", async () => {
	const result = await run(["--ota-url", "https://ota.example.invalid/xiaozhi/ota/", "--virtual-time"]);
	assert.equal(result.code, 2);
	assert.match(result.stderr.toString(), /--virtual-time polls a server as fast as it answers; https:\/\/ota\.example\.invalid\/xiaozhi\/ota\/ is not on this machine/);
});

test("an empty token reads as \"\" (no token), a real one as <redacted>", async () => {
	await withEmulator({}, async (emulator) => {
		emulator.injectFault({ kind: "error-object", body: JSON.stringify({ websocket: { url: "wss://ws.example/", token: "" }, mqtt: { endpoint: "e.example", password: "p" } }) }, { path: "check" });
		const result = await run(["--ota-url", emulator.otaUrl, "--ca", emulator.caPath, "--no-screen"]);
		const out = result.stdout.toString();
		assert.equal(result.code, 0, out + result.stderr.toString());
		assert.match(out, /^ {2}websocket: url=wss:\/\/ws\.example\/ token=""$/m);
		assert.match(out, /^ {2}mqtt: endpoint=e\.example password=<redacted>$/m);
	});
});

test("a stored wifi/ota_url wins over --ota-url and says so on the first line; --forget-ota-url erases it", async () => {
	await withEmulator({}, async (emulator) => {
		const dir = mkdtempSync(join(tmpdir(), "nvs-"));
		const nvs = join(dir, "nvs.json");
		const stale = "https://127.0.0.1:9/xiaozhi/ota/";
		writeFileSync(nvs, JSON.stringify({ wifi: { ota_url: stale } }));
		const first = await run(["--ota-url", emulator.otaUrl, "--ca", emulator.caPath, "--nvs", nvs, "--virtual-time", "--stop-after", "5", "--no-screen"]);
		const firstLine = first.stdout.toString().split("\n")[0]!;
		assert.equal(firstLine, `OTA URL ${stale} (stored in NVS wifi/ota_url in ${nvs}; as in the firmware it wins over --ota-url ${emulator.otaUrl}; --forget-ota-url erases it)`);
		assert.match(first.stdout.toString(), /Check failed at https:\/\/127\.0\.0\.1:9\/xiaozhi\/ota\/: connect ECONNREFUSED/);

		emulator.injectFault({ kind: "error-object", body: JSON.stringify({ websocket: { url: "wss://ws.example/", token: "t" } }) }, { path: "check" });
		const second = await run(["--ota-url", emulator.otaUrl, "--ca", emulator.caPath, "--nvs", nvs, "--forget-ota-url", "--no-screen"]);
		const lines = second.stdout.toString().split("\n");
		assert.equal(second.code, 0, second.stdout.toString() + second.stderr.toString());
		assert.equal(lines[0], `Erased the stored OTA URL ${stale} from ${nvs}`);
		assert.equal(lines[1], `OTA URL ${emulator.otaUrl} (from --ota-url)`);
		const stored = JSON.parse(readFileSync(nvs, "utf8")) as Record<string, Record<string, unknown>>;
		assert.equal(stored.wifi?.ota_url, undefined, "erased from the file");
		assert.equal(typeof stored.board?.uuid, "string", "the rest of the NVS kept");
	});
});

for (const [signal, expected] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
	// The figure is printed; the bound only separates "at once" from the 25 s hold a lingering process waits out.
	test(`${signal} during a held request: the request is aborted, the NVS file written, exit ${expected} at once`, async () => {
		await withEmulator({ holdActivateMs: 25000 }, async (emulator) => {
			const dir = mkdtempSync(join(tmpdir(), "nvs-"));
			const nvs = join(dir, "nvs.json");
			let signalledAt = 0;
			let activateSeen = false;
			const result = await run(["--ota-url", emulator.otaUrl, "--ca", emulator.caPath, "--nvs", nvs, "--no-screen"], {
				onStdout: (text, child) => {
					if (activateSeen || !text.includes("Activation code:")) return;
					activateSeen = true;
					// The first activate goes out right after the code line; the emulator holds it for 25 s.
					const waitForHeld = setInterval(() => {
						if (!emulator.requests.some((r) => r.path.endsWith("/activate"))) return;
						clearInterval(waitForHeld);
						setTimeout(() => {
							signalledAt = performance.now();
							child.kill(signal);
						}, 200);
					}, 20);
				},
			});
			const exitMs = result.exitedAt - signalledAt;
			console.log(`# ${signal}: exit ${result.code} ${exitMs.toFixed(0)} ms after the signal (the held request would have lasted 25 s)`);
			assert.ok(signalledAt > 0, "the run reached the held activation");
			assert.equal(result.code, expected, result.stderr.toString());
			assert.match(result.stderr.toString(), /^stopped before activation\n$/);
			assert.ok(exitMs < 5000, `exit took ${exitMs} ms after ${signal}`);
			const held = emulator.requests.find((r) => r.path.endsWith("/activate"))!;
			assert.equal(held.status, 0, "the held request was never answered: the client hung up");
			const stored = JSON.parse(readFileSync(nvs, "utf8")) as Record<string, Record<string, unknown>>;
			assert.equal(typeof stored.board?.uuid, "string", "the NVS written before the stop is on disk");
			assert.equal(typeof stored.mqtt?.endpoint, "string");
		});
	});
}

test("--frames against a failing server on virtual time: one PNG per new screen, none per countdown second", async () => {
	const dir = mkdtempSync(join(tmpdir(), "frames-"));
	const result = await run(["--ota-url", "https://127.0.0.1:9/xiaozhi/ota/", "--virtual-time", "--frames", dir, "--no-screen", "--lang", "en-US"]);
	assert.equal(result.code, 1);
	const files = readdirSync(dir).sort();
	console.log(`# ${files.length} PNG files for 10 failed checks and 10,230 s of countdown`);
	// starting, then per attempt its checking screen and its failure screen.
	assert.equal(files.length, 1 + 10 * 2, files.join(" "));
	assert.deepEqual(files.slice(0, 3).map((f) => f.replace(/^\d{3}-/, "")), ["starting.png", "checking.png", "failed.png"]);
	for (let i = 1; i < files.length; i++) assert.ok(!readFileSync(join(dir, files[i]!)).equals(readFileSync(join(dir, files[i - 1]!))), `${files[i]} repeats the frame before it`);
});

test("report with a hostile device profile: the same JSON value, no control byte on stdout", async () => {
	const profile = JSON.parse(readFileSync(new URL("../../../profiles/wifi.json", import.meta.url), "utf8")) as { board: { ssid: string } };
	const ssid = `lab${ESC}]0;x${BEL}${CSI}2J\u0085`;
	profile.board.ssid = ssid;
	const file = join(mkdtempSync(join(tmpdir(), "profile-")), "hostile.json");
	writeFileSync(file, JSON.stringify(profile));
	const result = await run(["report", "--device", file]);
	assert.equal(result.code, 0, result.stderr.toString());
	assertTerminalSafe("report", result.stdout);
	const body = JSON.parse(result.stdout.toString()) as { board: { ssid: string } };
	assert.equal(body.board.ssid, ssid);
});
