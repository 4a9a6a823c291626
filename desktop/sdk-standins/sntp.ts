/*
 * Stand-in for the SDK's "sntp" ($(MODULES)/network/sntp/sntp.js): asks the host's time
 * server; its answer comes as SNTP.time with the seconds after 50 ms of the host's time.
 * Without an answer it behaves as the SDK's retries do: SNTP.retry every 5 s, and after the
 * fifth SNTP.error ("no response"); the callback may name another server to try then.
 * close() ends it.
 */
import type SdkSNTP from "sntp";
import { standinHost } from "./host.ts";

const ANSWER_MS = 50;
const RETRY_MS = 5000;
const TRIES = 5;

type Callback = (message: number, value?: unknown) => unknown;

class SNTP {
	static readonly time = 1;
	static readonly retry = 2;
	static readonly error = -1;
	#callback: Callback | undefined;
	#timer: object | undefined;
	#tries = 0;

	constructor(options: { host: string }, callback: Callback) {
		this.#callback = callback;
		this.#ask(String(options.host));
	}

	close(): void {
		this.#callback = undefined;
		if (this.#timer) standinHost().timeline.remove(this.#timer);
		this.#timer = undefined;
	}

	#ask(server: string): void {
		this.#tries = 0;
		const host = standinHost();
		this.#timer = host.timeline.add(() => {
			const seconds = host.ntpSeconds?.(server);
			if (seconds !== undefined) return void this.#answer(seconds);
			if (++this.#tries < TRIES) return void this.#callback?.(SNTP.retry);
			host.timeline.remove(this.#timer);
			const next = this.#callback?.(SNTP.error, "no response");
			if (typeof next === "string" && this.#callback) this.#ask(next);
		}, ANSWER_MS, RETRY_MS);
	}

	#answer(seconds: number): void {
		const callback = this.#callback;
		this.close();
		callback?.(SNTP.time, seconds);
	}
}
Object.freeze(SNTP.prototype);

// Typed as the SDK's API as the project declares it (typings/sntp.d.ts).
export default SNTP satisfies typeof SdkSNTP;
