/*
 * Code lifetime, auto-bind and /activate holds, on virtual time (and one real-time hold
 * that must wake up early). No test here waits for real seconds.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { startEmulator, type Emulator, type EmulatorOptions } from "../../../desktop/emulator/server.ts";
import { DEVICE_ID, TestClock, activate, check, parse } from "../../support/emulator.ts";

async function withEmulator(options: EmulatorOptions, body: (emulator: Emulator) => Promise<void>): Promise<void> {
	const emulator = await startEmulator(options);
	try {
		await body(emulator);
	} finally {
		await emulator.close();
	}
}

async function codeOf(emulator: Emulator): Promise<string | undefined> {
	return (parse(await check(emulator)).activation as { code: string } | undefined)?.code;
}

describe("code lifetime", () => {
	it("reuses the code until codeTtlMs, then issues a new one and forgets the old", async () => {
		const clock = new TestClock();
		await withEmulator({ clock, codeTtlMs: 60_000 }, async (emulator) => {
			const issued: string[] = [];
			emulator.on("code", ({ deviceId, code }) => {
				assert.equal(deviceId, DEVICE_ID);
				issued.push(code);
			});
			const first = await codeOf(emulator);
			clock.advance(59_999);
			assert.equal(await codeOf(emulator), first, "same code just before expiry");
			assert.equal(emulator.deviceState(DEVICE_ID), "pending");
			clock.advance(1);
			assert.equal(emulator.deviceState(DEVICE_ID), "unknown", "the code expired");
			assert.equal(emulator.pendingCode(DEVICE_ID), undefined);
			assert.equal(emulator.bind(first!).code, 10062, "an expired code is as wrong as a wrong one");
			const second = await codeOf(emulator);
			assert.ok(second !== undefined && second !== first);
			assert.deepEqual(issued, [first, second], "one code event per new code, none for re-sends");
			assert.equal(emulator.bind(second).code, 0);
		});
	});

	it("reports 10061 for an empty code and 10063 for the code of a device already bound", async () => {
		await withEmulator({}, async (emulator) => {
			const code = (await codeOf(emulator))!;
			assert.deepEqual(emulator.bind("  "), { code: 10061, msg: "Activation code cannot be empty" });
			assert.deepEqual(emulator.bind(code), { code: 0, msg: "success" });
			assert.deepEqual(emulator.bind(code), { code: 10063, msg: "Device already activated" });
		});
	});
});

describe("auto-bind", () => {
	it("binds exactly autoBindAfterMs after the code was issued, judged on the emulator clock", async () => {
		const clock = new TestClock();
		await withEmulator({ clock, autoBindAfterMs: 10_000 }, async (emulator) => {
			const bound: string[] = [];
			emulator.on("bound", ({ deviceId }) => bound.push(deviceId));
			assert.ok(await codeOf(emulator));
			clock.advance(9_999);
			assert.equal((await activate(emulator)).status, 202);
			assert.ok(await codeOf(emulator), "still announcing at 9.999 s");
			clock.advance(1);
			assert.equal((await activate(emulator)).status, 200);
			assert.equal(await codeOf(emulator), undefined, "the next check omits activation");
			assert.deepEqual(bound, [DEVICE_ID]);
		});
	});

	it("with autoBindAfterMs 0 the very first answer is already bound", async () => {
		await withEmulator({ profile: "manager", autoBindAfterMs: 0 }, async (emulator) => {
			assert.equal(await codeOf(emulator), undefined);
			assert.equal(emulator.deviceState(DEVICE_ID), "bound");
		});
	});
});

describe("/activate hold (official)", () => {
	it("virtual time: a pending device is held holdActivateMs, then gets 202, and the clock moved by that much", async () => {
		const clock = new TestClock();
		await withEmulator({ clock, holdActivateMs: 25_000 }, async (emulator) => {
			await check(emulator);
			const start = clock.now();
			const reply = await activate(emulator);
			assert.equal(reply.status, 202);
			assert.equal(clock.now() - start, 25_000);
			assert.ok(clock.advances.every((step) => step <= 100), "advanced in small steps");
			assert.equal(emulator.requests.at(-1)?.at, start, "recorded at arrival");
		});
	});

	it("virtual time: answers 200 at the moment auto-bind happens inside the hold", async () => {
		const clock = new TestClock();
		await withEmulator({ clock, holdActivateMs: 25_000, autoBindAfterMs: 7_250 }, async (emulator) => {
			await check(emulator);
			const issuedAt = clock.now();
			clock.advance(1_000);
			const reply = await activate(emulator);
			assert.equal(reply.status, 200);
			assert.equal(clock.now() - issuedAt, 7_250, "woke exactly at the bind, not at the end of the hold");
		});
	});

	it("virtual time: answers 200 when a person binds during the hold (bind from a clock timer)", async () => {
		const clock = new TestClock();
		await withEmulator({ clock, holdActivateMs: 25_000 }, async (emulator) => {
			const code = (await codeOf(emulator))!;
			const start = clock.now();
			clock.at(3_000, () => emulator.bind(code));
			const reply = await activate(emulator);
			assert.equal(reply.status, 200);
			assert.ok(clock.now() - start >= 3_000 && clock.now() - start <= 3_100, `answered at +${clock.now() - start} ms`);
		});
	});

	it("real time: a held request wakes up as soon as the code is bound", async () => {
		await withEmulator({ holdActivateMs: 20_000 }, async (emulator) => {
			const code = (await codeOf(emulator))!;
			const started = Date.now();
			setTimeout(() => emulator.bind(code), 50);
			const reply = await activate(emulator);
			assert.equal(reply.status, 200);
			assert.ok(Date.now() - started < 2_000, `took ${Date.now() - started} ms`);
		});
	});

	it("does not hold a bound device or a manager-profile device", async () => {
		const clock = new TestClock();
		await withEmulator({ profile: "manager", clock, holdActivateMs: 25_000 }, async (emulator) => {
			await check(emulator);
			const start = clock.now();
			assert.equal((await activate(emulator)).status, 202);
			assert.equal(clock.now(), start);
		});
	});
});
