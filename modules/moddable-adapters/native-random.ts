/* RandomSource over the board's random bytes (the ESP32 hardware RNG; rng on the simulator). */
import type { RandomSource } from "activation/interfaces";
import type { BoardNatives } from "moddable-adapters/board-natives";

const MAX_PER_CALL = 256;

export class NativeRandomSource implements RandomSource {
	readonly #natives: BoardNatives;

	constructor(natives: BoardNatives) {
		this.#natives = natives;
	}

	bytes(count: number): Uint8Array {
		if (!Number.isInteger(count) || count < 0) throw new RangeError(`random byte count must be a non-negative integer, not ${count}`);
		const out = new Uint8Array(count);
		for (let at = 0; at < count; at += MAX_PER_CALL) {
			const chunk = new Uint8Array(this.#natives.random(Math.min(MAX_PER_CALL, count - at)));
			out.set(chunk, at);
		}
		return out;
	}
}
