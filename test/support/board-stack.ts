/*
 * Runs code on XS with the BOARD's stack: an xsnap worker built with `creation.stack` from
 * hosts/esp32s3/manifest.json (desktop/runner/board-worker.ts), where an overflow aborts the VM
 * as on the device. An entry module (bundled for XS, using board-stack-probe.ts) is loaded
 * into a fresh worker for every call, since an overflow kills the worker.
 */
import { fileURLToPath } from "node:url";
import { bundleForXs } from "../../desktop/runner/bundle.ts";
import { boardStackSlots, boardXsnapWorker } from "../../desktop/runner/board-worker.ts";
import { startXsWorker } from "../../desktop/runner/xs-worker.ts";

export interface BoardStackRun {
	/** The worker died (a stack overflow aborts the VM). */
	readonly aborted: boolean;
	/** What the entry reported before the end. */
	readonly messages: unknown[];
}

export interface BoardStack {
	/** The board's stack, in slots. */
	readonly slots: number;
	/** Runs `call` (a script) after the entry, in a fresh board-stack worker. */
	run(call: string): Promise<BoardStackRun>;
	/** The largest k for which `script(k)` survives and reports "survived", by bisection between `low` and `high`. */
	largestSurviving(script: (slots: number) => string, low: number, high: number): Promise<number>;
}

export function boardStack(entry: URL, name: string): BoardStack {
	const slots = boardStackSlots();
	const bundle = bundleForXs(fileURLToPath(entry));
	async function run(call: string): Promise<BoardStackRun> {
		const messages: unknown[] = [];
		const worker = await startXsWorker({ name, binary: await boardXsnapWorker(slots), handle: (message) => void messages.push(message) });
		try {
			await worker.evaluate(await bundle);
			try {
				await worker.evaluate(call);
				return { aborted: false, messages };
			} catch {
				return { aborted: true, messages };
			}
		} finally {
			await worker.close().catch(() => undefined);
		}
	}
	return {
		slots,
		run,
		async largestSurviving(script, low, high) {
			while (low < high) {
				const mid = Math.ceil((low + high) / 2);
				const result = await run(script(mid));
				if (!result.aborted && result.messages.includes("survived")) low = mid;
				else high = mid - 1;
			}
			return low;
		},
	};
}
