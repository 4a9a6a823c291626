/*
 * The allocation measure of the XS tests: one xsnap worker running an entry bundled from
 * TypeScript, and the heap slots a call leaves allocated (garbage included) by xsnap's meter.
 */
import { fileURLToPath } from "node:url";
import { bundleForXs } from "../../desktop/runner/bundle.ts";
import { startXsWorker, type XsWorker } from "../../desktop/runner/xs-worker.ts";

export interface XsMeter {
	/** The worker, started with the entry on first use. */
	worker(): Promise<XsWorker>;
	/** Slots `call` leaves allocated, net of what every crank leaves of its own (an empty call's). */
	slotsOf(call: string): Promise<number>;
	close(): Promise<void>;
}

/** `entry` is a URL of a TypeScript file; `noop` a script that does nothing (e.g. "memory.noop()"). */
export function xsMeter(options: { entry: URL; name: string; noop: string; handle?: (message: unknown) => void }): XsMeter {
	let started: Promise<XsWorker> | undefined;
	const worker = (): Promise<XsWorker> =>
		(started ??= (async () => {
			const w = await startXsWorker({ handle: options.handle ?? (() => undefined), name: options.name });
			await w.evaluate(await bundleForXs(fileURLToPath(options.entry)));
			return w;
		})());
	return {
		worker,
		async slotsOf(call: string): Promise<number> {
			const w = await worker();
			await w.evaluate("gc()");
			const base = await w.evaluate(options.noop);
			const empty = await w.evaluate(options.noop);
			const used = await w.evaluate(call);
			return used.heapSlots - empty.heapSlots - (empty.heapSlots - base.heapSlots);
		},
		close: async () => {
			if (started) await (await started).close();
		},
	};
}
