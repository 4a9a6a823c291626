/* Stand-in for "sntp": answers with the Node machine's time after 50 ms of board time. */
import { scheduler } from "./scheduler.ts";

export default class SNTP {
	static readonly time = 1;
	static readonly retry = 2;
	static readonly error = -1;
	#callback: ((message: number, value?: unknown) => void) | undefined;

	constructor(_options: { host: string }, callback: (message: number, value?: unknown) => void) {
		this.#callback = callback;
		scheduler.set(() => this.#callback?.(SNTP.time, Math.floor(Date.now() / 1000)), 50);
	}

	close(): void {
		this.#callback = undefined;
	}
}
