/*
 * Hostile answers end to end: the whole device on XS with the BOARD's stack (768 slots, an
 * xsnap worker built by desktop/runner/board-worker.ts) plus only what the runner itself adds
 * (runnerStackAllowance: its one-frame bundle and JS bridge), over real HTTPS to the emulator, one
 * injected fault kind per test (desktop/emulator/faults.ts). Each run must end activated through a
 * code the emulator really bound, with the store changed only as the rules allow.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { VirtualClock } from "../../../../desktop/node/clock.ts";
import { loadDeviceProfile } from "../../../../desktop/node/device-profile.ts";
import { NvsStore, type NvsContents } from "../../../../desktop/node/nvs-store.ts";
import { boardStackSlots, boardXsnapWorker, runnerStackAllowance } from "../../../../desktop/runner/board-worker.ts";
import { DEVICE_ENTRY, bundleForXs } from "../../../../desktop/runner/bundle.ts";
import { runDeviceOnXs, type DeviceRunResult } from "../../../../desktop/runner/run-device.ts";
import { startEmulator, type Fault, type RecordedRequest } from "../../../../desktop/emulator/server.ts";
import { MEMBER_INDEX_KEY, SERVER_MEMBER_BUDGET } from "../../../../modules/activation/settings.ts";
import type { ActivationEvent } from "../../../../modules/activation/events.ts";
import { utf8Length } from "../../../../modules/activation/nvs-rules.ts";

/** Stored before the run: one value the server never sends, one it does (endpoint), in both namespaces. */
const STORED: NvsContents = { mqtt: { keepalive: 90, endpoint: "old.example" }, websocket: { version: 3 } };

interface HostileRun {
	readonly result: DeviceRunResult;
	readonly store: NvsContents;
	readonly checks: readonly RecordedRequest[];
	readonly clock: VirtualClock;
}

interface FaultPlan {
	readonly path?: "check" | "activate";
	/** Whether the user enters the code at this code event (default: at the first that shows it). */
	readonly bindAt?: (event: ActivationEvent, codesShown: number) => boolean;
}

async function runWithFault(fault: Fault, times = 1, plan: FaultPlan = {}): Promise<HostileRun> {
	const profile = loadDeviceProfile();
	const clock = new VirtualClock(0);
	const emulator = await startEmulator({ profile: "official", clock });
	let codesShown = 0;
	const bindAt = plan.bindAt ?? (() => true);
	try {
		emulator.injectFault(fault, { path: plan.path ?? "check", times });
		const store = new NvsStore({ initial: { ...profile.nvs, ...STORED } });
		const result = await runDeviceOnXs({
			profile,
			otaUrl: emulator.otaUrl,
			caPem: emulator.caPem,
			clock,
			store,
			xsnapBinary: await boardXsnapWorker(boardStackSlots() + runnerStackAllowance(await bundleForXs(DEVICE_ENTRY))),
			// The user enters the code the screen shows: activation only ever goes through a code the device displayed.
			onEvent: (event) => {
				if (event.type === "code" && bindAt(event, ++codesShown)) assert.equal(emulator.bind(event.code).code, 0);
			},
		});
		const checks = emulator.requests.filter((r) => !r.path.endsWith("/activate"));
		return { result, store: store.contents(), checks, clock };
	} finally {
		await emulator.close();
	}
}

/** Activated through a code shown before, never "activated" straight from a hostile answer. */
function assertRecovered(run: HostileRun): void {
	assert.equal(run.result.outcome.status, "activated", JSON.stringify(run.result.outcome));
	const types = run.result.events.map((e) => e.type);
	assert.ok(types.indexOf("code") >= 0 && types.indexOf("code") < types.indexOf("activated"), `events: ${types.join(",")}`);
	const activated = run.result.events.find((e) => e.type === "activated");
	assert.ok(activated?.type === "activated" && activated.viaCode, "activated by the bound code");
}

/** Every value stored before is still there (changed only by a member of the server's answers), and nothing else appeared but `allowed`. */
function assertStoreWithinRules(run: HostileRun, allowed: (namespace: string, key: string) => boolean, updatedByFault: (namespace: string, key: string) => boolean = () => false): void {
	const lastGood = JSON.parse(run.checks[run.checks.length - 1]!.responseBody) as Record<string, Record<string, unknown>>;
	for (const [namespace, entries] of Object.entries(STORED))
		for (const [key, value] of Object.entries(entries)) {
			const now = run.store[namespace]?.[key];
			if (updatedByFault(namespace, key)) continue;
			assert.ok(now === value || now === lastGood[namespace]?.[key], `${namespace}/${key} kept or updated by a good answer (${String(now)})`);
		}
	const profile = loadDeviceProfile();
	for (const [namespace, entries] of Object.entries(run.store))
		for (const key of Object.keys(entries)) {
			const expected =
				profile.nvs[namespace]?.[key] !== undefined ||
				STORED[namespace]?.[key] !== undefined ||
				lastGood[namespace]?.[key] !== undefined ||
				key === MEMBER_INDEX_KEY ||
				allowed(namespace, key);
			assert.ok(expected, `unexpected stored ${namespace}/${JSON.stringify(key)}`);
		}
}

const nothingElse = () => false;

function firstFailure(run: HostileRun): { kind: string; detail: string } | undefined {
	const failed = run.result.events.find((e) => e.type === "check-failed");
	return failed?.type === "check-failed" ? failed.reason : undefined;
}

for (const levels of [509, 3837]) {
	test(`hostile answer deep-nesting (${levels} levels, ${levels * 2} B): bad-json with the reason, back-off, activated; XS never aborts`, async () => {
		const run = await runWithFault({ kind: "deep-nesting", levels });
		assert.equal(firstFailure(run)?.kind, "bad-json");
		assert.match(firstFailure(run)!.detail, /nested more than 8 levels deep/);
		assertRecovered(run);
		assertStoreWithinRules(run, nothingElse);
	});
}

for (const activation of [{ code: 209835, challenge: "c" }, { code: null }, { code: { a: 1 } }, { code: "123456", challenge: true }, { challenge: {} }, null, ["x"]]) {
	test(`hostile answer malformed-activation ${JSON.stringify(activation)}: unexpected-body with what was wrong, never activated by it`, async () => {
		const run = await runWithFault({ kind: "malformed-activation", activation });
		const failure = firstFailure(run);
		assert.equal(failure?.kind, "unexpected-body");
		assert.match(failure!.detail, /activation|code|challenge/);
		assertRecovered(run);
		assertStoreWithinRules(run, nothingElse);
	});
}

test("hostile answer prototype-members: constructor, __proto__, toString... are stored as names like any other; XS with frozen primordials does not throw", async () => {
	const run = await runWithFault({ kind: "prototype-members" });
	assertRecovered(run);
	const names = ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"];
	for (const name of names) {
		assert.equal(Object.hasOwn(run.store["mqtt"]!, name) ? run.store["mqtt"]![name] : undefined, `${name}-value`, `mqtt/${name}`);
		assert.equal(Object.hasOwn(run.store["websocket"]!, name) ? run.store["websocket"]![name] : undefined, 1, `websocket/${name}`);
	}
	assertStoreWithinRules(run, (_namespace, key) => names.includes(key));
});

test("hostile answer odd-member-names: empty, NUL, 30-byte UTF-8, 16 bytes, spaces, C1 are skipped with warnings, nothing else changes", async () => {
	const run = await runWithFault({ kind: "odd-member-names" });
	assert.equal(firstFailure(run), undefined, JSON.stringify(firstFailure(run)));
	assertRecovered(run);
	const warnings = run.result.events.filter((e) => e.type === "warning").map((e) => (e.type === "warning" ? e.message : ""));
	assert.ok(warnings.filter((w) => /mqtt member .* skipped/.test(w)).length >= 7, warnings.join("\n"));
	assert.ok(!warnings.join("\n").includes("\u009b"), "the C1 character is escaped in the warning");
	assertStoreWithinRules(run, nothingElse);
});

test("hostile answer implausible-time (1e300): the clock is not set from it, with a warning; the next answer sets it", async () => {
	const run = await runWithFault({ kind: "implausible-time", timestamp: 1e300 });
	assertRecovered(run);
	const warnings = run.result.events.filter((e) => e.type === "warning").map((e) => (e.type === "warning" ? e.message : ""));
	assert.match(warnings.join("\n"), /server_time.timestamp 1e\+300 is not a time between 2020 and 2100/);
	assert.ok(run.clock.wallClockSettings.length > 0, "a later answer set the clock");
	for (const setting of run.clock.wallClockSettings) assert.ok(setting.epochMs < 4102444800000 + 18 * 3600_000, `clock set to ${setting.epochMs}`);
	assertStoreWithinRules(run, nothingElse);
});

test("hostile answer junk-members (32 fresh names in each of 5 answers): the mqtt namespace stays within its budget, nothing stored is erased", async () => {
	const run = await runWithFault({ kind: "junk-members", count: 32 }, 5);
	assertRecovered(run);
	const mqtt = run.store["mqtt"]!;
	const members = Object.keys(mqtt).filter((key) => key !== MEMBER_INDEX_KEY);
	let bytes = 0;
	for (const key of members) bytes += utf8Length(key) + (typeof mqtt[key] === "string" ? utf8Length(mqtt[key] as string) + 1 : 4);
	assert.ok(members.length <= SERVER_MEMBER_BUDGET.members, `${members.length} mqtt members`);
	assert.ok(bytes <= SERVER_MEMBER_BUDGET.bytes, `${bytes} bytes`);
	assert.ok(run.result.logs.some((line) => /not stored mqtt\/junk_\d+: mqtt already holds 5 members the firmware does not read/.test(line.message)), "the skipped members are logged");
	assert.ok(run.result.events.some((e) => e.type === "warning" && /^not stored mqtt\/junk_\d+/.test(e.message)), "and are warning events");
	assertStoreWithinRules(run, (namespace, key) => namespace === "mqtt" && /^junk_\d+$/.test(key));
});

test("hostile answer repeated-activation (a second, empty activation after the real one): read as cJSON reads it, never 'activated' by it", async () => {
	const run = await runWithFault({ kind: "repeated-activation" });
	assert.equal(firstFailure(run), undefined);
	assertRecovered(run);
	assert.ok(run.checks[0]!.responseBody.endsWith(',"activation":{}}'), "the first answer did repeat it");
	assert.ok(run.result.events.findIndex((e) => e.type === "code") < run.result.events.findIndex((e) => e.type === "activated"));
	assertStoreWithinRules(run, nothingElse);
});

for (const code of ["１２３４５６", "١٢٣٤٥٦", "12345\u0000"]) {
	test(`hostile answer code-text ${JSON.stringify(code)}: unexpected-body naming the character, back-off, activated through a code of ASCII digits`, async () => {
		const run = await runWithFault({ kind: "code-text", code });
		assert.equal(firstFailure(run)?.kind, "unexpected-body");
		assert.match(firstFailure(run)!.detail, /^activation code has U\+[0-9A-F]{4} at position \d; a code is ASCII letters and digits$/);
		const shown = run.result.events.filter((e) => e.type === "code");
		assert.ok(shown.every((e) => e.type === "code" && /^\d{6}$/.test(e.code)), "no such code was ever shown");
		assertRecovered(run);
		assertStoreWithinRules(run, nothingElse);
	});
}

test("hostile answer hostile-addresses (javascript: URL, file: endpoint): refused with warnings, never stored or handed over", async () => {
	const run = await runWithFault({ kind: "hostile-addresses" });
	assertRecovered(run);
	const warnings = run.result.events.filter((e) => e.type === "warning").map((e) => (e.type === "warning" ? e.message : ""));
	assert.ok(warnings.some((w) => w.startsWith("websocket/url is not a ws:// or wss:// URL")), warnings.join("\n"));
	assert.ok(warnings.some((w) => w.startsWith("mqtt/endpoint is not a host with an optional port")), warnings.join("\n"));
	assert.notEqual(run.store["websocket"]?.["url"], "javascript:alert(1)");
	assert.notEqual(run.store["mqtt"]?.["endpoint"], "file:///etc/passwd");
	const outcome = run.result.outcome;
	assert.ok(outcome.status === "activated" && !/javascript:|file:/.test(JSON.stringify(outcome.settings)), "not handed over either");
	assertStoreWithinRules(run, nothingElse);
});

test("hostile answer case-variant-members (32 of them before the real members): keepalive is stored, the variants keep to the 5 slots left", async () => {
	const run = await runWithFault({ kind: "case-variant-members" });
	assertRecovered(run);
	const mqtt = run.store["mqtt"]!;
	assert.equal(mqtt["keepalive"], 240, "the member the firmware needs, updated from the 90 stored before");
	const others = Object.keys(mqtt).filter((key) => key !== MEMBER_INDEX_KEY && !["endpoint", "client_id", "username", "password", "keepalive", "publish_topic", "subscribe_topic"].includes(key));
	assert.equal(others.length, 5, others.join());
	const warnings = run.result.events.filter((e) => e.type === "warning").map((e) => (e.type === "warning" ? e.message : ""));
	assert.equal(warnings.filter((w) => /^not stored mqtt\/\w+: mqtt already holds 5 members the firmware does not read/.test(w)).length, 27, "as warning events, not only in the log");
	const isKeepalive = (namespace: string, key: string): boolean => namespace === "mqtt" && key === "keepalive";
	assertStoreWithinRules(run, (namespace, key) => namespace === "mqtt" && others.includes(key), isKeepalive);
});

test("an activation storm (/activate 200 three times, binding nothing): backed off 10, 20, 40 s like failed checks, then activated through the code", async () => {
	// The user enters the code only after the third unconfirmed round (the fourth time a code shows).
	const run = await runWithFault({ kind: "accept-unbound", newCode: true }, 3, { path: "activate", bindAt: (_event, shown) => shown === 7 });
	assertRecovered(run);
	const unconfirmed = run.result.events.filter((e) => e.type === "check-failed" && e.reason.kind === "unconfirmed");
	assert.deepEqual(unconfirmed.map((e) => (e.type === "check-failed" ? e.retryInMs : 0)), [10_000, 20_000, 40_000]);
	assert.ok(run.clock.now() >= 70_000, `${run.clock.now()} ms of device time: the back-offs were waited`);
	assertStoreWithinRules(run, nothingElse);
});
