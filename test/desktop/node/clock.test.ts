/* VirtualClock and RealClock. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { RealClock, VirtualClock } from "../../../desktop/node/clock.ts";
import type { EmulatorClock } from "../../../desktop/emulator/server.ts";
import type { Clock } from "../../../modules/activation/interfaces.ts";

// One timeline for device and emulator: the same object must fit both interfaces.
const _sharedTimeline: Clock & EmulatorClock = new VirtualClock();
void _sharedTimeline;

test("virtual sleep moves time at once and resolves on the next macrotask", async () => {
	const clock = new VirtualClock(1000);
	const order: string[] = [];
	setImmediate(() => order.push("io"));
	const started = Date.now();
	await clock.sleep(2_560_000);
	order.push("after sleep");
	assert.equal(clock.now(), 1000 + 2_560_000);
	assert.equal(clock.sleptMs, 2_560_000);
	assert.deepEqual(order, ["io", "after sleep"]);
	assert.ok(Date.now() - started < 1000);
});

test("advance moves time without counting as sleep; bad durations are refused", () => {
	const clock = new VirtualClock();
	clock.advance(3000);
	assert.equal(clock.now(), 3000);
	assert.equal(clock.sleptMs, 0);
	assert.throws(() => clock.advance(-1), RangeError);
	assert.throws(() => clock.advance(Number.NaN), RangeError);
});

test("the wall clock set by the device is recorded and moves with the clock", async () => {
	const clock = new VirtualClock(50);
	assert.equal(clock.wallClock(), undefined);
	const local = 1766848942364 + 480 * 60_000;
	clock.setWallClock(local);
	await clock.sleep(1000);
	assert.deepEqual(clock.wallClockSettings, [{ epochMs: local, at: 50 }]);
	assert.equal(clock.wallClock(), local + 1000);
	assert.throws(() => clock.setWallClock(Number.NaN), TypeError);
});

test("real clock sleeps for real (briefly)", async () => {
	const clock = new RealClock();
	const before = clock.now();
	await clock.sleep(20);
	assert.ok(clock.now() - before >= 15);
});
