/*
 * Heap slots one parse of an answer allocates on XS, read from xsnap's meter the way
 * `npm run bench` does (desktop/bench/xs-cost-entry.ts): the body enters the heap in its own crank,
 * then the parse runs in the next with the collector's count before and after. Target
 * (issue 12): the 578-byte unactivated answer in at most 400 slots.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { bundleForXs } from "../../desktop/runner/bundle.ts";
import { startXsWorker } from "../../desktop/runner/xs-worker.ts";

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), "utf8");

async function parseSlots(body: string): Promise<number> {
	const worker = await startXsWorker({ handle: () => undefined, name: "xs-parse-allocation" });
	try {
		await worker.evaluate(await bundleForXs(fileURLToPath(new URL("../../desktop/bench/xs-cost-entry.ts", import.meta.url))));
		await worker.evaluate(`globalThis.answer = ${JSON.stringify(body)};`);
		await worker.evaluate("bench.release(); gc();");
		const base = await worker.evaluate("bench.noop()");
		const used = await worker.evaluate("bench.parse(globalThis.answer)");
		return used.heapSlots - base.heapSlots;
	} finally {
		await worker.close();
	}
}

test("XS allocation: parsing the 578-byte unactivated answer takes at most 400 heap slots", async () => {
	const body = fixture("ota-response-2-unactivated.json");
	assert.equal(body.length, 578);
	const slots = await parseSlots(body);
	console.log(`parse an unactivated answer (578 B): ${slots} slots`);
	assert.ok(slots <= 400, `${slots} slots`);
	assert.ok(slots > 0, "the meter saw the parse");
});

test("XS allocation: parsing the 465-byte activated answer takes at most 400 heap slots", async () => {
	const slots = await parseSlots(fixture("ota-response-1-activated.json"));
	console.log(`parse an activated answer (465 B): ${slots} slots`);
	assert.ok(slots <= 400 && slots > 0, `${slots} slots`);
});
