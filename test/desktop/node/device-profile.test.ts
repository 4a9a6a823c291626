/* Device profiles: loading and checking them, and the facts, signer and random built from them. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import {
	NodeRandom,
	PROFILES_DIR,
	ProfileFacts,
	SoftwareSigner,
	loadDeviceProfile,
	parseDeviceProfile,
	parseMac,
} from "../../../desktop/node/device-profile.ts";

const captured = JSON.parse(readFileSync(`${PROFILES_DIR}captured-ml307.json`, "utf8")) as Record<string, unknown>;

test("the captured profile holds the captured device's facts", async () => {
	const profile = loadDeviceProfile();
	assert.equal(profile.language, "zh-CN");
	assert.equal(profile.boardName, "bread-compact-ml307");
	assert.deepEqual(profile.nvs, { board: { uuid: "e2314aed-0a16-43f0-8128-766fbd3207f2" } });
	assert.deepEqual(profile.system.mac, [0x94, 0xa9, 0x90, 0x2c, 0x84, 0xb8]);
	assert.equal(profile.system.minimumFreeHeapSize, 8425044);
	assert.equal(profile.system.application.version, "2.0.4");
	assert.equal(profile.system.partitions.length, 6);
	const board = await new ProfileFacts(profile).board();
	assert.equal(board.network === "ml307" && board.csq, 24);
	assert.equal(profile.serialNumber, undefined);
	assert.equal(SoftwareSigner.forProfile(profile).serialNumber(), undefined);
	assert.throws(() => SoftwareSigner.forProfile(profile).hmacSha256Hex("x"), /no HMAC key/);
});

test("every shipped profile loads", () => {
	for (const name of ["captured-ml307.json", "wifi.json", "v2-ml307.json"]) loadDeviceProfile(`${PROFILES_DIR}${name}`);
	assert.equal(loadDeviceProfile(`${PROFILES_DIR}wifi.json`).board.network, "wifi");
});

test("bad profiles are refused with the field named", () => {
	const broken = (patch: Record<string, unknown>): unknown => ({ ...captured, ...patch });
	assert.throws(() => parseDeviceProfile(broken({ system: { ...(captured.system as object), mac: "94-a9-90-2c-84-b8" } })), /bad MAC address/);
	assert.throws(() => parseDeviceProfile(broken({ board: { ...(captured.board as object), csq: "24" } })), /board\.csq: expected an integer/);
	assert.throws(() => parseDeviceProfile(broken({ board: { network: "lte" } })), /board\.network/);
	assert.throws(() => parseDeviceProfile(broken({ serialNumber: "SN1" })), /hmacKeyHex: required/);
	assert.throws(() => parseDeviceProfile(broken({ serialNumber: "SN1", hmacKeyHex: "abc" })), /even number of hex digits/);
	assert.throws(() => parseDeviceProfile(broken({ language: 7 })), /profile\.language: expected a string/);
	assert.throws(() => loadDeviceProfile("/nonexistent.json"), /cannot read device profile/);
	assert.throws(() => parseMac("94:a9:90:2c:84"), /bad MAC/);
});

test("the software signer is HMAC-SHA256 (RFC 4231 test case 2)", () => {
	const signer = new SoftwareSigner("SN1", Buffer.from("Jefe").toString("hex"));
	assert.equal(signer.serialNumber(), "SN1");
	assert.equal(signer.hmacSha256Hex("what do ya want for nothing?"), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
});

test("board facts can be made to fail like a silent modem", async () => {
	await assert.rejects(new ProfileFacts(loadDeviceProfile(), { boardFailure: "no answer to AT" }).board(), /no answer to AT/);
});

test("random bytes: the count asked, and not all the same", () => {
	const random = new NodeRandom();
	const a = random.bytes(16);
	assert.equal(a.length, 16);
	assert.notDeepEqual(a, random.bytes(16));
	assert.throws(() => random.bytes(-1), RangeError);
});
