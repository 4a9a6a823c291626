/* The device's time on the timer and time stand-ins (the host's virtual time), and TraceLog's line format. */
import { resetSdk, sdk } from "../support/sdk-standins/register.ts";
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { sleep } from "../../modules/activation/interfaces.ts";

const { moddableTimers, moddableWallClock } = await import("moddable-adapters/time");
const { TraceLog } = await import("moddable-adapters/trace-log");
const virtualTime = sdk.timeline;

beforeEach(() => resetSdk());

test("a sleep on the timers resolves after exactly its delay of virtual time", async () => {
	let woke = false;
	const sleeping = sleep(moddableTimers, 3000).then(() => {
		woke = true;
	});
	virtualTime.advance(2999);
	await Promise.resolve();
	assert.equal(woke, false);
	virtualTime.advance(1);
	await sleeping;
	assert.equal(woke, true);
	assert.equal(moddableTimers.now(), 3000);
});

test("a timer's callback gets no argument (the SDK hands its id); a cleared one never fires", () => {
	const seen: unknown[][] = [];
	moddableTimers.set((...args: unknown[]) => void seen.push(args), 10);
	moddableTimers.clear(moddableTimers.set(() => seen.push(["cleared"]), 5));
	virtualTime.advance(20);
	assert.deepEqual(seen, [[]]);
});

test("negative, NaN and fractional delays: never early, never refused (the SDK's Timer refuses a negative one)", async () => {
	const sleeps = [sleep(moddableTimers, -5), sleep(moddableTimers, Number.NaN)];
	virtualTime.advance(0);
	await Promise.all(sleeps);
	let fired = false;
	moddableTimers.set(() => (fired = true), 1.2);
	virtualTime.advance(1);
	assert.equal(fired, false, "1.2 ms is not up after 1 ms");
	virtualTime.advance(1);
	assert.equal(fired, true);
});

test("the wall clock is set in whole seconds; nonsense is refused", () => {
	moddableWallClock.setWallClock(1763225492999);
	assert.deepEqual(sdk.wallClockSets, [1763225492]);
	assert.throws(() => moddableWallClock.setWallClock(Number.NaN), RangeError);
	assert.throws(() => moddableWallClock.setWallClock(-1), RangeError);
});

test("TraceLog writes one tagged line per message, newlines folded", () => {
	const lines: string[] = [];
	const log = new TraceLog("activation", (line) => lines.push(line));
	log.info("checking https://api.tenclass.net/xiaozhi/ota/");
	log.warn("two\nlines");
	log.error("failed");
	assert.deepEqual(lines, [
		"[activation] info: checking https://api.tenclass.net/xiaozhi/ota/\n",
		"[activation] warn: two lines\n",
		"[activation] error: failed\n",
	]);
});
