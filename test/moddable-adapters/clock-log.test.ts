/* TimerClock on the timer and time stand-ins (the host's virtual time) and TraceLog's line format. */
import { resetSdk, sdk } from "../support/sdk-standins/register.ts";
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";

const { TimerClock } = await import("moddable-adapters/timer-clock");
const { TraceLog } = await import("moddable-adapters/trace-log");
const virtualTime = sdk.timeline;

beforeEach(() => resetSdk());

test("sleep resolves after exactly its delay of virtual time", async () => {
	const clock = new TimerClock();
	let woke = false;
	const sleeping = clock.sleep(3000).then(() => {
		woke = true;
	});
	virtualTime.advance(2999);
	await Promise.resolve();
	assert.equal(woke, false);
	virtualTime.advance(1);
	await sleeping;
	assert.equal(woke, true);
	assert.equal(clock.now(), 3000);
});

test("negative or NaN sleeps resolve on the next turn instead of throwing", async () => {
	const clock = new TimerClock();
	const sleeps = [clock.sleep(-5), clock.sleep(Number.NaN)];
	virtualTime.advance(0);
	await Promise.all(sleeps);
});

test("setWallClock sets whole seconds; nonsense is refused", () => {
	const clock = new TimerClock();
	clock.setWallClock(1763225492999);
	assert.deepEqual(sdk.wallClockSets, [1763225492]);
	assert.throws(() => clock.setWallClock(Number.NaN), RangeError);
	assert.throws(() => clock.setWallClock(-1), RangeError);
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
