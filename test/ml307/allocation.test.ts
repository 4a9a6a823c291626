/*
 * What one activation poll through the ML307R's AT HTTP stack allocates on the device,
 * measured on the real XS engine (xsnap) with its heap meter: slots in use after the crank,
 * garbage included, net of the crank's own. The modem is a replaying UART whose answers
 * are made before the measure (allocation-entry.ts), so the figure is the device side's:
 * the channel, the framer, the transport and the codecs.
 *
 * While a code is pending the device polls every few seconds, so these allocations are most
 * of the garbage the 4G path makes (the figures are in docs/figures.md): the
 * bounds hold the channel to records without closures or promise chains per command.
 * The same poll through Ecma419SerialPort, paced by onWritable over the modem port's
 * ECMA-419 shape, is measured too (its reads copy into new buffers, as the native's do).
 */
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { xsMeter } from "../support/xs-meter.ts";

const POLL_MAX_SLOTS = 3300;
const COMMAND_MAX_SLOTS = 120;
/**
 * Ecma419SerialPort's share of a poll: a view per received piece, the caller's own buffer per
 * write that goes out whole (234 measured; 332 when every write was copied).
 */
const PACED_EXTRA_SLOTS = 300;

/** What one request waiting for its answer keeps live: its frames, its response collector, one URC and one loss listener (199 measured; 248 with a listener and an unsubscribe function per name). */
const HELD_REQUEST_MAX_SLOTS = 220;

const reports: unknown[] = [];
const meter = xsMeter({
	entry: new URL("./allocation-entry.ts", import.meta.url),
	name: "xs-modem-memory",
	noop: "modemMemory.noop()",
	handle: (message) => void reports.push(message),
});
after(() => meter.close());

test(`XS: one activation poll over the modem's AT HTTP allocates at most ${POLL_MAX_SLOTS} slots, one command at most ${COMMAND_MAX_SLOTS}`, async () => {
	const w = await meter.worker();
	// The first poll makes what stays (the request's parts, the modem's URC listener sets).
	await w.evaluate("modemMemory.poll()");
	const poll = await meter.slotsOf("modemMemory.poll()");
	await w.evaluate("modemMemory.reportResult()");
	assert.deepEqual(reports.at(-1), { ok: true, status: 202, body: '{"code":0,"msg":"pending"}' }, "the measured poll went through");
	const command = await meter.slotsOf("modemMemory.command()");
	const line = await meter.slotsOf("modemMemory.contentLine()");
	await w.evaluate("modemMemory.pacedPoll()");
	const paced = await meter.slotsOf("modemMemory.pacedPoll()");
	await w.evaluate("modemMemory.reportResult()");
	assert.deepEqual(reports.at(-1), { paced: { ok: true, status: 202, body: '{"code":0,"msg":"pending"}' } }, "the paced poll went through");
	console.log(`XS slots: one poll over AT ${poll}, one command ${command}, one content URC nobody waits for ${line}; the poll through the paced ECMA-419 port ${paced}`);
	assert.ok(paced - poll <= PACED_EXTRA_SLOTS, `the paced port adds ${paced - poll} slots a poll`);
	assert.ok(command > 0 && poll > 10 * command, "the meter sees the poll's dozen commands");
	assert.ok(poll <= POLL_MAX_SLOTS, `a poll allocates ${poll} slots`);
	assert.ok(command <= COMMAND_MAX_SLOTS, `a command allocates ${command} slots`);
});

test(`XS: a request waiting for its answer over the modem keeps at most ${HELD_REQUEST_MAX_SLOTS} slots live`, async () => {
	const w = await meter.worker();
	// The first one makes what stays (the URC listener sets of its names).
	await w.evaluate("modemMemory.heldPoll()");
	await w.evaluate("gc()");
	const before = await w.evaluate("modemMemory.noop()");
	await w.evaluate("modemMemory.heldPoll()");
	await w.evaluate("gc()");
	const after = await w.evaluate("modemMemory.noop()");
	const held = after.heapSlots - before.heapSlots;
	console.log(`XS slots: one request waiting for its response head keeps ${held} live`);
	assert.ok(held > 0, "the meter sees the held request");
	assert.ok(held <= HELD_REQUEST_MAX_SLOTS, `a held request keeps ${held} slots`);
});
