/* Raw chip facts to SystemFacts, the eFuse signer and the random source, over fake natives. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import type { BoardNatives } from "../../modules/moddable-adapters/board-natives.d.ts";
import { readSystemFacts, systemFactsOf, SSD1306_128X32 } from "../../modules/moddable-adapters/system-facts.ts";
import { EfuseSigner, serialFromUserData } from "../../modules/moddable-adapters/efuse-signer.ts";
import { NativeRandomSource } from "../../modules/moddable-adapters/native-random.ts";
import { buildReport } from "../../modules/activation/report.ts";
import type { Log } from "../../modules/activation/interfaces.ts";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a fixture read as loose JSON
const captured = JSON.parse(readFileSync(new URL("../fixtures/ota-request-1.json", import.meta.url), "utf8")) as Record<string, any>;
const TEST_KEY = Buffer.from("test key of the fake HMAC peripheral");

function hexBuffer(hex: string): ArrayBuffer {
	return new Uint8Array(Buffer.from(hex, "hex")).buffer;
}

/** Natives that answer like the captured device's chip; the HMAC peripheral uses TEST_KEY. */
function capturedNatives(overrides: Partial<BoardNatives> = {}): BoardNatives {
	const app = captured.application;
	const [date, time] = (app.compile_time as string).replace(/Z$/, "").split("T");
	return {
		chip: () => ({ modelName: captured.chip_model_name, ...captured.chip_info }),
		flashSize: () => captured.flash_size,
		minimumFreeHeap: () => Number(captured.minimum_free_heap_size),
		staMac: () => hexBuffer((captured.mac_address as string).replaceAll(":", "")),
		app: () => ({ name: app.name, version: app.version, date: date!, time: time!, idfVersion: app.idf_version, elfSha256: hexBuffer(app.elf_sha256) }),
		partitions: () => captured.partition_table,
		runningPartition: () => captured.ota.label,
		efuseSerial: () => new ArrayBuffer(32),
		hmacKey0: (message) => new Uint8Array(createHmac("sha256", TEST_KEY).update(Buffer.from(message)).digest()).buffer,
		random: (count) => new Uint8Array(count).fill(7).buffer,
		...overrides,
	};
}

function recordingLog(): Log & { lines: string[] } {
	const lines: string[] = [];
	return { lines, info: (m) => lines.push(`info ${m}`), warn: (m) => lines.push(`warn ${m}`), error: (m) => lines.push(`error ${m}`) };
}

test("the captured chip's raw facts rebuild the captured report byte for byte", () => {
	const system = readSystemFacts(capturedNatives(), SSD1306_128X32, recordingLog());
	const board = { network: "ml307" as const, ...captured.board, csq: Number(captured.board.csq) };
	const body = buildReport(system, board, { uuid: captured.uuid, language: captured.language });
	assert.equal(body, readFileSync(new URL("../fixtures/ota-request-1.json", import.meta.url), "utf8").trim());
});

test("facts are frozen; the ELF SHA-256 is 64 lower-case hex characters", () => {
	const system = readSystemFacts(capturedNatives(), SSD1306_128X32, recordingLog());
	assert.match(system.application.elfSha256, /^[0-9a-f]{64}$/);
	assert.ok(Object.isFrozen(system) && Object.isFrozen(system.partitions) && Object.isFrozen(system.partitions[0]));
	assert.deepEqual(system.mac, [0x94, 0xa9, 0x90, 0x2c, 0x84, 0xb8]);
});

test("the chip's identity is read once; each report after the first reads only the free heap", () => {
	const calls: string[] = [];
	let heap = 100_000;
	const counted = capturedNatives();
	const natives = Object.fromEntries(
		Object.entries(counted).map(([name, fn]) => [name, (...args: unknown[]) => (calls.push(name), name === "minimumFreeHeap" ? heap-- : (fn as (...a: unknown[]) => unknown)(...args))]),
	) as unknown as BoardNatives;
	const system = systemFactsOf(natives, SSD1306_128X32, recordingLog());
	const first = system();
	assert.deepEqual([...calls].sort(), ["app", "chip", "flashSize", "minimumFreeHeap", "partitions", "runningPartition", "staMac"]);
	calls.length = 0;
	const second = system();
	const third = system();
	assert.deepEqual(calls, ["minimumFreeHeap", "minimumFreeHeap"], "later reports ask the chip for the free heap only");
	assert.equal(first.minimumFreeHeapSize, 100_000);
	assert.equal(third.minimumFreeHeapSize, 99_998, "the free heap is fresh each time");
	assert.equal(second.partitions, first.partitions, "the identity is the same objects, not rebuilt");
	assert.ok(Object.isFrozen(second));
	assert.equal(
		buildReport(third, { network: "ml307", ...captured.board, csq: Number(captured.board.csq) }, { uuid: captured.uuid, language: captured.language }),
		buildReport({ ...first, minimumFreeHeapSize: 99_998 }, { network: "ml307", ...captured.board, csq: Number(captured.board.csq) }, { uuid: captured.uuid, language: captured.language }),
	);
});

test("an identity read that failed is tried again at the next report", () => {
	let broken = true;
	const natives = capturedNatives({
		runningPartition: () => {
			if (broken) throw new Error("esp_ota_get_running_partition failed");
			return captured.ota.label;
		},
	});
	const system = systemFactsOf(natives, SSD1306_128X32, recordingLog());
	assert.throws(() => system(), /esp_ota_get_running_partition failed/);
	broken = false;
	assert.equal(system().runningPartition, captured.ota.label);
});

test("a flash size the chip cannot read is reported as 0, as the firmware does, with a warning", () => {
	const log = recordingLog();
	const system = readSystemFacts(capturedNatives({ flashSize: () => { throw new Error("esp_flash_get_size failed: ESP_FAIL (0xffffffff)"); } }), SSD1306_128X32, log);
	assert.equal(system.flashSize, 0);
	assert.match(log.lines[0]!, /^warn flash size unknown, reporting 0: esp_flash_get_size failed/);
});

test("malformed raw facts are clear errors", () => {
	const log = recordingLog();
	assert.throws(() => readSystemFacts(capturedNatives({ staMac: () => new ArrayBuffer(5) }), SSD1306_128X32, log), /STA MAC must be 6 bytes/);
	assert.throws(
		() => readSystemFacts(capturedNatives({ partitions: () => [{ label: "nvs", type: 1, subtype: 2, address: -1, size: 1 }] }), SSD1306_128X32, log),
		/partition 0 address/,
	);
	assert.throws(
		() => readSystemFacts(capturedNatives({ runningPartition: () => { throw new Error("esp_ota_get_running_partition failed: ESP_ERR_NOT_FOUND (0x105)"); } }), SSD1306_128X32, log),
		/ESP_ERR_NOT_FOUND/,
	);
});

test("eFuse USER_DATA: zero first byte means no serial; otherwise a C string", () => {
	assert.equal(serialFromUserData(new Uint8Array(32)), undefined);
	const burned = new Uint8Array(32);
	burned.set(Buffer.from("SN-XZ-2026-000123"));
	assert.equal(serialFromUserData(burned), "SN-XZ-2026-000123");
	const full = new Uint8Array(32).fill(0x41);
	assert.equal(serialFromUserData(full), "A".repeat(32));
	const garbage = new Uint8Array(32);
	garbage.set([0x53, 0x0a]);
	assert.throws(() => serialFromUserData(garbage), /not printable ASCII/);
});

test("EfuseSigner reads the serial once and signs the challenge's UTF-8 bytes with the peripheral", () => {
	let reads = 0;
	const serial = new Uint8Array(32);
	serial.set(Buffer.from("SN-1"));
	const signer = new EfuseSigner(capturedNatives({ efuseSerial: () => (reads++, serial.buffer) }));
	assert.equal(signer.serialNumber(), "SN-1");
	assert.equal(signer.serialNumber(), "SN-1");
	assert.equal(reads, 1);
	const challenge = "挑战-b7d4e0f1";
	assert.equal(signer.hmacSha256Hex(challenge), createHmac("sha256", TEST_KEY).update(challenge, "utf8").digest("hex"));
	const broken = new EfuseSigner(capturedNatives({ hmacKey0: () => new ArrayBuffer(16) }));
	assert.throws(() => broken.hmacSha256Hex("c"), /16 bytes, not 32/);
});

test("NativeRandomSource asks for at most 256 bytes at a time", () => {
	const asked: number[] = [];
	const random = new NativeRandomSource(capturedNatives({ random: (count) => (asked.push(count), new Uint8Array(count).fill(asked.length).buffer) }));
	const bytes = random.bytes(600);
	assert.deepEqual(asked, [256, 256, 88]);
	assert.equal(bytes[0], 1);
	assert.equal(bytes[599], 3);
	assert.throws(() => random.bytes(-1), RangeError);
});
