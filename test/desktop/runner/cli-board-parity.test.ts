/*
 * `--board` as trustworthy as the plain runner: every test runs both, as a person does
 * (bin/xiaozhi-activate.js as a child process against the emulator on 127.0.0.1, hostile
 * answers injected as emulator faults), and holds them to the same promises: no terminal
 * control from the server reaches the terminal raw, text or --json; the same lines and
 * events; signals, --stop-after, --nvs and --sound; the final line with the URL and the hint.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type Emulator, type EmulatorOptions } from "../../../desktop/emulator/server.ts";
import { unsafeTerminalBytes } from "../../../desktop/runner/terminal-text.ts";
import { runCliBytes, type CliBytes } from "../../support/cli.ts";

const MODES = [
	["runner", []],
	["board", ["--board"]],
] as const;

const ESC = "\u001b";
const BEL = "\u0007";
const CSI = "\u009b";
/** OSC 52 (clipboard), clear screen, C1 CSI, OSC 0 (title), a right-to-left override, an isolate, the Arabic letter mark. */
const HOSTILE = `${ESC}]52;c;cm0gLXJmIH4=${BEL}${ESC}[2J${CSI}31m${ESC}]0;pwned${BEL}\u202eevil\u2066\u061c`;
/** Bidirectional controls and line separators, raw. */
const RAW_INVISIBLES = /[\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

function assertTerminalSafe(name: string, bytes: Buffer): void {
	const unsafe = unsafeTerminalBytes(bytes);
	const at = unsafe[0] ?? 0;
	assert.deepEqual(unsafe, [], `${name} holds control bytes at ${unsafe.slice(0, 5).join(", ")}: ${JSON.stringify(bytes.toString("latin1").slice(Math.max(0, at - 60), at + 20))}`);
	const text = bytes.toString();
	assert.doesNotMatch(text, RAW_INVISIBLES, `${name} holds a raw bidi control: ${JSON.stringify(text.slice(Math.max(0, text.search(RAW_INVISIBLES) - 60), text.search(RAW_INVISIBLES) + 10))}`);
}

async function withEmulator<T>(options: EmulatorOptions, work: (emulator: Emulator) => Promise<T>): Promise<T> {
	const emulator = await startEmulator(options);
	try {
		return await work(emulator);
	} finally {
		await emulator.close();
	}
}

type Event = Record<string, unknown> & { type: string };

function events(run: CliBytes): Event[] {
	return run.stdout
		.toString()
		.trim()
		.split("\n")
		.map((line) => JSON.parse(line) as Event);
}

const withUserinfo = (url: string): string => url.replace("://", "://alice:s3cret-pw@");

/** A 200 answer whose every outside text carries terminal controls. */
const hostileAnswer = JSON.stringify({
	activation: { code: "482913", message: `xiaozhi.me${HOSTILE}\n482913`, challenge: "c-1" },
	firmware: { version: `9.9.9${HOSTILE}`, url: "https://alice:s3cret-pw@fw.example/9.9.9.bin", force: 1 },
	mqtt: { [`${ESC}]52;c;aGVsbG8=${BEL}-long-name`]: "x", endpoint: "mqtt.example" },
});

for (const [mode, flags] of MODES) {
	test(`${mode}: hostile server text (ESC, OSC, BEL, C1 CSI, NUL, bidi) never reaches the terminal raw, text or --json, --verbose included`, async () => {
		await withEmulator({}, async (emulator) => {
			const faults = (): void => {
				emulator.injectFault({ kind: "status", status: 401, body: JSON.stringify({ code: 401, message: `Device not allowed ${HOSTILE}` }) }, { path: "check" });
				emulator.injectFault({ kind: "code-text", code: "12345\u0000" }, { path: "check" });
				emulator.injectFault({ kind: "error-object", body: hostileAnswer }, { path: "check" });
				emulator.injectFault({ kind: "status", status: 500, body: `{"msg":"activation store down ${CSI}2J\u202e"}` }, { path: "activate" });
			};
			const args = [...flags, "--ota-url", withUserinfo(emulator.otaUrl), "--ca", emulator.caPath, "--virtual-time", "--stop-after", "60", "--verbose", "--no-screen"];
			faults();
			const text = await runCliBytes(args, { killAfterMs: 120_000 });
			faults();
			const json = await runCliBytes([...args, "--json"], { killAfterMs: 120_000 });
			for (const [name, result] of [["text", text], ["json", json]] as const) {
				assert.equal(result.code, 1, `${name}: --stop-after ends a run that is not activated with 1\n${result.stderr.toString()}`);
				assertTerminalSafe(`${mode} ${name} stdout`, result.stdout);
				assertTerminalSafe(`${mode} ${name} stderr`, result.stderr);
				for (const stream of [result.stdout.toString(), result.stderr.toString()]) assert.doesNotMatch(stream, /alice|s3cret-pw/, `${name}: no userinfo`);
			}
			const origin = emulator.otaUrl;
			const out = text.stdout.toString();
			assert.ok(out.includes(`Check failed at ${origin}: HTTP 401; the server says "Device not allowed \\x1b]52;c;cm0gLXJmIH4=\\x07\\x1b[2J\\x9b31m\\x1b]0;pwned\\x07\\u202eevil\\u2066\\u061c"; retry in 10 s\n`), out);
			assert.ok(out.includes(`Check failed at ${origin}: unexpected-body: activation code has U+0000 at position 6; a code is ASCII letters and digits; retry in 20 s\n`), out);
			assert.match(out, /Activation code: 482913\nServer says: xiaozhi\.me\\x1b\]52;c;cm0gLXJmIH4=\\x07.* 482913\n/);
			assert.match(out, /Server offers firmware 9\.9\.9\\x1b/);
			assert.match(out, /Warning: mqtt member "\\u001b\]52;c;aGVsbG8=\\u0007/);
			assert.ok(out.includes(`Activation attempt 1 failed at ${origin}activate: HTTP 500; the server says "activation store down \\x9b2J\\u202e"`), out);
			assert.match(text.stderr.toString(), /(\[warn\]|\[activation\] warn:) check failed \(1\/10\): HTTP 401: Device not allowed \\x1b/, "the device log too");
			assert.match(text.stderr.toString(), /^not activated: stopped after 60 s of device time \(--stop-after\); the last activation attempt failed at /m);

			const lines = events(json);
			const failed = lines.find((e) => e.type === "check-failed") as unknown as { reason: { serverMessage: string }; url: string };
			assert.equal(failed.reason.serverMessage, `Device not allowed ${HOSTILE}`, "--json keeps the text, escaped");
			assert.equal(failed.url, origin, "the check-failed event names the URL, without userinfo");
			assert.ok(json.stdout.toString().includes("\\u009b31m") && json.stdout.toString().includes("\\u202eevil"), "C1 and bidi \\u-escaped");
		});
	});
}

for (const [mode, flags] of MODES) {
	test(`${mode}: the final line names the URL and the slash hint; --json check-failed events carry url and hint; --stop-after ends it`, async () => {
		await withEmulator({ plainHttp: true }, async (emulator) => {
			const noSlash = emulator.otaUrl.replace(/\/$/, "");
			const run = await runCliBytes([...flags, "--ota-url", withUserinfo(noSlash), "--virtual-time", "--stop-after", "15", "--json"], { killAfterMs: 120_000 });
			assert.equal(run.code, 1, run.stderr.toString());
			const failures = events(run).filter((e) => e.type === "check-failed");
			assert.equal(failures.length, 2, "10 s and 20 s back-offs: two checks within 15 s");
			for (const failure of failures) {
				assert.equal(failure.url, noSlash);
				assert.equal(failure.hint, 'an OTA URL usually ends in "/"');
			}
			const finalLine = run.stderr.toString().trim().split("\n").at(-1);
			assert.equal(
				finalLine,
				`not activated: stopped after 15 s of device time (--stop-after); the last check failed at ${noSlash}: HTTP 404; the server says "Not Found" (hint: an OTA URL usually ends in "/")`,
			);
			assert.ok(emulator.requests.length <= 3, `${emulator.requests.length} requests: --stop-after stopped the back-offs`);
		});
	});
}

for (const [mode, flags] of MODES) {
	test(`${mode}: the activated line says what the server said (no activation section; an empty one)`, async () => {
		await withEmulator({ profile: "single" }, async (emulator) => {
			const run = await runCliBytes([...flags, "--ota-url", emulator.otaUrl, "--ca", emulator.caPath, "--no-screen"], { killAfterMs: 120_000 });
			assert.equal(run.code, 0, run.stderr.toString());
			assert.match(run.stdout.toString(), /^Activated: the server asks for no activation \(its answer has no activation section\)\.$/m);
			assert.doesNotMatch(run.stdout.toString(), /already knows this device/);
		});
		await withEmulator({}, async (emulator) => {
			emulator.injectFault({ kind: "error-object", body: '{"activation":{},"websocket":{"url":"wss://ws.example/","token":"t"}}' }, { path: "check" });
			const run = await runCliBytes([...flags, "--ota-url", emulator.otaUrl, "--ca", emulator.caPath, "--no-screen"], { killAfterMs: 120_000 });
			assert.equal(run.code, 0, run.stderr.toString());
			assert.match(run.stdout.toString(), /^Activated: the server's answer has an activation section with no code and no challenge \(read as activated, as the firmware does\)\.$/m);
		});
	});
}

for (const [mode, flags] of MODES) {
	test(`${mode}: an --nvs file that cannot be written is an error before the run starts`, async () => {
		await withEmulator({}, async (emulator) => {
			const dir = mkdtempSync(join(tmpdir(), "nvs-"));
			const aFile = join(dir, "a-file");
			writeFileSync(aFile, "");
			for (const nvs of [join(dir, "missing", "nvs.json"), join(aFile, "nvs.json")]) {
				const run = await runCliBytes([...flags, "--ota-url", emulator.otaUrl, "--ca", emulator.caPath, "--nvs", nvs, "--no-screen"], { killAfterMs: 120_000 });
				assert.equal(run.code, 2, run.stdout.toString() + run.stderr.toString());
				assert.match(run.stderr.toString(), new RegExp(`^xiaozhi-activate: --nvs ${nvs.replace(/[.]/g, "\\.")} cannot be (read|written): (ENOENT|ENOTDIR)`));
				assert.doesNotMatch(run.stdout.toString(), /Activated/);
			}
			assert.equal(emulator.requests.length, 0, "nothing reached the server");
		});
	});
}

for (const [signal, expected] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
	// The runner's twin is in cli-output.test.ts. The figure is printed; the bound only separates "at once" from the 25 s hold.
	test(`board: ${signal} during a held request ends the request and exits ${expected} at once, the NVS file written`, async () => {
		await withEmulator({ holdActivateMs: 25000 }, async (emulator) => {
			const nvs = join(mkdtempSync(join(tmpdir(), "nvs-")), "nvs.json");
			let signalledAt = 0;
			let waiting = false;
			const run = await runCliBytes(["--board", "--ota-url", emulator.otaUrl, "--ca", emulator.caPath, "--nvs", nvs, "--no-screen"], {
				killAfterMs: 120_000,
				onStdout: (text, child) => {
					if (waiting || !text.includes("Activation code:")) return;
					waiting = true;
					const held = setInterval(() => {
						if (!emulator.requests.some((r) => r.path.endsWith("/activate"))) return;
						clearInterval(held);
						setTimeout(() => {
							signalledAt = performance.now();
							child.kill(signal);
						}, 200);
					}, 20);
				},
			});
			const exitMs = run.exitedAt - signalledAt;
			console.log(`# board ${signal}: exit ${run.code} ${exitMs.toFixed(0)} ms after the signal (the held request would have lasted 25 s)`);
			assert.ok(signalledAt > 0, "the run reached the held activation");
			assert.equal(run.code, expected, run.stderr.toString());
			assert.match(run.stderr.toString(), /^stopped before activation\n$/);
			assert.ok(exitMs < 3000, `exit took ${exitMs} ms after ${signal}`);
			assert.equal(emulator.requests.find((r) => r.path.endsWith("/activate"))!.status, 0, "the held request was never answered: the client hung up");
			const stored = JSON.parse(readFileSync(nvs, "utf8")) as Record<string, Record<string, unknown>>;
			assert.equal(typeof stored.board?.uuid, "string");
			assert.equal(typeof stored.mqtt?.endpoint, "string", "what the board stored before the stop is on disk");
		});
	});
}

for (const [mode, flags] of MODES) {
	test(`${mode}: an activation storm (/activate 200, the check still shows a new code every time) backs off 10, 20, 40 s… and says so`, async () => {
		await withEmulator({}, async (emulator) => {
			emulator.injectFault({ kind: "accept-unbound", newCode: true }, { path: "activate", times: 100_000 });
			// Before the fix the device asked without pause: on virtual time no device time passed, so --stop-after never came.
			const run = await runCliBytes([...flags, "--ota-url", emulator.otaUrl, "--ca", emulator.caPath, "--virtual-time", "--stop-after", "120", "--json"], { killAfterMs: 90_000 });
			assert.equal(run.code, 1, `${run.signal ?? ""} ${run.stderr.toString().slice(-300)}`);
			const unconfirmed = events(run).filter((e) => e.type === "check-failed" && (e.reason as { kind: string }).kind === "unconfirmed");
			// Within 120 s: waits of 10, 20 and 40 s, then the one of 80 s that --stop-after cuts.
			assert.deepEqual(unconfirmed.map((e) => e.retryInMs), [10_000, 20_000, 40_000, 80_000]);
			const codes = events(run).filter((e) => e.type === "code").map((e) => e.code);
			assert.equal(new Set(codes).size, unconfirmed.length + 1, `a new code at every confirming check, at most one per back-off: ${codes.join(" ")}`);
			assert.ok(unconfirmed.every((e) => e.url === emulator.otaUrl));
			assert.ok(emulator.requests.length <= 12, `${emulator.requests.length} requests in 120 s of device time`);
			assert.match(run.stderr.toString(), /; the last not confirmed at https:\/\/127\.0\.0\.1:\d+\/xiaozhi\/ota\/: the server accepted the activation \(HTTP 200\) but its check still shows code \d{6}\n$/);
		});
	});
}

for (const [mode, flags] of MODES) {
	test(`${mode}: hostile answers (non-ASCII codes, bad addresses, a repeated activation, case-variant members) behave as on the runner, and the firmware's members are stored`, async () => {
		await withEmulator({ holdActivateMs: 300 }, async (emulator) => {
			emulator.injectFault({ kind: "code-text", code: "１２３４５６" }, { path: "check" });
			emulator.injectFault({ kind: "code-text", code: "١٢٣٤٥٦" }, { path: "check" });
			emulator.injectFault({ kind: "hostile-addresses" }, { path: "check" });
			emulator.injectFault({ kind: "repeated-activation" }, { path: "check" });
			emulator.injectFault({ kind: "case-variant-members" }, { path: "check" });
			const nvs = join(mkdtempSync(join(tmpdir(), "nvs-")), "nvs.json");
			let codes = 0;
			// The person enters the code once it shows after the repeated activation (the second time it shows).
			const run = await runCliBytes([...flags, "--ota-url", emulator.otaUrl, "--ca", emulator.caPath, "--virtual-time", "--stop-after", "600", "--nvs", nvs, "--json"], {
				killAfterMs: 120_000,
				onStdout: (text) => {
					const shown = [...text.matchAll(/"type":"code","code":"(\d{6})"/g)];
					if (shown.length >= 2 && codes < 2) {
						codes = 2;
						emulator.bind(shown[1]![1]!);
					}
				},
			});
			assert.equal(run.code, 0, run.stderr.toString());
			const lines = events(run);
			const failures = lines.filter((e) => e.type === "check-failed").map((e) => (e.reason as { detail: string }).detail);
			assert.deepEqual(failures, ["activation code has U+FF11 at position 1; a code is ASCII letters and digits", "activation code has U+0661 at position 1; a code is ASCII letters and digits"]);
			const warnings = lines.filter((e) => e.type === "warning").map((e) => e.message as string);
			assert.ok(warnings.includes('websocket/url is not a ws:// or wss:// URL (it starts "javascript:a"); not stored'), warnings.join("\n"));
			assert.ok(warnings.includes('mqtt/endpoint is not a host with an optional port (host[:port]): the port is not a number (it starts "file:///etc/"); not stored'), warnings.join("\n"));
			assert.equal(warnings.filter((w) => /^not stored mqtt\/[A-Za-z_]+: mqtt already holds 5 members the firmware does not read/.test(w)).length, 32 - 5, "refused variants warned on the normal output");
			const activateAnswers = emulator.requests.filter((r) => r.path.endsWith("/activate")).map((r) => r.status);
			assert.ok(activateAnswers.includes(200), "activated through an activation the server accepted, not by the repeated empty activation");
			assert.equal(lines.filter((e) => e.type === "code").length >= 2, true);
			const stored = JSON.parse(readFileSync(nvs, "utf8")) as Record<string, Record<string, unknown>>;
			assert.equal(stored.mqtt?.keepalive, 240, "the member the firmware needs is stored");
			assert.equal(stored.mqtt?.endpoint, "mqtt.xiaozhi.me");
			assert.equal(stored.websocket?.url, "wss://api.tenclass.net/xiaozhi/v1/");
			assert.equal(Object.keys(stored.mqtt!).filter((name) => name !== "~members" && !["endpoint", "client_id", "username", "password", "keepalive", "publish_topic", "subscribe_topic"].includes(name)).length, 5);
			const outcome = lines.find((e) => e.type === "outcome") as unknown as { outcome: { settings: { mqtt: Record<string, unknown> } } };
			assert.equal(outcome.outcome.settings.mqtt.keepalive, 240);
		});
	});
}
