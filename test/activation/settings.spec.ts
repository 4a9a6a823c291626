import { spec, assert, fixture } from "../support/spec.ts";
import { MemoryStore, RecordingLog } from "../support/memory-store.ts";
import { parseCheckResponse } from "activation/response";
import { ensureClientId, formatUuidV4, MEMBER_INDEX_KEY, resolveOtaUrl, SERVER_MEMBER_BUDGET, serverSettings, storeAnswer } from "activation/settings";
import { checkNvsWrite, nvsNameProblem, utf8Length } from "activation/nvs-rules";

function answerOf(body: string) {
	const result = parseCheckResponse(200, body, "2.0.4");
	if (!result.ok) throw new Error("fixture did not parse");
	return result.answer;
}

spec("settings: mqtt and websocket members go to their namespaces", () => {
	const store = new MemoryStore();
	const written = storeAnswer(store, answerOf(fixture("ota-response-1-activated.json")), new RecordingLog());
	assert.equal(written, 8);
	assert.equal(store.get("mqtt", "endpoint"), "mqtt.xiaozhi.me");
	assert.equal(store.get("websocket", "url"), "wss://api.tenclass.net/xiaozhi/v1/");
});

spec("settings: only changed values are written again", () => {
	const store = new MemoryStore();
	const log = new RecordingLog();
	storeAnswer(store, answerOf(fixture("ota-response-1-activated.json")), log);
	const before = store.writes;
	assert.equal(storeAnswer(store, answerOf(fixture("ota-response-3-activated.json")), log), 0);
	assert.equal(store.writes, before);
});

spec("settings: an answer without a section erases nothing", () => {
	const store = new MemoryStore();
	const log = new RecordingLog();
	storeAnswer(store, answerOf(fixture("ota-response-1-activated.json")), log);
	storeAnswer(store, answerOf('{"firmware":{"version":"2.0.4","url":""}}'), log);
	assert.equal(store.get("mqtt", "password"), "MDWkGWYWOzFEY+DBZ1TMIF4VX1tUOFJxFRta91wza0c=");
});

function namespaceOf(store: MemoryStore, namespace: string): { members: string[]; bytes: number } {
	const members: string[] = [];
	let bytes = 0;
	for (const [path, value] of store.values) {
		const [ns, key] = path.split("/") as [string, string];
		if (ns !== namespace || key === MEMBER_INDEX_KEY) continue;
		members.push(key);
		bytes += utf8Length(key) + (typeof value === "string" ? utf8Length(value) + 1 : 4);
	}
	return { members, bytes };
}

spec("settings: answers with fresh junk members never grow a namespace past its budget, and erase nothing", () => {
	const store = new MemoryStore();
	const log = new RecordingLog();
	storeAnswer(store, answerOf(fixture("ota-response-1-activated.json")), log);
	const password = store.get("mqtt", "password");
	const refused: string[] = [];
	for (let round = 0; round < 5; round++) {
		let junk = "";
		for (let i = 0; i < 32; i++) junk += `${i ? "," : ""}"junk_${round}_${i}":"${"x".repeat(20)}"`;
		storeAnswer(store, answerOf(`{"mqtt":{${junk}}}`), log, (warning) => refused.push(warning));
	}
	const mqtt = namespaceOf(store, "mqtt");
	assert.ok(mqtt.members.length <= SERVER_MEMBER_BUDGET.members, `${mqtt.members.length} members`);
	assert.ok(mqtt.bytes <= SERVER_MEMBER_BUDGET.bytes, `${mqtt.bytes} bytes`);
	assert.equal(mqtt.members.filter((name) => name.startsWith("junk_")).length, 5, "unknown names fill the 5 slots the 7 known ones leave, not beyond");
	assert.equal(store.get("mqtt", "password"), password, "nothing stored before was erased");
	assert.match(log.lines.join("|"), /not stored mqtt\/junk_\d+_\d+: mqtt already holds 5 members the firmware does not read, all it keeps of those/);
	assert.equal(refused.length, 5 * 32 - 5, "every refused member is reported to the caller too (the flow makes it a warning event)");
	assert.equal(String(store.get("mqtt", MEMBER_INDEX_KEY)).split(",").length, 6 + 5);
});

spec("settings: junk (case variants included) never pushes out a member the firmware reads, even in a namespace poisoned before", () => {
	const store = new MemoryStore();
	const log = new RecordingLog();
	// What an earlier version let one answer do: 12 junk names, the whole budget, in the index.
	const poison = Array.from({ length: 12 }, (_, i) => `junk_${i}`);
	for (const name of poison) store.set("mqtt", name, "j".repeat(60));
	store.set("mqtt", MEMBER_INDEX_KEY, poison.join(","));
	storeAnswer(store, answerOf('{"mqtt":{"Endpoint":"x.example","ENDPOINT":"y.example","KeepAlive":1,"more_junk":"j"}}'), log);
	for (const variant of ["Endpoint", "ENDPOINT", "KeepAlive", "more_junk"]) assert.equal(store.get("mqtt", variant), undefined, `${variant} is an unknown name: no room left for it`);
	storeAnswer(store, answerOf(fixture("ota-response-1-activated.json")), log);
	storeAnswer(store, answerOf('{"mqtt":{"keepalive":240}}'), log);
	assert.equal(store.get("mqtt", "endpoint"), "mqtt.xiaozhi.me");
	assert.equal(store.get("mqtt", "password"), "MDWkGWYWOzFEY+DBZ1TMIF4VX1tUOFJxFRta91wza0c=");
	assert.equal(store.get("mqtt", "keepalive"), 240, "the member the firmware needs is stored");
	for (const name of poison) assert.equal(store.get("mqtt", name), "j".repeat(60), "nothing is erased");
	assert.equal(store.get("websocket", "url"), "wss://api.tenclass.net/xiaozhi/v1/");
});

spec("settings: a value that would take its share over its bytes is skipped; the stored one stays", () => {
	const store = new MemoryStore();
	const log = new RecordingLog();
	storeAnswer(store, answerOf('{"websocket":{"url":"wss://a/","token":"t1"}}'), log);
	storeAnswer(store, answerOf(`{"websocket":{"url":"wss://a/","token":"${"t".repeat(800)}"}}`), log);
	assert.equal(store.get("websocket", "token"), "t1");
	assert.match(log.lines.join("|"), /not stored websocket\/token: the members the firmware reads would take \d+ bytes of websocket, over their 768/);
	storeAnswer(store, answerOf(`{"websocket":{"url":"wss://a/","token":"${"t".repeat(700)}"}}`), log);
	assert.equal(store.get("websocket", "token"), "t".repeat(700), "a value within the budget replaces the stored one");
	storeAnswer(store, answerOf(`{"websocket":{"extra":"${"e".repeat(300)}"}}`), log);
	assert.equal(store.get("websocket", "extra"), undefined);
	assert.match(log.lines.join("|"), /not stored websocket\/extra: members the firmware does not read would take \d+ bytes of websocket, over their 256/);
});

spec("settings: members stored before the index existed are counted by their known names", () => {
	const store = new MemoryStore();
	store.set("mqtt", "endpoint", "old.example");
	const log = new RecordingLog();
	storeAnswer(store, answerOf('{"mqtt":{"endpoint":"new.example","extra":"e"}}'), log);
	assert.equal(store.get("mqtt", MEMBER_INDEX_KEY), "endpoint,extra");
	assert.equal(store.get("mqtt", "endpoint"), "new.example");
});

spec("settings: protocol is MQTT when the answer has mqtt, WebSocket when only websocket", () => {
	const store = new MemoryStore();
	const log = new RecordingLog();
	assert.equal(serverSettings(store, answerOf(fixture("ota-response-1-activated.json")), log).protocol, "mqtt");
	assert.equal(serverSettings(store, answerOf('{"websocket":{"url":"ws://x/","token":""}}'), log).protocol, "websocket");
	assert.equal(serverSettings(store, undefined, log).protocol, "mqtt");
});

spec("settings: stored settings are handed on when the answer had none", () => {
	const store = new MemoryStore();
	store.set("websocket", "url", "wss://stored/");
	const settings = serverSettings(store, undefined, new RecordingLog());
	assert.equal(settings.websocket.url, "wss://stored/");
});

spec("settings: OTA URL override from wifi/ota_url, else the default", () => {
	const store = new MemoryStore();
	const log = new RecordingLog();
	assert.equal(resolveOtaUrl(store, "https://default/xiaozhi/ota/", log), "https://default/xiaozhi/ota/");
	store.set("wifi", "ota_url", "http://192.168.1.2:8002/xiaozhi/ota/");
	assert.equal(resolveOtaUrl(store, "https://default/xiaozhi/ota/", log), "http://192.168.1.2:8002/xiaozhi/ota/");
});

spec("settings: the client UUID is made once, v4, and kept", () => {
	const store = new MemoryStore();
	let calls = 0;
	const random = {
		bytes(count: number) {
			calls++;
			const bytes = new Uint8Array(count);
			for (let i = 0; i < count; i++) bytes[i] = 0xff - i;
			return bytes;
		},
	};
	const log = new RecordingLog();
	const first = ensureClientId(store, random, log);
	assert.match(first, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
	assert.equal(ensureClientId(store, random, log), first);
	assert.equal(calls, 1);
});

spec("settings: UUID formatting sets the version and variant bits", () => {
	assert.equal(formatUuidV4(new Uint8Array(16)), "00000000-0000-4000-8000-000000000000");
	assert.equal(formatUuidV4(new Uint8Array(16).fill(0xff)), "ffffffff-ffff-4fff-bfff-ffffffffffff");
});

spec("nvs: names over 15 characters, floats, long values and other types are refused", () => {
	assert.throws(() => checkNvsWrite("mqtt", "sixteen_chars_xx", "v"), /longer than 15/);
	assert.throws(() => checkNvsWrite("a_namespace_too_long", "k", "v"), /longer than 15/);
	assert.throws(() => checkNvsWrite("mqtt", "k", 1.5), /float unsupported/);
	assert.throws(() => checkNvsWrite("mqtt", "k", "x".repeat(4000)), /4000 bytes or more/, "the NUL needs the 4000th byte");
	assert.throws(() => checkNvsWrite("mqtt", "k", "中".repeat(1334)), /4000 bytes or more/);
	assert.throws(() => checkNvsWrite("mqtt", "k", true as unknown as string), /unsupported type/);
	checkNvsWrite("mqtt", "fifteen_chars_x", "中".repeat(1333));
	checkNvsWrite("mqtt", "k", "x".repeat(3999));
});

spec("nvs: names are measured in UTF-8 bytes, NUL is refused, each rule has its own message", () => {
	assert.throws(() => checkNvsWrite("mqtt", "中文中文中文", "v"), /key of 18 bytes is longer than 15 bytes/, "6 characters, 18 bytes");
	checkNvsWrite("mqtt", "中文中文中", "v"); // 15 bytes
	assert.throws(() => checkNvsWrite("mqtt", "", "v"), /NVS key is empty/);
	assert.throws(() => checkNvsWrite("", "k", "v"), /NVS namespace is empty/);
	assert.throws(() => checkNvsWrite("mqtt", "a\u0000b", "v"), /key contains a NUL/);
	assert.throws(() => checkNvsWrite("mqtt", "k", "a\u0000b"), /value contains a NUL/);
	assert.throws(() => checkNvsWrite("mqtt", "k", "😀".repeat(1000)), /value of 4000 UTF-8 bytes/, "4 bytes per emoji, 2 UTF-16 units");
	checkNvsWrite("mqtt", "k", "😀".repeat(999) + "xyz");
	assert.equal(nvsNameProblem("key", "fifteen_chars_x"), undefined);
	assert.match(String(nvsNameProblem("key", "sixteen_chars_xx")), /^NVS key of 16 bytes is longer than 15 bytes$/);
});
