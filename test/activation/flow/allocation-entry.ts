/*
 * XS side of allocation.test.ts: the activation flow with a code pending, each poll
 * being one activation attempt answered 202 and the 3 s wait after it, in one-second steps
 * on the device's timers. Everything the host gives is made once before any measure (the
 * answers are promises already settled, the facts and the HMAC fixed strings), so what a
 * crank allocates is the flow's and the timers' own. A timer fires in a promise job of its
 * own until the next activation request was sent; the timer set after it is held for the
 * next poll.
 */
import type { ActivationHost, HttpRequest, HttpResult, KeyValueStore, StoredValue, SystemFacts, BoardFacts, Timers } from "activation/interfaces";
import { ActivationFlow } from "activation/machine";
import type { ActivationEvent } from "activation/events";
import { capturedSystem } from "../../../desktop/node/captured-device.ts";

const CHECK_BODY =
	'{"mqtt":{"endpoint":"mqtt.xiaozhi.me","client_id":"GID_test@@@94_a9_90_2c_84_b8@@@e2314aed-0a16-43f0-8128-766fbd3207f2","username":"u","password":"p","publish_topic":"device-server","subscribe_topic":"null"},"websocket":{"url":"wss://api.tenclass.net/xiaozhi/v1/","token":"test-token"},"server_time":{"timestamp":1766848651234,"timezone_offset":480},"firmware":{"version":"2.0.4","url":""},"activation":{"code":"209835","message":"xiaozhi.me\\n209835","challenge":"e8507672-94b6-4ba3-9396-302745a2e242"}}';
const CHECKED: Promise<HttpResult> = Promise.resolve({ ok: true, status: 200, body: CHECK_BODY });
const PENDING: Promise<HttpResult> = Promise.resolve({ ok: true, status: 202, body: '{"code":0,"msg":"pending"}' });

const SYSTEM: SystemFacts = capturedSystem();
const BOARD: Promise<BoardFacts> = Promise.resolve({ network: "wifi", type: "bread-compact-ml307", name: "bread-compact-ml307", provisioning: false, ssid: "lab", rssi: -50, channel: 6, ip: "10.0.0.2" });
const HMAC = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";

const values = new Map<string, StoredValue>([["board/uuid", "0b5a1c7e-34f2-4d6b-9f0e-2a8c3d4e5f60"]]);
const store: KeyValueStore = {
	get: (namespace, key) => values.get(`${namespace}/${key}`),
	set: (namespace, key, value) => void values.set(`${namespace}/${key}`, value),
};

const RESOLVED = Promise.resolve();
let now = 0;
let activations = 0;
/** Timers fire until this many activation requests were sent; the next timer set waits in `held`. */
let sendUntil = 0;
let held: (() => void) | undefined;
let heldMs = 0;

function fire(callback: () => void, ms: number): void {
	now += ms;
	callback();
}

/** A timer as the board's adapter makes one (its own closure over the callback): fired in a job of its own, or held. */
function schedule(callback: () => void, ms: number): void {
	if (activations >= sendUntil) {
		held = callback;
		heldMs = ms;
	} else void RESOLVED.then(() => fire(callback, ms));
}

const HANDLE = Object.freeze({});
const timers: Timers = {
	now: () => now,
	set(callback: () => void, ms: number): unknown {
		schedule(() => callback(), ms);
		return HANDLE;
	},
	clear(): void {},
};

const host: ActivationHost = {
	http: {
		request(request: HttpRequest): Promise<HttpResult> {
			if (request.url.endsWith("/activate")) {
				activations++;
				return PENDING;
			}
			return CHECKED;
		},
	},
	store,
	timers,
	wallClock: { setWallClock(): void {} },
	facts: { system: () => SYSTEM, board: () => BOARD },
	signer: { serialNumber: () => "SN-94A9902C84B8", hmacSha256Hex: () => HMAC },
	random: { bytes: (count: number) => new Uint8Array(count) },
	log: { info() {}, warn() {}, error() {} },
};

let events = 0;
const flow = new ActivationFlow(host, { defaultOtaUrl: "https://api.tenclass.net/xiaozhi/ota/", language: "zh-CN", boardName: "bread-compact-ml307" }, (event: ActivationEvent) => {
	if (event.type !== "countdown") events++;
});

const flowMemory = {
	noop(): void {},
	/** Runs the flow to its first activation request (the check, the code), then holds the wait after it. */
	start(): void {
		sendUntil = 1;
		void flow.run();
	},
	/** One poll: the held wait's steps, the next activation request, its 202; the wait after it is held again. */
	poll(): void {
		sendUntil = activations + 1;
		const callback = held!;
		held = undefined;
		fire(callback, heldMs);
	},
	/** Sends what was seen to Node: activation requests, events other than countdowns, the device time. */
	report(): void {
		issueCommand(new TextEncoder().encode(JSON.stringify({ activations, events, now, state: flow.state })).buffer as ArrayBuffer);
	},
};
(globalThis as unknown as { flowMemory: typeof flowMemory }).flowMemory = flowMemory;
