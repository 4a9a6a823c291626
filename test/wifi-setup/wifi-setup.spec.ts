/*
 * The Wi-Fi setup's pure parts, on Node and inside XS: the saved networks under the
 * official NVS keys (order, limit, replace in place, default, delete), the page's input
 * checks, the HTTP routes and their JSON, the join order and failure reasons, the hotspot's
 * name, and the bring-up's start rules on virtual time with a fake radio.
 */
import { spec, assert } from "../support/spec.ts";
import { ManualClock } from "../../desktop/ml307-simulator/manual-clock.ts";
import { MemoryStore, RecordingLog } from "../support/memory-store.ts";
import { FakeRadio, FakeServers, JOIN_MS, request, type FakeNetwork } from "../support/fake-wifi.ts";
import { utf8Decode } from "activation/bytes";
import { WifiBringUp, type WifiStatus } from "wifi-setup/bring-up";
import { MAX_BODY_BYTES, readCredentials } from "wifi-setup/credentials";
import { hotspotName, pageAddress } from "wifi-setup/hotspot";
import type { ByteSource, SetupResponse } from "wifi-setup/interfaces";
import { joinFailure, joinOrder, scanList } from "wifi-setup/join";
import { deleteSavedNetwork, makeDefaultNetwork, readSavedNetworks, saveNetwork, savedSsids } from "wifi-setup/networks";
import { SetupRoutes, asciiJson, queryIndex } from "wifi-setup/routes";
import { RequestTail } from "wifi-setup/request-tail";
import type { JoinResult } from "wifi-setup/join";

const PAGE_BYTES = new TextEncoder().encode("<!doctype html><title>配网</title>");
const PAGE: ByteSource = PAGE_BYTES.buffer as ArrayBuffer;
const PAGE_URL = "http://192.168.4.1/";

function stored(store: MemoryStore): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [key, value] of store.values) if (key.startsWith("wifi/")) out[key.slice(5)] = value;
	return out;
}

spec("wifi networks: newest first under the official keys; a known SSID only gets its password replaced, in place", () => {
	const store = new MemoryStore();
	assert.equal(saveNetwork(store, "Home", "password-1"), "added");
	assert.equal(saveNetwork(store, "Office", ""), "added");
	assert.deepEqual(stored(store), { ssid: "Office", password: "", ssid1: "Home", password1: "password-1" });
	assert.equal(saveNetwork(store, "Home", "password-2"), "updated");
	assert.deepEqual(readSavedNetworks(store), [
		{ ssid: "Office", password: "" },
		{ ssid: "Home", password: "password-2" },
	]);
	assert.deepEqual(savedSsids(store), ["Office", "Home"]);
});

spec("wifi networks: at most 10; the 11th drops the oldest; default and delete rewrite the slots packed", () => {
	const store = new MemoryStore();
	for (let i = 0; i < 11; i++) saveNetwork(store, `net-${i}`, `password-${i}`);
	const names = savedSsids(store);
	assert.equal(names.length, 10);
	assert.equal(names[0], "net-10");
	assert.equal(names[9], "net-1", "net-0, the oldest, was dropped");
	assert.equal(store.get("wifi", "ssid9"), "net-1");
	assert.equal(makeDefaultNetwork(store, 4), true);
	assert.deepEqual(savedSsids(store).slice(0, 6), ["net-6", "net-10", "net-9", "net-8", "net-7", "net-5"]);
	assert.equal(readSavedNetworks(store)[0]!.password, "password-6", "the password moved with its SSID");
	assert.equal(deleteSavedNetwork(store, 0), true);
	assert.equal(savedSsids(store).length, 9);
	assert.equal(store.get("wifi", "ssid9"), undefined, "the last slot was erased, not left empty");
	assert.equal(store.get("wifi", "password9"), undefined);
	assert.equal(deleteSavedNetwork(store, 9), false);
	assert.equal(makeDefaultNetwork(store, -1), false);
	assert.equal(makeDefaultNetwork(store, 1.5), false);
});

spec("wifi networks: a slot missing its password is skipped, as the official firmware reads it", () => {
	const store = new MemoryStore();
	store.set("wifi", "ssid", "A");
	store.set("wifi", "password", "secret-a1");
	store.set("wifi", "ssid1", "B");
	store.set("wifi", "ssid2", "C");
	store.set("wifi", "password2", "");
	assert.deepEqual(savedSsids(store), ["A", "C"]);
	saveNetwork(store, "D", "secret-d1");
	assert.deepEqual(stored(store), { ssid: "D", password: "secret-d1", ssid1: "A", password1: "secret-a1", ssid2: "C", password2: "" });
});

spec("wifi networks: a store that cannot erase refuses a rewrite before writing anything", () => {
	const store = { values: new Map<string, string | number>(), get(n: string, k: string) { return this.values.get(`${n}/${k}`); }, set(n: string, k: string, v: string | number) { this.values.set(`${n}/${k}`, v); } };
	assert.throws(() => saveNetwork(store, "Home", "password-1"), /cannot erase/);
	assert.equal(store.values.size, 0);
});

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

spec("wifi credentials: JSON or a form; SSID 1-32 bytes, password empty or 8-63 bytes, body at most 1 KB", () => {
	assert.deepEqual(readCredentials(encode('{"ssid":"Home","password":"secret12"}'), "application/json"), { ok: true, ssid: "Home", password: "secret12" });
	assert.deepEqual(readCredentials(encode('{"ssid":"Open"}'), ""), { ok: true, ssid: "Open", password: "" });
	assert.deepEqual(readCredentials(encode(' {"ssid":"Home","password":"secret12"}'), "application/x-www-form-urlencoded"), { ok: true, ssid: "Home", password: "secret12" }, "JSON labelled a form (curl -d)");
	assert.deepEqual(readCredentials(encode("ssid=My+Home%21&password=p%C3%A4ssword"), "application/x-www-form-urlencoded; charset=UTF-8"), { ok: true, ssid: "My Home!", password: "pässword" });
	const problem = (body: string, type = "application/json"): string | undefined => {
		const result = readCredentials(encode(body), type);
		return result.ok ? undefined : result.problem;
	};
	assert.equal(problem(JSON.stringify({ ssid: "x".repeat(32), password: "" })), undefined);
	assert.equal(problem(JSON.stringify({ ssid: "x".repeat(33), password: "" })), "bad-ssid");
	assert.equal(problem(JSON.stringify({ ssid: "家".repeat(11), password: "" })), "bad-ssid", "33 UTF-8 bytes");
	assert.equal(problem(JSON.stringify({ ssid: "", password: "" })), "bad-ssid");
	assert.equal(problem(JSON.stringify({ ssid: "a\u0000b", password: "" })), "bad-ssid");
	assert.equal(problem(JSON.stringify({ ssid: "Home", password: "1234567" })), "bad-password");
	assert.equal(problem(JSON.stringify({ ssid: "Home", password: "x".repeat(63) })), undefined);
	assert.equal(problem(JSON.stringify({ ssid: "Home", password: "x".repeat(64) })), "bad-password");
	assert.equal(problem(JSON.stringify({ ssid: "Home", password: "x".repeat(8), pad: " ".repeat(MAX_BODY_BYTES) })), "too-large");
	assert.equal(problem('{"ssid":{"a":1}}'), "bad-body", "nested");
	assert.equal(problem('{"ssid":"Home","password":12345678}'), "bad-body");
	assert.equal(problem("not json"), "bad-body");
	assert.equal(problem("password=secret12", "application/x-www-form-urlencoded"), "bad-body", "no ssid");
	assert.equal(problem("ssid=%zz", "application/x-www-form-urlencoded"), "bad-body");
	assert.equal(readCredentials(new Uint8Array([0x7b, 0x22, 0x73, 0x73, 0x69, 0x64, 0x22, 0x3a, 0x22, 0xc3, 0x22, 0x7d]), "application/json").ok, false, "malformed UTF-8");
	const refusal = readCredentials(encode(JSON.stringify({ ssid: "Home", password: "short-secret-zz".slice(0, 5) })), "application/json");
	assert.ok(!refusal.ok && !refusal.message.includes("short"), "the password is never in the message");
});

spec("wifi join order: the compiled-in network first, then saved ones seen (strongest first), then unseen ones (hidden) in saved order", () => {
	const saved = [
		{ ssid: "Hidden", password: "secret-h1" },
		{ ssid: "Weak", password: "secret-w1" },
		{ ssid: "Lab", password: "secret-l1" },
		{ ssid: "Strong", password: "secret-s1" },
		{ ssid: "Gone", password: "secret-g1" },
	];
	const scan = [
		{ ssid: "Weak", rssi: -80, authmode: 3 },
		{ ssid: "Strong", rssi: -40, authmode: 3 },
		{ ssid: "Lab", rssi: -60, authmode: 3 },
		{ ssid: "Strong", rssi: -70, authmode: 3 },
		{ ssid: "Neighbour", rssi: -30, authmode: 3 },
	];
	const order = joinOrder({ ssid: "Lab", password: "compiled-1" }, saved, scan).map((n) => `${n.ssid}:${n.password}`);
	assert.deepEqual(order, ["Lab:compiled-1", "Strong:secret-s1", "Weak:secret-w1", "Hidden:secret-h1", "Gone:secret-g1"]);
	assert.deepEqual(
		scanList([...scan, { ssid: "", rssi: -20, authmode: 0 }], 3).map((e) => e.ssid),
		["Neighbour", "Strong", "Lab"],
		"one entry per SSID (its strongest), no nameless one, bounded",
	);
});

spec("wifi join failures: wrong password, rejected, not found, no IP; a cancelled join is nobody's fault", () => {
	const failed = { ok: false as const, associated: false, passwordRejected: false, cancelled: false };
	assert.equal(joinFailure({ ...failed, passwordRejected: true }, true), "wrong-password");
	assert.equal(joinFailure(failed, true), "rejected");
	assert.equal(joinFailure(failed, false), "not-found");
	assert.equal(joinFailure({ ...failed, associated: true }, true), "no-ip");
	assert.equal(joinFailure({ ...failed, cancelled: true }, false), undefined);
});

spec("wifi hotspot: Xiaozhi- and the SoftAP MAC's last two bytes (station MAC + 1, no carry), upper-case hex", () => {
	assert.equal(hotspotName([0x94, 0xa9, 0x90, 0x2c, 0x84, 0xb8]), "Xiaozhi-84B9");
	assert.equal(hotspotName([0, 0, 0, 0, 0x0a, 0xff]), "Xiaozhi-0A00");
	assert.equal(pageAddress("http://192.168.4.1/"), "192.168.4.1");
	assert.equal(pageAddress("http://127.0.0.1:8080/"), "127.0.0.1:8080");
});

interface RouteBench {
	readonly routes: SetupRoutes;
	readonly store: MemoryStore;
	readonly submitted: string[];
	exits: number;
}

function routeBench(result: JoinResult | "busy" = { ok: true }): RouteBench {
	const store = new MemoryStore();
	const bench: RouteBench = {
		store,
		submitted: [],
		exits: 0,
		routes: undefined as unknown as SetupRoutes,
	};
	(bench as { routes: SetupRoutes }).routes = new SetupRoutes({
		store,
		page: PAGE,
		pageUrl: PAGE_URL,
		actions: {
			scanned: () => [
				{ ssid: "Home", rssi: -50, authmode: 3 },
				{ ssid: "咖啡馆", rssi: -70, authmode: 0 },
			],
			submit: async (ssid, password) => {
				bench.submitted.push(ssid);
				if (result !== "busy" && result.ok) saveNetwork(store, ssid, password);
				return result;
			},
			exit: () => bench.exits++,
		},
	});
	return bench;
}

function text(response: SetupResponse): string {
	assert.equal(typeof response.body, "string", "a JSON answer is text");
	const body = response.body as string;
	for (let i = 0; i < body.length; i++) assert.ok(body.charCodeAt(i) < 0x7f, `ASCII only: ${JSON.stringify(body)}`);
	return body;
}

function header(response: SetupResponse, name: string): string | undefined {
	for (let i = 0; i + 1 < response.headers.length; i += 2) if (response.headers[i] === name) return response.headers[i + 1];
	return undefined;
}

spec("wifi routes: the official JSON: /scan, /saved/list (never a password), set_default and delete answer {}", async () => {
	const bench = routeBench();
	saveNetwork(bench.store, "Home", "password-home");
	saveNetwork(bench.store, "Office", "password-office");
	const scan = await bench.routes.handle(request("GET", "/scan"));
	assert.equal(text(scan), '{"support_5g":false,"aps":[{"ssid":"Home","rssi":-50,"authmode":3},{"ssid":"\\u5496\\u5561\\u9986","rssi":-70,"authmode":0}]}');
	assert.deepEqual(JSON.parse(text(scan)).aps[1].ssid, "咖啡馆", "the escapes read back as the name");
	const list = text(await bench.routes.handle(request("GET", "/saved/list")));
	assert.equal(list, '["Office","Home"]');
	assert.equal(text(await bench.routes.handle(request("GET", "/saved/set_default?index=1"))), "{}");
	assert.deepEqual(savedSsids(bench.store), ["Home", "Office"]);
	assert.equal(text(await bench.routes.handle(request("GET", "/saved/delete?index=0"))), "{}");
	assert.deepEqual(savedSsids(bench.store), ["Office"]);
	const bad = await bench.routes.handle(request("GET", "/saved/delete?index=5"));
	assert.equal(bad.status, 400);
	assert.equal(JSON.parse(text(bad)).reason, "bad-index");
	assert.equal((await bench.routes.handle(request("GET", "/saved/delete"))).status, 400, "no index");
	assert.equal(queryIndex("/saved/delete?x=1&index=12"), 12);
	assert.equal(queryIndex("/saved/delete?index=1e1"), -1);
});

spec("wifi routes: every unknown path, any method, is a 302 to the page (Windows' /connecttest.txt included)", async () => {
	const bench = routeBench();
	for (const [method, target] of [
		["GET", "/connecttest.txt"],
		["GET", "/generate_204"],
		["GET", "/hotspot-detect.html"],
		["GET", "/ncsi.txt"],
		["GET", "/no/such/thing?x=1"],
		["POST", "/redirect"],
		["GET", "/index.html"],
	] as const) {
		const response = await bench.routes.handle(request(method, target));
		assert.equal(response.status, 302, `${method} ${target}`);
		assert.equal(header(response, "location"), PAGE_URL);
		assert.equal(response.body, "");
	}
	const page = await bench.routes.handle(request("GET", "/?lang=en-US"));
	assert.equal(page.status, 200);
	assert.equal(header(page, "content-type"), "text/html; charset=utf-8");
	assert.equal(page.body, PAGE, "the page's bytes as they are");
	const wrong = await bench.routes.handle(request("GET", "/submit"));
	assert.equal(wrong.status, 405);
	assert.equal(header(wrong, "allow"), "POST");
});

spec("wifi routes: POST /submit answers after the join: success stores; a failure says why and stores nothing", async () => {
	const good = routeBench({ ok: true });
	assert.equal(good.routes.waitsForRadio("POST", "/submit"), true);
	assert.equal(good.routes.waitsForRadio("GET", "/scan"), false);
	assert.equal(text(await good.routes.handle(request("POST", "/submit", '{"ssid":"Home","password":"secret12"}'))), '{"success":true}');
	assert.deepEqual(savedSsids(good.store), ["Home"]);

	const wrong = routeBench({ ok: false, reason: "wrong-password" });
	const answer = JSON.parse(text(await wrong.routes.handle(request("POST", "/submit", '{"ssid":"Home","password":"wrong-pw"}'))));
	assert.deepEqual({ success: answer.success, reason: answer.reason }, { success: false, reason: "wrong-password" });
	assert.match(answer.error, /Wrong password/);
	assert.ok(!JSON.stringify(answer).includes("wrong-pw"), "the password is never echoed");
	assert.deepEqual(savedSsids(wrong.store), []);

	const invalid = await wrong.routes.handle(request("POST", "/submit", '{"ssid":"Home","password":"short"}'));
	assert.equal(invalid.status, 200);
	assert.equal(JSON.parse(text(invalid)).reason, "bad-password");
	assert.deepEqual(wrong.submitted, ["Home"], "an invalid password never reaches the radio");
	const huge = await wrong.routes.handle(request("POST", "/submit", "x".repeat(2000)));
	assert.equal(huge.status, 400);
	const busy = routeBench("busy");
	assert.equal((await busy.routes.handle(request("POST", "/submit", '{"ssid":"Home","password":"secret12"}'))).status, 409);
});

spec("wifi routes: the OTA URL under /advanced (stored in wifi/ota_url, empty erases it); /exit ends setup once sent", async () => {
	const bench = routeBench();
	assert.equal(text(await bench.routes.handle(request("GET", "/advanced/config"))), '{"show_ota_config":true}');
	assert.equal(text(await bench.routes.handle(request("POST", "/advanced/submit", '{"ota_url":" http://192.168.1.5:8002/xiaozhi/ota/ "}'))), '{"success":true}');
	assert.equal(bench.store.get("wifi", "ota_url"), "http://192.168.1.5:8002/xiaozhi/ota/");
	assert.equal(text(await bench.routes.handle(request("GET", "/advanced/config"))), '{"ota_url":"http://192.168.1.5:8002/xiaozhi/ota/","show_ota_config":true}');
	const bad = await bench.routes.handle(request("POST", "/advanced/submit", '{"ota_url":"ftp://x/"}'));
	assert.equal(bad.status, 400);
	assert.equal(bench.store.get("wifi", "ota_url"), "http://192.168.1.5:8002/xiaozhi/ota/", "a bad URL changes nothing");
	await bench.routes.handle(request("POST", "/advanced/submit", '{"ota_url":""}'));
	assert.equal(bench.store.get("wifi", "ota_url"), undefined);
	const exit = request("POST", "/exit");
	assert.equal(text(await bench.routes.handle(exit)), '{"success":true}');
	assert.equal(bench.exits, 0, "not before the answer was sent");
	bench.routes.sent(exit);
	assert.equal(bench.exits, 1);
	assert.equal(asciiJson("a\u007fé\u{1f600}"), '"a\\u007f\\u00e9\\ud83d\\ude00"');
});

interface BringUpBench {
	readonly clock: ManualClock;
	readonly radio: FakeRadio;
	readonly servers: FakeServers;
	readonly store: MemoryStore;
	readonly statuses: WifiStatus[];
	readonly log: RecordingLog;
	readonly bringUp: WifiBringUp;
	readonly done: Promise<"joined" | "stopped">;
}

function bringUpBench(networks: readonly FakeNetwork[], saved: readonly [string, string][] = [], configured?: { ssid: string; password: string }): BringUpBench {
	const clock = new ManualClock();
	const radio = new FakeRadio(clock, networks);
	const servers = new FakeServers();
	const store = new MemoryStore();
	for (const [ssid, password] of [...saved].reverse()) saveNetwork(store, ssid, password);
	const statuses: WifiStatus[] = [];
	const log = new RecordingLog();
	const bringUp = new WifiBringUp({
		radio,
		servers,
		store,
		timers: clock,
		log,
		configured,
		hotspot: "Xiaozhi-84B9",
		pageUrl: PAGE_URL,
		page: PAGE,
		joinTimeoutMs: 10_000,
		onStatus: (status) => statuses.push(status),
	});
	return { clock, radio, servers, store, statuses, log, bringUp, done: bringUp.run() };
}

async function submit(bench: BringUpBench, ssid: string, password: string): Promise<Record<string, unknown>> {
	const handler = bench.servers.handler;
	assert.ok(handler, "the setup server is running");
	const answer = handler.handle(request("POST", "/submit", JSON.stringify({ ssid, password })));
	const response = await bench.clock.run(Promise.resolve(answer));
	return JSON.parse(response.body as string) as Record<string, unknown>;
}

spec("wifi bring-up: no network stored: setup mode after 1.5 s (not before), the hotspot named from the MAC", async () => {
	const bench = bringUpBench([{ ssid: "Home", password: "secret12" }]);
	await bench.clock.advance(1400);
	assert.equal(bench.radio.hotspot, undefined, "not yet at 1.4 s");
	await bench.clock.advance(200);
	assert.equal(bench.radio.hotspot, "Xiaozhi-84B9");
	assert.deepEqual(bench.statuses, [{ kind: "setup", cause: "no-network", hotspot: "Xiaozhi-84B9", pageUrl: PAGE_URL }]);
	assert.deepEqual(bench.radio.joins, [], "nothing to join");
});

spec("wifi bring-up: stored networks that fail for 60 s open setup mode; a wrong password and a missing network say why", async () => {
	const bench = bringUpBench([{ ssid: "Home", password: "right-one" }], [["Home", "wrong-one"], ["Away", "secret12"]]);
	await bench.clock.advance(59_000);
	assert.equal(bench.radio.hotspot, undefined, "still trying at 59 s");
	await bench.clock.advance(2_000);
	assert.equal(bench.radio.hotspot, "Xiaozhi-84B9");
	const failures = bench.statuses.filter((s) => s.kind === "join-failed");
	assert.deepEqual(failures.slice(0, 2), [
		{ kind: "join-failed", ssid: "Home", reason: "wrong-password" },
		{ kind: "join-failed", ssid: "Away", reason: "not-found" },
	]);
	assert.ok(!bench.log.lines.join("\n").includes("wrong-one"), "no password in the log");
	assert.equal(bench.statuses.at(-1)!.kind, "setup");
});

spec("wifi bring-up: a BOOT press while joining opens setup mode at once", async () => {
	const bench = bringUpBench([{ ssid: "Home", password: "secret12", noDhcp: true }], [["Home", "secret12"]]);
	await bench.clock.advance(2000);
	assert.deepEqual(bench.statuses, [{ kind: "joining", ssid: "Home" }]);
	assert.equal(bench.bringUp.requestSetup(), true);
	await bench.clock.advance(10);
	assert.deepEqual(bench.statuses.at(-1), { kind: "setup", cause: "button", hotspot: "Xiaozhi-84B9", pageUrl: PAGE_URL });
	assert.equal(bench.bringUp.requestSetup(), false, "already in setup mode");
});

spec("wifi bring-up: in setup mode a wrong password stores nothing; the right one is saved and the station joins it, no reboot", async () => {
	const bench = bringUpBench([{ ssid: "Home", rssi: -50, password: "right-pass" }, { ssid: "Secret", hidden: true, password: "hidden-pass" }]);
	await bench.clock.advance(3_500);
	assert.deepEqual(JSON.parse((bench.servers.handler!.handle(request("GET", "/scan")) as SetupResponse).body as string).aps, [{ ssid: "Home", rssi: -50, authmode: 3 }]);
	const wrong = await submit(bench, "Home", "wrong-pass");
	assert.deepEqual([wrong.success, wrong.reason], [false, "wrong-password"]);
	assert.equal(bench.radio.joins.length, 1, "a refused password is not tried twice");
	assert.deepEqual(savedSsids(bench.store), []);
	const missing = await submit(bench, "Nowhere", "password1");
	assert.deepEqual([missing.success, missing.reason], [false, "not-found"]);
	assert.equal(bench.radio.joins.length, 3, "a network not found is tried twice");
	const hidden = await submit(bench, "Secret", "hidden-pass");
	assert.equal(hidden.success, true, "a hidden network typed by hand joins though no scan shows it");
	assert.deepEqual(savedSsids(bench.store), ["Secret"]);
	const exit = request("POST", "/exit");
	bench.servers.handler!.handle(exit);
	bench.servers.handler!.sent(exit);
	const outcome = await bench.clock.run(bench.done);
	assert.equal(outcome, "joined");
	assert.equal(bench.radio.hotspot, undefined, "the hotspot is off");
	assert.equal(bench.servers.handler, undefined, "the servers are stopped");
	assert.deepEqual(bench.statuses.slice(-4).map((s) => s.kind), ["setup-saved", "setup-ended", "joining", "joined"]);
	assert.deepEqual(bench.statuses.at(-1), { kind: "joined", ssid: "Secret" });
});

spec("wifi bring-up: setup mode ends by itself 10 s after a network was saved, if /exit never comes", async () => {
	const bench = bringUpBench([{ ssid: "Home", password: "right-pass" }]);
	await bench.clock.advance(2_000);
	assert.equal((await submit(bench, "Home", "right-pass")).success, true);
	const savedAt = bench.clock.now();
	await bench.clock.advance(9_000);
	assert.equal(bench.radio.hotspot, "Xiaozhi-84B9", "still up 9 s later");
	assert.equal(await bench.clock.run(bench.done), "joined");
	assert.ok(bench.radio.joins.at(-1)!.at >= savedAt + 10_000);
	assert.ok(utf8Decode(PAGE_BYTES).includes("配网"));
});

spec("wifi bring-up: the compiled-in network is tried first, then a saved one; stop() ends a join", async () => {
	const bench = bringUpBench([{ ssid: "Home", password: "home-pass" }], [["Home", "home-pass"]], { ssid: "Lab", password: "lab-pass1" });
	await bench.clock.advance(1_600 + JOIN_MS);
	assert.deepEqual(bench.radio.joins.map((j) => j.ssid), ["Lab"]);
	bench.bringUp.stop();
	assert.equal(await bench.clock.run(bench.done), "stopped");
});

spec("wifi request tail: headers and a Content-Length body, in any split; chunked, over 1 KB and endless headers refused", () => {
	const raw = encode('Host: 192.168.4.1\r\nContent-Type: application/json\r\nContent-Length: 37\r\n\r\n{"ssid":"Home","password":"secret12"}trailing');
	for (const cuts of [[raw.length], [1, raw.length], [20, 74, 75, 76, 77, raw.length], Array.from({ length: raw.length }, (_, i) => i + 1)]) {
		const tail = new RequestTail();
		let from = 0;
		for (const cut of cuts) {
			tail.push(raw.subarray(from, cut));
			from = cut;
		}
		const state = tail.state;
		assert.ok(state.done && "body" in state, `done after the cuts ${cuts.length}`);
		assert.equal(state.contentType, "application/json");
		assert.equal(new TextDecoder().decode(state.body), '{"ssid":"Home","password":"secret12"}', "exactly Content-Length bytes");
	}
	const refusedWith = (text: string): number | undefined => {
		const state = new RequestTail().push(encode(text));
		return state.done && "refused" in state ? state.refused : undefined;
	};
	assert.equal(refusedWith("Transfer-Encoding: chunked\r\n\r\n"), 400);
	assert.equal(refusedWith("Content-Length: 1025\r\n\r\n"), 413);
	assert.equal(refusedWith("Content-Length: 12x\r\n\r\n"), 400);
	assert.equal(refusedWith(`X-Pad: ${"a".repeat(3000)}`), 431);
	const open = new RequestTail();
	assert.equal(open.push(encode("Host: x\r\n\r")).done, false);
	assert.deepEqual(open.push(encode("\n")), { done: true, contentType: "", body: new Uint8Array(0) }, "no body: done at the empty line");
});
