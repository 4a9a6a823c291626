/*
 * Injected faults: a queue the test fills, consumed by the next matching device requests.
 */
export type Fault =
	| { kind: "status"; status: number; body?: string }
	| { kind: "non-json" }
	| { kind: "error-object"; body: string }
	| { kind: "empty-object" }
	| { kind: "delay"; ms: number }
	| { kind: "truncated" }
	| { kind: "redirect"; location?: string }
	| { kind: "oversize"; bytes: number }
	| { kind: "reset" };

export type FaultTarget = "check" | "activate";

export interface FaultOptions {
	path?: FaultTarget;
	/** How many matching requests get this fault; default 1. */
	times?: number;
}

interface QueuedFault {
	readonly fault: Fault;
	readonly path?: FaultTarget;
	remaining: number;
}

const FAULT_KINDS: ReadonlySet<string> = new Set([
	"status", "non-json", "error-object", "empty-object", "delay", "truncated", "redirect", "oversize", "reset",
]);

/** Throws a RangeError/TypeError naming what is wrong with `fault`. */
export function validateFault(fault: Fault, options: FaultOptions = {}): void {
	if (!fault || typeof fault !== "object" || !FAULT_KINDS.has((fault as { kind: string }).kind)) {
		throw new TypeError(`unknown fault ${JSON.stringify(fault)}; kinds: ${[...FAULT_KINDS].join(", ")}`);
	}
	switch (fault.kind) {
		case "status":
			if (!Number.isInteger(fault.status) || fault.status < 100 || fault.status > 599) {
				throw new RangeError(`status fault needs an HTTP status 100..599, got ${fault.status}`);
			}
			break;
		case "error-object":
			if (typeof fault.body !== "string") throw new TypeError("error-object fault needs a body string");
			break;
		case "delay":
			if (!(Number.isFinite(fault.ms) && fault.ms >= 0)) throw new RangeError(`delay fault needs ms >= 0, got ${fault.ms}`);
			break;
		case "oversize":
			if (!Number.isInteger(fault.bytes) || fault.bytes < 2) throw new RangeError(`oversize fault needs an integer bytes >= 2, got ${fault.bytes}`);
			break;
		default:
			break;
	}
	if (options.path !== undefined && options.path !== "check" && options.path !== "activate") {
		throw new RangeError(`fault path must be "check" or "activate", got ${JSON.stringify(options.path)}`);
	}
	if (options.times !== undefined && !(Number.isInteger(options.times) && options.times >= 1)) {
		throw new RangeError(`fault times must be an integer >= 1, got ${options.times}`);
	}
}

export class FaultQueue {
	readonly #queue: QueuedFault[] = [];

	add(fault: Fault, options: FaultOptions = {}): void {
		validateFault(fault, options);
		this.#queue.push({ fault, ...(options.path ? { path: options.path } : {}), remaining: options.times ?? 1 });
	}

	/** The first queued fault that applies to a request of this kind, used up by one. */
	take(target: FaultTarget): Fault | undefined {
		const index = this.#queue.findIndex((entry) => entry.path === undefined || entry.path === target);
		if (index < 0) return undefined;
		const entry = this.#queue[index]!;
		entry.remaining -= 1;
		if (entry.remaining === 0) this.#queue.splice(index, 1);
		return entry.fault;
	}

	get size(): number {
		return this.#queue.length;
	}
}
