/*
 * What one poll of the activation flow allocates while a code is pending, on the real XS
 * engine (xsnap's heap meter): the activation request's parts, its 202 and the 3 s wait
 * after it, stepped every second on the device's timers. The host's answers and facts are
 * made before the measure (allocation-entry.ts), so the figure is the flow's and its
 * waits'. The figure is in the README's memory table.
 */
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { xsMeter } from "../../support/xs-meter.ts";

const POLL_MAX_SLOTS = 1200;

const reports: { activations: number; events: number; now: number; state: string }[] = [];
const meter = xsMeter({
	entry: new URL("./allocation-entry.ts", import.meta.url),
	name: "xs-flow-memory",
	noop: "flowMemory.noop()",
	handle: (message) => void reports.push(message as (typeof reports)[number]),
});
after(() => meter.close());

test(`XS: one poll of the flow with a code pending (an activation answered 202, the 3 s wait on the timers) allocates at most ${POLL_MAX_SLOTS} slots`, async () => {
	const w = await meter.worker();
	await w.evaluate("flowMemory.start()");
	// The first polls make what stays (the activate URL, the headers).
	await w.evaluate("flowMemory.poll()");
	await w.evaluate("flowMemory.poll()");
	await w.evaluate("flowMemory.report()");
	const before = reports.at(-1)!;
	const slots = await meter.slotsOf("flowMemory.poll()");
	await w.evaluate("flowMemory.report()");
	const afterPoll = reports.at(-1)!;
	assert.equal(afterPoll.activations, before.activations + 1, "the measured crank sent one activation request");
	assert.equal(afterPoll.now - before.now, 3000, "and waited the 3 s after a 202 on the timers");
	assert.equal(afterPoll.state, "activate-wait");
	console.log(`XS slots: one poll of the flow with a code pending (activation 202 + 3 s wait): ${slots}`);
	assert.ok(slots > 0, "the meter sees the poll");
	assert.ok(slots <= POLL_MAX_SLOTS, `a poll allocates ${slots} slots`);
});
