/*
 * Ctrl-C / SIGTERM for a run (the plain runner and `--board` alike): the first signal aborts
 * the run's AbortSignal (the request in flight and any wait end at once); a second one exits
 * at once. Exit status 130 after SIGINT, 143 after SIGTERM.
 */

export class Stopper {
	readonly controller = new AbortController();
	#signal: NodeJS.Signals | undefined;
	readonly #onSignal = (signal: NodeJS.Signals): void => {
		if (this.#signal) process.exit(exitCodeFor(signal));
		this.#signal = signal;
		this.controller.abort();
	};

	constructor() {
		process.on("SIGINT", this.#onSignal);
		process.on("SIGTERM", this.#onSignal);
	}

	/** Stops without a signal (--stop-after). */
	stop(): void {
		this.controller.abort();
	}

	/** 130 after SIGINT, 143 after SIGTERM, undefined when no signal stopped the run. */
	get exitCode(): number | undefined {
		return this.#signal ? exitCodeFor(this.#signal) : undefined;
	}

	close(): void {
		process.off("SIGINT", this.#onSignal);
		process.off("SIGTERM", this.#onSignal);
	}
}

export function exitCodeFor(signal: NodeJS.Signals): number {
	return signal === "SIGTERM" ? 143 : 130;
}

/**
 * `work`, or `stoppedValue` as soon as `signal` aborts: XS waits on one host call at a time,
 * so a stop must end that call (a held request, a sleep) at once.
 */
export function untilStopped<T>(signal: AbortSignal | undefined, work: Promise<T>, stoppedValue: T): Promise<T> {
	if (!signal) return work;
	if (signal.aborted) return Promise.resolve(stoppedValue);
	return new Promise<T>((resolve, reject) => {
		const onAbort = (): void => resolve(stoppedValue);
		signal.addEventListener("abort", onAbort, { once: true });
		work.then(
			(value) => (signal.removeEventListener("abort", onAbort), resolve(value)),
			(error: unknown) => (signal.removeEventListener("abort", onAbort), reject(error)),
		);
	});
}
