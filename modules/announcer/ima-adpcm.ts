/*
 * IMA ADPCM as a MAUD resource with format 1 carries it and the SDK's AudioOut plays it:
 * mono blocks of 68 bytes, each 129 samples. A block starts with its first sample as a
 * little-endian int16 and the step index (0-88) in one byte, one reserved byte; then 64
 * bytes of 4-bit codes, two samples a byte, low nibble first. Each code moves the predictor
 * by (code & 7 + 1/2) steps / 4, down when bit 3 is set, and the step index by
 * IMA_INDEX_ADJUST (the IMA's 1992 recommended practice). The decoder here is the
 * project's own, for the desktop's WAV and the simulator's speaker.wav; it allocates
 * nothing per block.
 */

export const IMA_BLOCK_BYTES = 68;
export const IMA_BLOCK_SAMPLES = 129;
const HEADER_BYTES = 4;
const MAX_INDEX = 88;

/** The 89 quantizer step sizes, each about 1.1 times the one before. */
export const IMA_STEP_SIZES: readonly number[] = Object.freeze([
	7, 8, 9, 10, 11, 12, 13, 14, 16, 17, 19, 21, 23, 25, 28, 31, 34, 37, 41, 45, 50, 55, 60, 66, 73, 80, 88, 97, 107, 118, 130, 143, 157, 173, 190, 209,
	230, 253, 279, 307, 337, 371, 408, 449, 494, 544, 598, 658, 724, 796, 876, 963, 1060, 1166, 1282, 1411, 1552, 1707, 1878, 2066, 2272, 2499, 2749,
	3024, 3327, 3660, 4026, 4428, 4871, 5358, 5894, 6484, 7132, 7845, 8630, 9493, 10442, 11487, 12635, 13899, 15289, 16818, 18500, 20350, 22385,
	24623, 27086, 29794, 32767,
]);

/** How a code's magnitude (its low 3 bits) moves the step index. */
export const IMA_INDEX_ADJUST: readonly number[] = Object.freeze([-1, -1, -1, -1, 2, 4, 6, 8]);

/** The predictor's change for `code` at step size `step`, exactly as the decoder adds it (shifts, no rounding). */
export function imaDelta(step: number, code: number): number {
	let delta = step >> 3;
	if (code & 4) delta += step;
	if (code & 2) delta += step >> 1;
	if (code & 1) delta += step >> 2;
	return code & 8 ? -delta : delta;
}

export function clampIndex(index: number): number {
	return index < 0 ? 0 : index > MAX_INDEX ? MAX_INDEX : index;
}

export function clampSample(value: number): number {
	return value < -32768 ? -32768 : value > 32767 ? 32767 : value;
}

/** Bytes that hold `sampleCount` samples: whole blocks. */
export function imaBytesFor(sampleCount: number): number {
	return Math.ceil(sampleCount / IMA_BLOCK_SAMPLES) * IMA_BLOCK_BYTES;
}

/**
 * Decodes the block at `bytes[offset]` into `out[at]` onwards, at most `count` samples
 * (a whole block unless the clip ends inside it); returns the samples written.
 */
export function decodeImaBlock(bytes: Uint8Array, offset: number, out: Int16Array, at: number, count = IMA_BLOCK_SAMPLES): number {
	if (offset + IMA_BLOCK_BYTES > bytes.length) throw new RangeError(`IMA block at ${offset} runs past the data (${bytes.length} bytes)`);
	const index0 = bytes[offset + 2]!;
	if (index0 > MAX_INDEX) throw new RangeError(`IMA block at ${offset}: step index ${index0} (0-${MAX_INDEX})`);
	const total = count < IMA_BLOCK_SAMPLES ? count : IMA_BLOCK_SAMPLES;
	let predictor = (bytes[offset]! | (bytes[offset + 1]! << 8)) << 16 >> 16;
	let index = index0;
	out[at] = predictor;
	for (let n = 1; n < total; n++) {
		const byte = bytes[offset + HEADER_BYTES + ((n - 1) >> 1)]!;
		const code = n & 1 ? byte & 0x0f : byte >> 4;
		predictor = clampSample(predictor + imaDelta(IMA_STEP_SIZES[index]!, code));
		index = clampIndex(index + IMA_INDEX_ADJUST[code & 7]!);
		out[at + n] = predictor;
	}
	return total;
}

/** Decodes `sampleCount` samples of IMA blocks starting at `bytes[offset]`. */
export function decodeIma(bytes: Uint8Array, offset: number, sampleCount: number): Int16Array {
	const out = new Int16Array(sampleCount);
	for (let at = 0, block = offset; at < sampleCount; at += IMA_BLOCK_SAMPLES, block += IMA_BLOCK_BYTES) decodeImaBlock(bytes, block, out, at, sampleCount - at);
	return out;
}
