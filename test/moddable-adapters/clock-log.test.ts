/* TimerClock on the timer/time fakes (virtual time) and TraceLog's line format. */
import { importAdapter } from "../support/moddable-fakes/register.ts";
import { test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import type { Clock, Log } from "../../modules/activation/interfaces.ts";

const { TimerClock } = await importAdapter<{ TimerClock: new () => Clock }>("timer-clock");
const { TraceLog } = await importAdapter<{ TraceLog: new (tag: string, sink: (line: string) => void) => Log }>("trace-log");
const { virtualTime } = await import("../support/moddable-fakes/virtual-time.ts");
const time = await import("../support/moddable-fakes/time.ts");

beforeEach(() => {
	virtualTime.reset();
	time.wallClockSets.length = 0;
});

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
	assert.deepEqual(time.wallClockSets, [1763225492]);
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
