/* VirtualClock and RealClock: the device's time (the Timers port) and its wall clock on Node. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { RealClock, VirtualClock, type NodeClock } from "../../../desktop/node/clock.ts";
import type { EmulatorClock } from "../../../desktop/emulator/server.ts";
import { sleep } from "../../../modules/activation/interfaces.ts";

// One timeline for device and emulator: the same object must fit both interfaces.
const _sharedTimeline: NodeClock & EmulatorClock = new VirtualClock();
void _sharedTimeline;

test("a virtual timer moves time to when it is due and runs on a macrotask of its own", async () => {
	const clock = new VirtualClock(1000);
	const order: string[] = [];
	setImmediate(() => order.push("io"));
	const started = Date.now();
	await sleep(clock, 2_560_000);
	order.push("after sleep");
	assert.equal(clock.now(), 1000 + 2_560_000);
	assert.equal(clock.sleptMs, 2_560_000);
	assert.deepEqual(order, ["io", "after sleep"]);
	assert.ok(Date.now() - started < 1000);
});

test("virtual timers fire earliest first (ties in the order set), each at its own time; a cleared one never", async () => {
	const clock = new VirtualClock(0);
	const fired: string[] = [];
	clock.set(() => fired.push(`5000@${clock.now()}`), 5000);
	const cleared = clock.set(() => fired.push("cleared"), 3000);
	clock.set(() => fired.push(`1000@${clock.now()}`), 1000);
	clock.set(() => fired.push(`1000b@${clock.now()}`), 1000);
	clock.clear(cleared);
	await sleep(clock, 6000);
	assert.deepEqual(fired, ["1000@1000", "1000b@1000", "5000@5000"]);
	assert.equal(clock.now(), 6000);
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
	await sleep(clock, 1000);
	assert.deepEqual(clock.wallClockSettings, [{ epochMs: local, at: 50 }]);
	assert.equal(clock.wallClock(), local + 1000);
	assert.throws(() => clock.setWallClock(Number.NaN), TypeError);
});

test("real clock sleeps for real (briefly); a cleared timer never fires", async () => {
	const clock = new RealClock();
	const before = clock.now();
	let fired = false;
	clock.clear(clock.set(() => (fired = true), 5));
	await sleep(clock, 20);
	assert.ok(clock.now() - before >= 15);
	assert.equal(fired, false);
});
