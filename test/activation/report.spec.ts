import { spec, assert, fixture } from "../support/spec.ts";
import { CAPTURED_UUID, capturedBoard, capturedSystem, wireBody } from "../../desktop/node/captured-device.ts";
import { boardJson, buildReport, formatCompileTime, formatMac } from "activation/report";

const identity = { uuid: CAPTURED_UUID, language: "zh-CN" };

spec("report: captured device equals ota-request-1.json byte for byte", () => {
	assert.equal(buildReport(capturedSystem(8425044), capturedBoard(24), identity), wireBody(fixture("ota-request-1.json")));
});

spec("report: captured device equals ota-request-2.json byte for byte", () => {
	assert.equal(buildReport(capturedSystem(8425048), capturedBoard(23), identity), wireBody(fixture("ota-request-2.json")));
});

spec("report: captured device equals ota-request-3.json byte for byte", () => {
	assert.equal(
		buildReport(capturedSystem(8402204), capturedBoard(20, "0A80AD0D"), identity),
		wireBody(fixture("ota-request-3.json")),
	);
});

spec("report: captured device equals ota-request-4-recheck.json byte for byte", () => {
	assert.equal(buildReport(capturedSystem(8425048), capturedBoard(22), identity), wireBody(fixture("ota-request-4-recheck.json")));
});

spec("report: heap size and csq are strings, every other number is a number", () => {
	const parsed = JSON.parse(buildReport(capturedSystem(), capturedBoard(), identity));
	assert.equal(parsed.minimum_free_heap_size, "8425044");
	assert.equal(parsed.board.csq, "24");
	assert.equal(parsed.flash_size, 16777216);
	assert.equal(parsed.board.cereg.AcT, 7);
});

spec("report: MAC is lower-case with colons, SHA is lower-case", () => {
	assert.equal(formatMac([0xaa, 0xbb, 0x0c, 0x0d, 0xee, 0xff]), "aa:bb:0c:0d:ee:ff");
	const parsed = JSON.parse(buildReport(capturedSystem(), capturedBoard(), identity));
	assert.match(parsed.application.elf_sha256, /^[0-9a-f]{64}$/);
});

spec("report: compile_time keeps the firmware's non-ISO form", () => {
	assert.equal(formatCompileTime("Oct 28 2025", "14:33:05"), "Oct 28 2025T14:33:05Z");
});

spec("report: cereg leaves out tac, ci and AcT when the modem gave none", () => {
	const board = { ...capturedBoard(), cereg: { stat: 2, tac: "", ci: "", AcT: -1 } } as const;
	assert.equal(boardJson(board, "94:a9:90:2c:84:b8").endsWith(',"cereg":{"stat":2}}'), true);
});

spec("report: unknown csq is sent as the string -1", () => {
	assert.match(boardJson(capturedBoard(-1), "x"), /"csq":"-1"/);
});

spec("report: Wi-Fi board has ssid, rssi, channel, ip, then mac", () => {
	const json = boardJson(
		{ network: "wifi", type: "bread-compact-wifi", name: "bread-compact-wifi", provisioning: false, ssid: "home", rssi: -52, channel: 6, ip: "192.168.1.7" },
		"94:a9:90:2c:84:b8",
	);
	assert.equal(
		json,
		'{"type":"bread-compact-wifi","name":"bread-compact-wifi","ssid":"home","rssi":-52,"channel":6,"ip":"192.168.1.7","mac":"94:a9:90:2c:84:b8"}',
	);
});

spec("report: Wi-Fi board in provisioning mode sends only type, name and mac", () => {
	const json = boardJson({ network: "wifi", type: "t", name: "n", provisioning: true }, "m");
	assert.equal(json, '{"type":"t","name":"n","mac":"m"}');
});

spec("report: an SSID with quotes and backslashes still gives valid JSON", () => {
	const ssid = 'my "home" \\ net\n';
	const json = boardJson({ network: "wifi", type: "t", name: "n", provisioning: false, ssid, rssi: -1, channel: 1, ip: "" }, "m");
	assert.equal(JSON.parse(json).ssid, ssid);
});

spec("report: a float where the firmware has an integer is refused, not sent", () => {
	assert.throws(() => buildReport(capturedSystem(1.5), capturedBoard(), identity), /minimum_free_heap_size/);
});

spec("report: a malformed ELF SHA is refused", () => {
	const system = capturedSystem();
	const broken = { ...system, application: { ...system.application, elfSha256: "abc" } };
	assert.throws(() => buildReport(broken, capturedBoard(), identity), /elf_sha256/);
});
