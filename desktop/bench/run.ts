/*
 * `npm run bench`: figures, never a pass/fail. On the real XS engine (xsnap):
 *  1. computrons and heap slots of building the status-query report and of handling an answer;
 *  2. requests and bytes for one activation against the embedded emulator;
 *  3. time from the code being bound to the device reporting activated, for this module's
 *     policy and the official firmware's, against a server that answers 202 at once and
 *     one that holds it (virtual time, same emulator, same run).
 * Extra sections come from desktop/bench/sections/*.ts when present (screens, modem, sound).
 */
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { startXsWorker } from "../runner/xs-worker.ts";
import { bundleForXs } from "../runner/bundle.ts";
import { runDeviceOnXs } from "../runner/run-device.ts";
import { loadDeviceProfile } from "../node/device-profile.ts";
import { VirtualClock } from "../node/clock.ts";
import { startEmulator } from "../emulator/server.ts";
import { DEFAULT_POLICY, FIRMWARE_POLICY, type ActivationPolicy } from "../../modules/activation/policy.ts";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const fixture = (name: string) => readFileSync(here(`../../test/fixtures/${name}`), "utf8");
/** A slot is 16 bytes in the 32-bit XS of the ESP32 (32 on this 64-bit machine). */
const DEVICE_SLOT_BYTES = 16;

async function xsCosts(): Promise<void> {
	const worker = await startXsWorker({ handle: () => undefined, name: "bench" });
	try {
		await worker.evaluate(await bundleForXs(here("./xs-cost-entry.ts")));
		const measure = async (label: string, call: string) => {
			await worker.evaluate("bench.release(); gc();");
			const base = await worker.evaluate("bench.noop()");
			const used = await worker.evaluate(call);
			const afterGc = await worker.evaluate("gc()");
			const slots = used.heapSlots - base.heapSlots;
			const kept = afterGc.heapSlots - base.heapSlots;
			const kib = (n: number) => ((n * DEVICE_SLOT_BYTES) / 1024).toFixed(1);
			console.log(
				`  ${label.padEnd(50)} ${String(used.computrons - base.computrons).padStart(6)} computrons` +
					`  ${String(slots).padStart(5)} slots used (~${kib(slots)} KiB on device), ${String(kept).padStart(4)} kept after gc (~${kib(kept)} KiB)`,
			);
		};
		console.log("XS cost per call (xsnap meter; heap slots in use right after the call, and still alive after a gc with the result kept):");
		await measure("build the status-query report (1229 B)", "bench.report()");
		// Labels as in docs/figures.md's table, so runs compare.
		for (const [what, name] of [["an unactivated", "ota-response-2-unactivated.json"], ["an activated", "ota-response-1-activated.json"]] as const) {
			const body = fixture(name);
			// The body enters the heap in its own crank, as received text would, before the parse is measured.
			await worker.evaluate(`globalThis.answer = ${JSON.stringify(body)};`);
			await measure(`parse ${what} answer (${body.length} B)`, "bench.parse(globalThis.answer)");
		}
	} finally {
		await worker.close();
	}
}

async function oneActivation(): Promise<void> {
	const profile = loadDeviceProfile();
	const clock = new VirtualClock(0);
	const emulator = await startEmulator({ profile: "official", clock, autoBindAfterMs: 7000 });
	try {
		const run = await runDeviceOnXs({ profile, clock, otaUrl: emulator.otaUrl, caPem: emulator.caPem });
		let sentBody = 0;
		let sentHeaders = 0;
		let received = 0;
		for (const r of emulator.requests) {
			sentBody += Buffer.byteLength(r.body);
			sentHeaders += r.rawHeaderNames.reduce((n, name) => n + name.length + 2 + Buffer.byteLength(r.headers[name.toLowerCase()] ?? "") + 2, 0);
			received += Buffer.byteLength(r.responseBody);
		}
		console.log(`\nOne activation (official profile, code bound 7 s after it was issued), device on XS:`);
		console.log(`  outcome ${run.outcome.status}; requests: ${emulator.requests.map((r) => `${r.path.endsWith("activate") ? "activate" : "check"}=${r.status}`).join(" ")}`);
		console.log(`  ${emulator.requests.length} requests, ${sentBody} body bytes + ${sentHeaders} header bytes sent, ${received} body bytes received`);
		console.log(`  whole run on XS: ${run.meter.computrons} computrons, ${run.meter.heapSlots} live slots at the end (engine + module)`);
		console.log(`  bridge calls: ${JSON.stringify(run.meter.bridgeCalls)}`);
	} finally {
		await emulator.close();
	}
}

async function bindLatency(policy: ActivationPolicy, holdMs: number, bindAfterMs: number): Promise<number> {
	const profile = loadDeviceProfile();
	const clock = new VirtualClock(0);
	const emulator = await startEmulator({ profile: "official", clock, autoBindAfterMs: bindAfterMs, holdActivateMs: holdMs });
	let codeAt: number | undefined;
	let activatedAt: number | undefined;
	try {
		await runDeviceOnXs({
			profile,
			clock,
			otaUrl: emulator.otaUrl,
			caPem: emulator.caPem,
			config: { policy },
			onEvent(event) {
				if (event.type === "code" && codeAt === undefined) codeAt = clock.now();
				if (event.type === "activated") activatedAt = clock.now();
			},
		});
	} finally {
		await emulator.close();
	}
	if (codeAt === undefined || activatedAt === undefined) throw new Error("the run did not activate");
	return activatedAt - (codeAt + bindAfterMs);
}

async function latencies(): Promise<void> {
	console.log("\nTime from the code being bound to the device reporting activated (virtual time, XS device):");
	console.log("  bind moments: 20 s, 20.5 s, … 39.5 s after the code was issued (40 runs per row)");
	for (const holdMs of [0, 15000]) {
		for (const [name, policy] of [
			["this module", DEFAULT_POLICY],
			["official firmware policy", FIRMWARE_POLICY],
		] as const) {
			const samples: number[] = [];
			for (let i = 0; i < 40; i++) samples.push(await bindLatency(policy, holdMs, 20000 + i * 500));
			const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
			const server = holdMs ? `server holds 202 up to ${holdMs / 1000} s` : "server answers 202 at once";
			console.log(`  ${server.padEnd(32)} ${name.padEnd(26)} mean ${(mean / 1000).toFixed(2)} s, max ${(Math.max(...samples) / 1000).toFixed(2)} s`);
		}
	}
}

await xsCosts();
await oneActivation();
await latencies();
const sectionsDir = here("./sections/");
let sections: string[] = [];
try {
	sections = readdirSync(sectionsDir).filter((f) => f.endsWith(".ts")).sort();
} catch {
	// no extra sections
}
for (const file of sections) {
	const section = (await import(`${sectionsDir}${file}`)) as { run(): Promise<void> };
	console.log("");
	await section.run();
}
