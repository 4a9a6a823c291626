/*
 * The device composition's own parts: the BOOT button's gestures, the waits a press can
 * cut, and the device's reaction to a press during a back-off and a double-click while
 * starting. On the emulator's ManualClock (virtual time); the network here is one that is
 * down (every request fails below HTTP), so no server is involved.
 */
import { spec, assert } from "../support/spec.ts";
import type { HttpRequest, HttpResult } from "activation/interfaces";
import { BootButton, type ButtonGesture } from "device/boot-button";
import { startDevice, type DeviceEvent } from "device/device";
import { storedNetworkType, storeNetworkType } from "device/network-choice";
import { WakeableTimers } from "device/wakeable-timers";
import { ManualClock } from "../../desktop/ml307-simulator/manual-clock.ts";
import { capturedBoard, capturedSystem } from "../../desktop/node/captured-device.ts";
import { MemoryStore } from "../support/memory-store.ts";
import { FakeRadio, FakeServers, request, type FakeNetwork } from "../support/fake-wifi.ts";
import type { ScreenView } from "screens/view";
import type { WifiStatus } from "wifi-setup/bring-up";
import { saveNetwork } from "wifi-setup/networks";

/** The parts every device spec gives alike: the captured chip, en-US, a silent log, fixed randomness, the clock's time. */
function fixedParts(clock: ManualClock) {
	return {
		config: { defaultOtaUrl: "https://ota.example/xiaozhi/ota/", language: "en-US" as const, boardName: "bread-compact-ml307", boardType: "bread-compact-ml307" },
		timers: clock,
		wallClock: clock,
		log: { info() {}, warn() {}, error() {} },
		signer: { serialNumber: () => undefined, hmacSha256Hex: () => "" },
		random: { bytes: (count: number) => new Uint8Array(count).fill(7) },
		system: () => capturedSystem(),
	};
}

function gestures(edges: readonly [number, boolean][]): ButtonGesture[] {
	let now = 0;
	const seen: ButtonGesture[] = [];
	const button = new BootButton(() => now, (gesture) => seen.push(gesture));
	for (const [at, pressed] of edges) {
		now = at;
		button.edge(pressed);
	}
	return seen;
}

spec("boot button: a release is a click; a second release within 400 ms is a double-click", () => {
	assert.deepEqual(gestures([[0, true], [100, false]]), ["click"]);
	assert.deepEqual(gestures([[0, true], [80, false], [160, true], [240, false]]), ["click", "double-click"]);
	assert.deepEqual(gestures([[0, true], [80, false], [600, true], [700, false]]), ["click", "click"], "too slow for a double-click");
	assert.deepEqual(gestures([[0, true], [5, false], [8, true], [100, false]]), ["click"], "contact bounce under 20 ms is ignored");
	assert.deepEqual(
		gestures([[0, true], [80, false], [160, true], [240, false], [320, true], [400, false]]),
		["click", "double-click", "click"],
		"a third click starts over",
	);
});

spec("wakeable timers: a press fires the long waits now and leaves the short ones", async () => {
	const clock = new ManualClock();
	const timers = new WakeableTimers(clock);
	const fired: string[] = [];
	timers.set(() => fired.push("retry 10 s"), 10_000);
	timers.set(() => fired.push("AT answer 300 ms"), 300);
	assert.equal(timers.wake(), true);
	assert.deepEqual(fired, ["retry 10 s"]);
	assert.equal(timers.wake(), false, "nothing long is left");
	await clock.advance(20_000);
	assert.deepEqual(fired, ["retry 10 s", "AT answer 300 ms"], "the woken wait does not fire twice");
});

spec("device: a double-click after the run gave up without an answer stores the other network and restarts", async () => {
	const bench = downNetworkDevice();
	// Ten checks, 10 s doubling between them: about 85 minutes of device time.
	const outcome = (await bench.clock.run(bench.run as Promise<unknown>, 6_000_000)) as { status: string };
	assert.equal(outcome.status, "offline", "every check failed");
	assert.equal(bench.restarts.length, 0);
	bench.press("double-click");
	await bench.clock.advance(1_000);
	assert.deepEqual(bench.restarts, ["wifi"], "the platform was asked to restart, once");
	assert.equal(bench.store.get("network", "type"), 0);
	assert.deepEqual(bench.events.at(-1), { type: "button", gesture: "double-click", effect: "switching" });
	bench.press("double-click");
	await bench.clock.advance(1_000);
	assert.deepEqual(bench.restarts, ["wifi"], "a second double-click while the restart is pending does nothing more");
});

spec("device: once the server answered, a double-click after the run switches nothing", async () => {
	const bench = downNetworkDevice({ answered: true });
	const outcome = (await bench.clock.run(bench.run as Promise<unknown>)) as { status: string };
	assert.equal(outcome.status, "activated");
	bench.press("double-click");
	await bench.clock.advance(1_000);
	assert.deepEqual(bench.restarts, []);
	assert.equal(bench.store.get("network", "type"), undefined, "NVS untouched");
});

interface Bench {
	readonly restarts: string[];
	readonly requests: number[];
	readonly events: DeviceEvent[];
	readonly store: MemoryStore;
	readonly clock: ManualClock;
	press(gesture: ButtonGesture): void;
	readonly run: Promise<unknown>;
}

/** The device on a network that is down (or, `answered`, one whose server knows it), with a BOOT button the spec presses. */
function downNetworkDevice(options: { readonly answered?: boolean } = {}): Bench {
	const clock = new ManualClock();
	const store = new MemoryStore();
	const requests: number[] = [];
	const events: DeviceEvent[] = [];
	const restarts: string[] = [];
	let level: ((pressed: boolean) => void) | undefined;
	const down = {
		kind: "stack" as const,
		stack: {
			http: {
				request(_request: HttpRequest): Promise<HttpResult> {
					requests.push(clock.now());
					if (options.answered) return Promise.resolve({ ok: true, status: 200, body: '{"firmware":{"version":"1.0.0","url":""}}' });
					return Promise.resolve({ ok: false, failure: "no-network", detail: "no carrier" });
				},
			},
			board: () => Promise.resolve(capturedBoard()),
		},
	};
	const device = startDevice({
		...fixedParts(clock),
		store,
		networks: { ml307: () => down, wifi: () => down },
		button: { watch: (listener) => (level = listener) },
		onEvent: (event) => events.push(event),
		restart: () => restarts.push(storedNetworkType(store)),
	});
	const press = (gesture: ButtonGesture): void => {
		const steps: [number, boolean][] = gesture === "click" ? [[0, true], [100, false]] : [[0, true], [80, false], [160, true], [240, false]];
		for (const [at, pressed] of steps) clock.set(() => level?.(pressed), at);
	};
	return { restarts, requests, events, store, clock, press, run: device.run() };
}

spec("device: a BOOT press during the 10 s back-off sends the next check at once", async () => {
	const bench = downNetworkDevice();
	await bench.clock.advance(3_000);
	assert.deepEqual(bench.requests, [0], "one check, then the back-off");
	bench.press("click");
	await bench.clock.advance(1_000);
	assert.equal(bench.requests.length, 2, "the second check went out after the press");
	assert.ok(bench.requests[1]! < 3_200, `at ${bench.requests[1]} ms, not at 10 s`);
	assert.ok(bench.events.some((event) => event.type === "button" && event.effect === "woke"));
	bench.press("click");
	await bench.clock.advance(100);
	assert.equal(bench.requests.length, 3, "each press: one more check, never two at a time");
});

spec("device: a double-click while starting stores the other network and asks for a restart", async () => {
	const bench = downNetworkDevice();
	await bench.clock.advance(500);
	bench.press("double-click");
	const outcome = await bench.clock.run(bench.run as Promise<unknown>);
	assert.deepEqual(outcome, { status: "restart", network: "wifi" });
	assert.equal(storedNetworkType(bench.store), "wifi");
	assert.equal(bench.store.get("network", "type"), 0);
});

interface WifiBench extends Omit<Bench, "restarts"> {
	readonly radio: FakeRadio;
	readonly servers: FakeServers;
	readonly views: ScreenView[];
	/** The clips the speaker was given (and its stops). */
	readonly spoken: string[];
}

/** The device on Wi-Fi (NVS network/type 0) with a fake radio; the network behind it is down. */
function wifiDevice(networks: readonly FakeNetwork[], saved: readonly [string, string][] = []): WifiBench {
	const clock = new ManualClock();
	const store = new MemoryStore();
	storeNetworkType(store, "wifi");
	for (const [ssid, password] of saved) saveNetwork(store, ssid, password);
	const requests: number[] = [];
	const events: DeviceEvent[] = [];
	const views: ScreenView[] = [];
	const radio = new FakeRadio(clock, networks);
	const servers = new FakeServers();
	const spoken: string[] = [];
	let level: ((pressed: boolean) => void) | undefined;
	const http = {
		request(_request: HttpRequest): Promise<HttpResult> {
			requests.push(clock.now());
			return Promise.resolve({ ok: false, failure: "no-network", detail: "no route" } as HttpResult);
		},
	};
	const wifi = { kind: "wifi" as const, radio, servers, page: new ArrayBuffer(4), http, board: () => Promise.resolve(capturedBoard()) };
	const device = startDevice({
		...fixedParts(clock),
		store,
		networks: { ml307: () => { throw new Error("4G must not be built in Wi-Fi mode"); }, wifi: () => wifi },
		screen: { showView: (view) => views.push(view) },
		button: { watch: (listener) => (level = listener) },
		audio: { play: (clip) => void spoken.push(clip), pause() {}, stop: () => void spoken.push("<stop>"), clipMs: () => 500 },
		onEvent: (event) => events.push(event),
	});
	const press = (gesture: ButtonGesture): void => {
		const steps: [number, boolean][] = gesture === "click" ? [[0, true], [100, false]] : [[0, true], [80, false], [160, true], [240, false]];
		for (const [at, pressed] of steps) clock.set(() => level?.(pressed), at);
	};
	return { requests, events, store, clock, press, run: device.run(), radio, servers, views, spoken };
}

spec("device on Wi-Fi: no network stored: setup mode after 1.5 s, its two screens in turn every 3 s, the hotspot from the MAC", async () => {
	const bench = wifiDevice([{ ssid: "Home", password: "right-pass" }]);
	await bench.clock.advance(1_600);
	assert.equal(bench.radio.hotspot, "Xiaozhi-84B9");
	const setup = bench.events.find((event) => event.type === "wifi" && event.status.kind === "setup");
	assert.deepEqual(setup, { type: "wifi", status: { kind: "setup", cause: "no-network", hotspot: "Xiaozhi-84B9", pageUrl: "http://192.168.4.1/" } });
	await bench.clock.advance(6_100);
	const steps = bench.views.filter((view) => view.kind === "wifi-setup").map((view) => (view as { step: string }).step);
	assert.deepEqual(steps, ["hotspot", "page", "hotspot"]);
	assert.deepEqual(bench.spoken, ["en-setup", "en-8", "en-4", "en-b", "en-9"], "the device's announcer names the hotspot once");
	assert.deepEqual(bench.requests, [], "no request before a network is joined");
});

spec("device on Wi-Fi: a BOOT press while joining opens setup mode; a double-click there switches to 4G", async () => {
	const bench = wifiDevice([{ ssid: "Home", password: "right-pass", noDhcp: true }], [["Home", "right-pass"]]);
	await bench.clock.advance(2_000);
	assert.deepEqual(bench.views.at(-1), { kind: "network", phase: "connecting", detail: "Home" });
	bench.press("click");
	await bench.clock.advance(500);
	assert.ok(bench.events.some((event) => event.type === "button" && event.effect === "setup"));
	assert.equal(bench.radio.hotspot, "Xiaozhi-84B9");
	bench.press("double-click");
	const outcome = await bench.clock.run(bench.run as Promise<unknown>);
	assert.deepEqual(outcome, { status: "restart", network: "ml307" });
	assert.equal(storedNetworkType(bench.store), "ml307");
});

spec("device on Wi-Fi: a network joined from the page is saved, and after /exit the device goes on to its first check, no reboot", async () => {
	const bench = wifiDevice([{ ssid: "Home", password: "right-pass" }]);
	await bench.clock.advance(2_000);
	const answer = bench.servers.handler!.handle(request("POST", "/submit", '{"ssid":"Home","password":"right-pass"}'));
	const response = await bench.clock.run(Promise.resolve(answer));
	assert.equal(response.body, '{"success":true}');
	const exit = request("POST", "/exit");
	bench.servers.handler!.handle(exit);
	bench.servers.handler!.sent(exit);
	await bench.clock.advance(3_000);
	assert.equal(bench.radio.hotspot, undefined);
	assert.equal(bench.requests.length, 1, "the status query went out over the joined network");
	assert.equal(bench.store.get("wifi", "ssid"), "Home");
	const kinds = bench.events.filter((event) => event.type === "wifi").map((event) => (event as { status: WifiStatus }).status.kind);
	assert.deepEqual(kinds, ["setup", "setup-saved", "setup-ended", "joining", "joined"]);
});

/** The device on a network whose server shows a code and holds every activation, with a speaker and an LED the spec reads. */
function codeShowingDevice(repeatEveryMs: number) {
	const clock = new ManualClock();
	const said: string[] = [];
	const leds: string[] = [];
	const answer = '{"firmware":{"version":"2.0.4","url":""},"activation":{"code":"209835","message":"xiaozhi.me\\n209835","challenge":"e8507672-94b6-4ba3-9396-302745a2e242"}}';
	const held = {
		kind: "stack" as const,
		stack: {
			http: {
				request(request: HttpRequest): Promise<HttpResult> {
					if (request.url.endsWith("/activate")) return new Promise(() => {});
					return Promise.resolve({ ok: true, status: 200, body: answer });
				},
			},
			board: () => Promise.resolve(capturedBoard()),
		},
	};
	const device = startDevice({
		...fixedParts(clock),
		store: new MemoryStore(),
		networks: { ml307: () => held, wifi: () => held },
		audio: { play: (clip) => void said.push(clip), pause() {}, stop: () => void said.push("<stop>"), clipMs: () => 500 },
		led: { show: (pattern) => void leds.push(pattern.name) },
		announce: { repeatEveryMs },
	});
	return { clock, said, leds, device, run: device.run() };
}

spec("device: stopped while it reads a code, the readout stops, the LED goes dark and the code is never said again", async () => {
	const bench = codeShowingDevice(5_000);
	await bench.clock.advance(1_000);
	assert.equal(bench.said[0], "en-prompt", "the code is being read");
	assert.equal(bench.leds.at(-1), "activating");
	bench.device.stop();
	assert.deepEqual(await bench.clock.run(bench.run as Promise<unknown>), { status: "stopped" });
	assert.equal(bench.said.at(-1), "<stop>", "the readout still queued is cut");
	assert.equal(bench.leds.at(-1), "off", "the LED is dark");
	const count = bench.said.length;
	await bench.clock.advance(120_000);
	assert.equal(bench.said.length, count, "no repeat after the end");
	assert.equal(bench.clock.pendingTimers, 0, "no timer of the device's left");
});
