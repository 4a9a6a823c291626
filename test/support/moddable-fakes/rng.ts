/* Fake of Moddable's "rng": counts calls and hands out a known byte pattern. */
export const calls: number[] = [];

const RNG = {
	get(count: number): ArrayBuffer {
		if (!Number.isInteger(count) || count < 0) throw new RangeError("rng: bad count");
		calls.push(count);
		const bytes = new Uint8Array(count);
		for (let i = 0; i < count; i++) bytes[i] = (i * 7 + calls.length) & 255;
		return bytes.buffer;
	},
};

export default RNG;
