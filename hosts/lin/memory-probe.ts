/*
 * The simulator's memory figures for `npm run test:moddable`, the same in the app and in the
 * bare HTTPS client (desktop/tools/moddable-sim/bare-client) so the two compare: live slots after a
 * full collection at named moments and, once a second, their peak; the XS stack's depth by
 * the first timer turn after main(); and the bounds of the window while a code is pending,
 * in which it forces no collection; and the stack's deepest point inside one stretch of code
 * (memory-probe.c: a fresh peak for the stretch, the running one kept for the simulator's
 * samples). Each is one `MEMORY …` trace line that
 * desktop/tools/moddable-sim/run.ts reads beside the simulator's own once-a-second samples.
 *
 * Lin builds are 64-bit: a slot is 32 bytes here and 16 on the ESP32, the counts are the same.
 */
import Debug from "debug";
import Instrumentation from "instrumentation";
import Timer, { type TimerId } from "timer";

const SLOT_BYTES = 32;
const SAMPLE_MS = 1000;

export class MemoryProbe {
	readonly #slots = Instrumentation.map("XS Slot Heap Used");
	readonly #chunks = Instrumentation.map("XS Chunk Heap Used");
	readonly #stack = Instrumentation.map("XS Stack Used");
	#peak = 0;
	/** Live chunk bytes (strings, buffers) after a full collection, at their highest. */
	#chunkPeak = 0;
	#chunkLive = 0;
	#sampler: TimerId | undefined;
	#pending = false;

	/** Live slots after a full collection. */
	live(): number {
		Debug.gc();
		const live = Math.round((Instrumentation.get(this.#slots) ?? 0) / SLOT_BYTES);
		if (live > this.#peak) this.#peak = live;
		this.#chunkLive = Instrumentation.get(this.#chunks) ?? 0;
		if (this.#chunkLive > this.#chunkPeak) this.#chunkPeak = this.#chunkLive;
		return live;
	}

	/**
	 * The stack's deepest point, in slots, since the simulator's last instrument sample (it
	 * resets the peak, and the collection count, once a second).
	 */
	stackPeak(): number {
		return Math.round((Instrumentation.get(this.#stack) ?? 0) / SLOT_BYTES);
	}

	/**
	 * Runs `stretch` and returns the stack's deepest point inside it, in slots from the top of
	 * the stack (the frames below it included, as in the simulator's own figure).
	 */
	stackIn(stretch: () => void): number {
		beginStack();
		try {
			stretch();
		} catch (error) {
			// Ended even when the stretch throws, so the next measurement can begin.
			endStack();
			throw error;
		}
		return endStack();
	}

	/** One `MEMORY <label> live=… chunk=… stack=…` line. */
	mark(label: string): void {
		const stack = this.stackPeak();
		trace(`MEMORY ${label} live=${this.live()} chunk=${this.#chunkLive} stack=${stack}\n`);
	}

	/**
	 * Makes something and tells what it keeps: `MEMORY <label> live=…`, the live slots after
	 * `make` less those before (both after a full collection).
	 */
	retainedBy<T>(label: string, make: () => T): T {
		const before = this.live();
		const chunkBefore = this.#chunkLive;
		const made = make();
		trace(`MEMORY ${label} live=${this.live() - before} chunk=${this.#chunkLive - chunkBefore}\n`);
		return made;
	}

	/** Samples the live heap once a second, except while a code is pending. */
	startSampling(): void {
		this.#sampler ??= Timer.repeat(() => {
			if (!this.#pending) this.live();
		}, SAMPLE_MS);
	}

	/**
	 * From now until `endPending`, no forced collection: run.ts counts the collections XS
	 * makes by itself from the simulator's once-a-second samples between the two lines.
	 */
	beginPending(): void {
		if (this.#pending) return;
		this.live();
		this.#pending = true;
		trace("MEMORY pending-begin\n");
	}

	endPending(): void {
		if (!this.#pending) return;
		this.#pending = false;
		trace("MEMORY pending-end\n");
	}

	/** The peak line; stops the sampler. */
	finish(): void {
		if (this.#sampler !== undefined) Timer.clear(this.#sampler);
		this.#sampler = undefined;
		this.live();
		trace(`MEMORY peak live=${this.#peak} chunk=${this.#chunkPeak}\n`);
	}
}
Object.freeze(MemoryProbe.prototype);

function beginStack(): void {
	native("xs_memory_probe_stack_begin").call(undefined);
}

function endStack(): number {
	return native("xs_memory_probe_stack_end").call(undefined) as number;
}
