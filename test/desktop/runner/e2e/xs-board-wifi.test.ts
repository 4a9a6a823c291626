/*
 * Wi-Fi setup on the board's own code (main.ts + hosts/esp32s3/platform.ts on XS), its SDK
 * leaves stood in: the radio answers from a list of networks, the setup page's HTTP server
 * and DNS server listen on this machine's sockets. Asked from here as a phone would: DNS,
 * probes, the JSON API; then the device activates against the emulator, NVS holding the
 * network under the official keys, the OLED having shown setup mode's two screens.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createSocket } from "node:dgram";
import { VirtualClock } from "../../../../desktop/node/clock.ts";
import { loadDeviceProfile } from "../../../../desktop/node/device-profile.ts";
import { NvsStore } from "../../../../desktop/node/nvs-store.ts";
import { runBoardOnXs, setupServerConfig, type BoardRunResult, type BoardWifiNetwork, type ButtonAction } from "../../../../desktop/runner/run-board.ts";
import { freeSetupPorts } from "../../../../desktop/node/free-port.ts";
import { startEmulator } from "../../../../desktop/emulator/server.ts";
import type { DeviceEvent } from "../../../../modules/device/device.ts";
import type { WifiStatus } from "../../../../modules/wifi-setup/bring-up.ts";
import { renderScreen } from "../../../../modules/screens/render.ts";
import type { ScreenView } from "../../../../modules/screens/view.ts";

const profile = loadDeviceProfile();
const NETWORKS: readonly BoardWifiNetwork[] = [
	{ ssid: "Home", rssi: -50, authmode: 3, password: "home-pass-1" },
	{ ssid: "咖啡馆", rssi: -71, authmode: 0, password: "" },
	{ ssid: "Hidden", hidden: true, password: "hidden-pass-1" },
];

interface WifiRun {
	readonly result: BoardRunResult;
	readonly store: NvsStore;
	readonly statuses: WifiStatus[];
	readonly events: DeviceEvent[];
}

/**
 * A board run in Wi-Fi mode; `page` is called with the page's address and the DNS port once
 * setup mode is up, and runs beside the board; `stop` ends the run when it resolves.
 */
async function runWifiBoard(options: {
	store?: NvsStore;
	page?: (url: string, dnsPort: number) => Promise<void>;
	onEvent?: (event: DeviceEvent) => ButtonAction | void;
	stopAfterPage?: boolean;
}): Promise<WifiRun> {
	const clock = new VirtualClock(0);
	const emulator = await startEmulator({ profile: "official", autoBindAfterMs: 2_000, clock });
	const store = options.store ?? new NvsStore({ initial: { ...profile.nvs, network: { type: 0 } } });
	const statuses: WifiStatus[] = [];
	const events: DeviceEvent[] = [];
	const ports = await freeSetupPorts();
	const controller = new AbortController();
	let visit: Promise<void> | undefined;
	try {
		const result = await runBoardOnXs({
			profile,
			otaUrl: emulator.otaUrl,
			caPem: emulator.caPem,
			clock,
			store,
			wifiNetworks: NETWORKS,
			config: setupServerConfig(ports),
			signal: controller.signal,
			onEvent(event) {
				events.push(event);
				if (event.type === "wifi") {
					statuses.push(event.status);
					if (event.status.kind === "setup" && options.page && !visit) {
						visit = options.page(event.status.pageUrl, ports.dns);
						if (options.stopAfterPage) void visit.finally(() => controller.abort());
					}
				}
				return options.onEvent?.(event);
			},
		});
		await visit;
		return { result, store, statuses, events };
	} finally {
		await emulator.close();
	}
}

async function json(url: string, init?: RequestInit): Promise<{ status: number; body: unknown }> {
	const response = await fetch(url, init);
	return { status: response.status, body: await response.json() };
}

const post = (body: unknown): RequestInit => ({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

/** One A query for `name` to the DNS server on `port`; the answer's address. */
async function resolveA(port: number, name: string): Promise<string> {
	const socket = createSocket("udp4");
	try {
		const labels = name.split(".").flatMap((label) => [label.length, ...Buffer.from(label)]);
		const query = Buffer.from([0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, ...labels, 0, 0, 1, 0, 1]);
		const answer = await new Promise<Buffer>((resolve, reject) => {
			socket.once("message", resolve);
			socket.once("error", reject);
			socket.send(query, port, "127.0.0.1");
		});
		assert.equal(answer.readUInt16BE(0), 0x1234, "the query's id");
		assert.equal(answer.readUInt16BE(6), 1, "one answer");
		return [...answer.subarray(answer.length - 4)].join(".");
	} finally {
		socket.close();
	}
}

const frameOf = (view: ScreenView): string => Buffer.from(renderScreen(view, "zh-CN")).toString("hex");

test("board on XS, Wi-Fi with nothing stored: setup mode; DNS and probes lead to the page; a wrong password stores nothing; a hidden network joins; activation follows", async () => {
	const run = await runWifiBoard({
		async page(url, dnsPort) {
			assert.equal(await resolveA(dnsPort, "connectivitycheck.gstatic.com"), "192.168.4.1", "every name is the hotspot");
			assert.equal(await resolveA(dnsPort, "www.msftconnecttest.com"), "192.168.4.1");
			const probe = await fetch(`${url}connecttest.txt`, { redirect: "manual" });
			assert.equal(probe.status, 302, "Windows' probe");
			assert.equal(probe.headers.get("location"), url);
			assert.equal((await fetch(`${url}generate_204`, { redirect: "manual" })).status, 302);
			const page = await fetch(url);
			assert.equal(page.headers.get("content-type"), "text/html; charset=utf-8");
			assert.match(await page.text(), /配网/);
			// The first scan takes 2 s of board time: the page polls until it has one.
			let aps: { ssid: string }[] = [];
			for (let i = 0; i < 50 && aps.length === 0; i++) {
				aps = ((await json(`${url}scan`)).body as { aps: { ssid: string }[] }).aps;
				if (aps.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
			}
			assert.deepEqual(aps.map((ap) => ap.ssid), ["Home", "咖啡馆"], "hidden networks are not in a scan");
			const wrong = await json(`${url}submit`, post({ ssid: "Home", password: "not-the-pass" }));
			assert.deepEqual(wrong.body, { success: false, error: "Wrong password: the network refused it", reason: "wrong-password" });
			assert.deepEqual((await json(`${url}saved/list`)).body, [], "nothing stored");
			const hidden = await json(`${url}submit`, post({ ssid: "Hidden", password: "hidden-pass-1" }));
			assert.deepEqual(hidden.body, { success: true });
			assert.deepEqual((await json(`${url}saved/list`)).body, ["Hidden"]);
			assert.deepEqual((await json(`${url}exit`, { method: "POST" })).body, { success: true });
		},
	});
	assert.equal(run.result.status, "activated");
	assert.equal(run.store.get("wifi", "ssid"), "Hidden");
	assert.equal(run.store.get("wifi", "password"), "hidden-pass-1");
	assert.deepEqual(run.statuses.map((status) => status.kind), ["setup", "setup-saved", "setup-ended", "joining", "joined"]);
	const setup = run.statuses[0] as WifiStatus & { kind: "setup" };
	const shown = new Set(run.result.frames.map((entry) => Buffer.from(entry.frame).toString("hex")));
	const address = new URL(setup.pageUrl).host;
	for (const step of ["hotspot", "page"] as const) assert.ok(shown.has(frameOf({ kind: "wifi-setup", step, hotspot: "Xiaozhi-84B9", address })), `the OLED showed setup mode's ${step} screen`);
	for (const line of run.result.console) assert.ok(!line.includes("hidden-pass-1") && !line.includes("not-the-pass"), `no password on the console: ${line}`);
	const played = run.result.console.filter((line) => line.startsWith("speaker: play ")).map((line) => line.slice("speaker: play ".length));
	assert.deepEqual(played.slice(0, 5), ["zh-setup", "zh-8", "zh-4", "zh-b", "zh-9"], "the speaker says to join the hotspot, then 84B9");
});

test("board on XS: stored networks that fail for 60 s open setup mode, the reasons on the way; a BOOT press while joining opens it at once", async () => {
	const store = new NvsStore({ initial: { ...profile.nvs, network: { type: 0 } } });
	store.set("wifi", "ssid", "Home");
	store.set("wifi", "password", "old-home-pass");
	store.set("wifi", "ssid1", "Gone");
	store.set("wifi", "password1", "gone-pass-11");
	const failing = await runWifiBoard({
		store,
		stopAfterPage: true,
		async page(url) {
			assert.deepEqual((await json(`${url}saved/list`)).body, ["Home", "Gone"], "the saved networks, never their passwords");
		},
	});
	const failures = failing.statuses.filter((status) => status.kind === "join-failed");
	assert.deepEqual(failures.slice(0, 2), [
		{ kind: "join-failed", ssid: "Home", reason: "wrong-password" },
		{ kind: "join-failed", ssid: "Gone", reason: "not-found" },
	]);
	const setupAt = failing.result.events.find((entry) => entry.event.type === "wifi" && entry.event.status.kind === "setup")!.at;
	assert.ok(setupAt >= 60_000 && setupAt < 70_000, `setup mode at ${setupAt} ms of board time`);
	assert.deepEqual(failing.statuses.find((status) => status.kind === "setup"), { kind: "setup", cause: "join-failed", hotspot: "Xiaozhi-84B9", pageUrl: (failing.statuses.find((status) => status.kind === "setup") as { pageUrl: string }).pageUrl });

	const pressed = await runWifiBoard({
		store: new NvsStore({ initial: { ...profile.nvs, network: { type: 0 }, wifi: { ssid: "Home", password: "old-home-pass" } } }),
		stopAfterPage: true,
		onEvent: (event) => (event.type === "wifi" && event.status.kind === "joining" ? "click" : undefined),
		async page(url) {
			assert.equal((await fetch(url)).status, 200);
		},
	});
	assert.ok(pressed.events.some((event) => event.type === "button" && event.effect === "setup"));
	const setup = pressed.result.events.find((entry) => entry.event.type === "wifi" && entry.event.status.kind === "setup")!;
	assert.ok(setup.at < 10_000, `setup mode ${setup.at} ms after power-on, not after 60 s`);
	assert.equal((setup.event as { status: { cause: string } }).status.cause, "button");
});
