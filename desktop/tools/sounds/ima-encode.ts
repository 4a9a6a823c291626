/*
 * The project's IMA ADPCM encoder, for the clips the board plays from flash (the layout is
 * described in modules/announcer/ima-adpcm.ts). Mono, whole 129-sample blocks: the caller
 * pads a clip to a whole number of blocks, since AudioOut plays whole blocks only. Each
 * code is chosen by looking ahead: every code for this sample, each followed by the
 * nearest codes for the next LOOKAHEAD samples, and the one with the least squared error
 * over them wins. Taking the nearest code at each sample (the IMA reference coder) leaves
 * about 3 dB more noise: a code best now can leave the step size wrong for what follows.
 * The step index carries over from block to block.
 */
import { IMA_BLOCK_BYTES, IMA_BLOCK_SAMPLES, IMA_INDEX_ADJUST, IMA_STEP_SIZES, clampIndex, clampSample, imaDelta } from "../../../modules/announcer/ima-adpcm.ts";

/** Samples looked at beyond the one being coded. */
const LOOKAHEAD = 5;

/** The code nearest to `target` from `predictor` at `step` (the IMA reference quantizer). */
function nearestCode(predictor: number, step: number, target: number): number {
	let diff = target - predictor;
	let code = 0;
	if (diff < 0) {
		code = 8;
		diff = -diff;
	}
	if (diff >= step) {
		code |= 4;
		diff -= step;
	}
	if (diff >= step >> 1) {
		code |= 2;
		diff -= step >> 1;
	}
	if (diff >= step >> 2) code |= 1;
	return code;
}

/** Squared error of coding samples[at..at+depth] greedily from this state. */
function greedyCost(samples: Int16Array, at: number, end: number, predictor: number, index: number, depth: number): number {
	let cost = 0;
	for (let n = at; n < end && n <= at + depth; n++) {
		const step = IMA_STEP_SIZES[index]!;
		const code = nearestCode(predictor, step, samples[n]!);
		predictor = clampSample(predictor + imaDelta(step, code));
		index = clampIndex(index + IMA_INDEX_ADJUST[code & 7]!);
		const error = samples[n]! - predictor;
		cost += error * error;
	}
	return cost;
}

interface CoderState {
	predictor: number;
	index: number;
}

function chooseCode(samples: Int16Array, n: number, end: number, state: CoderState): number {
	const step = IMA_STEP_SIZES[state.index]!;
	let best = nearestCode(state.predictor, step, samples[n]!);
	let bestCost = Number.POSITIVE_INFINITY;
	for (let code = 0; code < 16; code++) {
		const predictor = clampSample(state.predictor + imaDelta(step, code));
		const index = clampIndex(state.index + IMA_INDEX_ADJUST[code & 7]!);
		const error = samples[n]! - predictor;
		const cost = error * error + greedyCost(samples, n + 1, end, predictor, index, LOOKAHEAD - 1);
		if (cost < bestCost) {
			bestCost = cost;
			best = code;
		}
	}
	return best;
}

/** Encodes `samples` (a whole number of 129-sample blocks) as IMA ADPCM blocks. */
export function encodeIma(samples: Int16Array): Uint8Array {
	if (samples.length % IMA_BLOCK_SAMPLES !== 0) throw new RangeError(`${samples.length} samples is not a whole number of ${IMA_BLOCK_SAMPLES}-sample blocks`);
	const blocks = samples.length / IMA_BLOCK_SAMPLES;
	const out = new Uint8Array(blocks * IMA_BLOCK_BYTES);
	const state: CoderState = { predictor: 0, index: 0 };
	for (let block = 0; block < blocks; block++) {
		const first = block * IMA_BLOCK_SAMPLES;
		const end = first + IMA_BLOCK_SAMPLES;
		const offset = block * IMA_BLOCK_BYTES;
		state.predictor = samples[first]!;
		out[offset] = state.predictor & 0xff;
		out[offset + 1] = (state.predictor >> 8) & 0xff;
		out[offset + 2] = state.index;
		out[offset + 3] = 0;
		for (let n = first + 1; n < end; n++) {
			const code = chooseCode(samples, n, end, state);
			state.predictor = clampSample(state.predictor + imaDelta(IMA_STEP_SIZES[state.index]!, code));
			state.index = clampIndex(state.index + IMA_INDEX_ADJUST[code & 7]!);
			const byte = offset + 4 + ((n - first - 1) >> 1);
			out[byte] = (out[byte] ?? 0) | ((n - first) & 1 ? code : code << 4);
		}
	}
	return out;
}
