/* bin/xiaozhi-activate.js as a user runs it: a child process, from another directory. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../../../bin/xiaozhi-activate.js", import.meta.url));
const FIXTURE_1 = readFileSync(new URL("../../fixtures/ota-request-1.json", import.meta.url));

function run(args: string[]): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [BIN, ...args], { cwd: tmpdir(), stdio: ["ignore", "pipe", "pipe"] });
		const out: Buffer[] = [];
		let stderr = "";
		child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
		child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
		child.on("error", reject);
		child.on("close", (code) => resolve({ code, stdout: Buffer.concat(out), stderr }));
	});
}

test("report prints the captured status-query body byte for byte, without network", async () => {
	const { code, stdout } = await run(["report"]);
	assert.equal(code, 0);
	assert.ok(stdout.equals(FIXTURE_1), `report differs from ota-request-1.json:\n${stdout.toString()}`);
});

test("report follows --lang and --device", async () => {
	const english = await run(["report", "--lang", "en-US"]);
	assert.match(english.stdout.toString(), /^\{"version":2,"language":"en-US",/);
	const wifi = await run(["report", "--device", fileURLToPath(new URL("../../../profiles/wifi.json", import.meta.url))]);
	assert.match(wifi.stdout.toString(), /"board":\{"type":"bread-compact-ml307","name":"bread-compact-ml307","ssid":"xiaozhi-lab","rssi":-52,"channel":6,"ip":"192.168.4.23","mac":"94:a9:90:2c:84:b9"\}\}\n$/);
});

test("bad usage exits 2 with the reason", async () => {
	const badLang = await run(["--lang", "fr-FR"]);
	assert.equal(badLang.code, 2);
	assert.match(badLang.stderr, /^xiaozhi-activate: --lang must be zh-CN or en-US/);
	const missing = await run(["--device", "/nonexistent/profile.json"]);
	assert.equal(missing.code, 2);
	assert.match(missing.stderr, /cannot read device profile/);
	assert.equal((await run(["--ota-url", "https://127.0.0.1:9/x/", "--auto-bind", "3"])).code, 2);
});

test("--json --virtual-time --auto-bind: activates against the embedded emulator, secrets redacted", async () => {
	const { code, stdout, stderr } = await run(["--json", "--virtual-time", "--auto-bind", "30"]);
	assert.equal(code, 0, stderr);
	const lines = stdout.toString().trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
	assert.equal(lines[0]!.type, "emulator");
	assert.ok(lines.some((line) => line.type === "code"));
	const outcome = lines[lines.length - 1]! as { type: string; outcome: { status: string; settings: { mqtt: Record<string, string>; websocket: Record<string, string> } } };
	assert.equal(outcome.type, "outcome");
	assert.equal(outcome.outcome.status, "activated");
	assert.equal(outcome.outcome.settings.mqtt.password, "<redacted>");
	assert.equal(outcome.outcome.settings.websocket.token, "<redacted>");
	assert.equal(outcome.outcome.settings.mqtt.endpoint, "mqtt.xiaozhi.me");
});

test("human output: the code, where to enter it, and no secret values", async () => {
	const { code, stdout } = await run(["--virtual-time", "--auto-bind", "5", "--profile", "manager"]);
	const text = stdout.toString();
	assert.equal(code, 0, text);
	assert.match(text, /Activation code: \d{6}\nEnter it at https:\/\/127\.0\.0\.1:\d+\/console/);
	assert.match(text, /Activated: the code was entered\./);
	assert.doesNotMatch(text, /token=(?!<redacted>)|password=(?!<redacted>)/);
});

test("an unreachable server: exit 1 with a one-line reason (virtual time skips the back-off)", async () => {
	const { code, stderr } = await run(["--ota-url", "https://127.0.0.1:9/xiaozhi/ota/", "--virtual-time"]);
	assert.equal(code, 1);
	assert.match(stderr, /^not activated: check failed at https:\/\/127\.0\.0\.1:9\/xiaozhi\/ota\/: connect.*ECONNREFUSED.*\n$/, "one line, with the URL");
});

test("--screen draws the OLED in the terminal and --frames writes each new frame as a PNG", async () => {
	const { mkdtempSync, readdirSync } = await import("node:fs");
	const { join } = await import("node:path");
	const { decodePng, pngToFrame } = await import("../../../desktop/tools/frames.ts");
	const { renderScreen } = await import("../../../modules/screens/render.ts");
	const dir = mkdtempSync(join(tmpdir(), "frames-"));
	const { code, stdout, stderr } = await run(["--virtual-time", "--auto-bind", "5", "--screen", "--frames", dir, "--lang", "en-US"]);
	assert.equal(code, 0, stderr);
	const text = stdout.toString();
	assert.match(text, /^\+-{128}\+$/m, "a 128-pixel-wide frame border");
	assert.match(text, /[▀▄█]/, "half-block pixels");
	const files = readdirSync(dir).sort();
	assert.deepEqual(files.map((f) => f.replace(/^\d{3}-/, "").replace(/\.png$/, "")).filter((k, i, all) => all.indexOf(k) === i), ["starting", "checking", "code", "activated"]);
	const codeFile = files.find((f) => f.endsWith("-code.png"))!;
	const png = readFileSync(join(dir, codeFile));
	const image = decodePng(png);
	assert.equal(image.width, 128 * 4);
	assert.equal(image.height, 32 * 4);
	const shown = /Activation code: (\d{6})/.exec(text)![1]!;
	const expected = renderScreen({ kind: "code", code: shown, message: `xiaozhi.me\n${shown}`, status: { phase: "shown" } }, "en-US");
	assert.deepEqual(pngToFrame(png), expected, "the first code frame is the renderer's code screen");
});
