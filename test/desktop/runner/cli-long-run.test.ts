/*
 * A run of any length holds bounded memory: the runner (bin/xiaozhi-activate.js as a child
 * process, node --expose-gc) keeps a code pending against its embedded emulator for one
 * simulated day on virtual time (about 3,500 held activation attempts) and reports its JS
 * heap after a full GC when the code first shows and at the end.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../../../bin/xiaozhi-activate.js", import.meta.url));
const DAY_SECONDS = 86400;
/**
 * Allowed growth of the runner's heap over the day. What stays is bounded by design: the
 * emulator's request record (16), the clock's wall-clock settings and the store's write
 * list (1,000 each), V8's compiled code; measured ~1.5 MiB, flat from the 4th hour on.
 */
const MAX_GROWTH_BYTES = 4 * 1024 * 1024;

interface HeapLine {
	readonly atFirstCodeBytes: number;
	readonly atEndBytes: number;
	readonly deviceSeconds: number;
	readonly gc: boolean;
}

test("a code pending for a simulated day: the runner's heap grows by less than a stated constant", async () => {
	const counts = new Map<string, number>();
	let heap: HeapLine | undefined;
	let outcome: { status: string } | undefined;
	let partial = "";
	const onLine = (line: string): void => {
		const event = JSON.parse(line) as { type: string };
		counts.set(event.type, (counts.get(event.type) ?? 0) + 1);
		if (event.type === "heap") heap = event as unknown as HeapLine;
		if (event.type === "outcome") outcome = (event as unknown as { outcome: { status: string } }).outcome;
	};
	const code = await new Promise<number | null>((resolve, reject) => {
		const child = spawn(process.execPath, ["--expose-gc", BIN, "--json", "--virtual-time", "--stop-after", String(DAY_SECONDS), "--report-heap"], {
			cwd: tmpdir(),
			stdio: ["ignore", "pipe", "inherit"],
		});
		child.stdout.setEncoding("utf8");
		child.stdout.on("data", (chunk: string) => {
			const lines = (partial + chunk).split("\n");
			partial = lines.pop()!;
			for (const line of lines) if (line) onLine(line);
		});
		child.on("error", reject);
		child.on("close", resolve);
	});
	assert.equal(code, 1, "not activated: stopped by --stop-after");
	assert.deepEqual(outcome, { status: "stopped" });
	assert.ok(heap, "a heap line");
	assert.equal(heap.gc, true, "measured after a full GC");
	assert.ok(heap.deviceSeconds >= DAY_SECONDS, `ran ${heap.deviceSeconds} s of device time`);
	const pending = counts.get("pending") ?? 0;
	assert.ok(pending > 3000, `${pending} held activation attempts in the day`);
	const growth = heap.atEndBytes - heap.atFirstCodeBytes;
	console.log(
		`# heap ${(heap.atFirstCodeBytes / 1048576).toFixed(2)} MiB at the first code -> ${(heap.atEndBytes / 1048576).toFixed(2)} MiB after ${heap.deviceSeconds} s ` +
			`(${pending} pending answers, ${counts.get("countdown") ?? 0} countdown events): growth ${(growth / 1048576).toFixed(2)} MiB, bound ${MAX_GROWTH_BYTES / 1048576} MiB`,
	);
	assert.ok(growth < MAX_GROWTH_BYTES, `heap grew ${growth} bytes`);
});
