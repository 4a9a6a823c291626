/*
 * What every clip goes through before it is encoded: trimmed to its sound with a little
 * air either side, faded in and out over a few ms (a clip that starts or stops on a step
 * clicks), brought to one loudness, and padded with silence to whole IMA blocks. The
 * loudness measure is also what the tests check the generated clips with.
 */
import { IMA_BLOCK_SAMPLES } from "../../../modules/announcer/ima-adpcm.ts";

/** Fade at each end of a clip, raised cosine. */
export const FADE_MS = 8;
/** Every clip's active loudness: RMS over its sounding 10 ms frames, dB relative to full scale. */
export const TARGET_RMS_DB = -20;
/** No sample goes above this after shaping (room for the IMA coder's overshoot): a clip whose peaks would is made quieter instead. */
export const PEAK_LIMIT_DB = -1;
/** Frames quieter than the loudest by more than this are silence for the loudness measure and the trim. */
const ACTIVE_BELOW_LOUDEST_DB = 35;
const FRAME_MS = 10;
/** Kept before the first sounding frame and after the last one (soft onsets and decays). */
const LEAD_MS = 10;
const TAIL_MS = 20;

const FULL_SCALE = 32768;

export function dbOf(amplitude: number): number {
	return 20 * Math.log10(Math.max(amplitude, 1e-9) / FULL_SCALE);
}

function frameEnergies(samples: ArrayLike<number>, frame: number): number[] {
	const energies: number[] = [];
	for (let start = 0; start < samples.length; start += frame) {
		const end = Math.min(samples.length, start + frame);
		let sum = 0;
		for (let i = start; i < end; i++) sum += samples[i]! * samples[i]!;
		energies.push(sum / (end - start));
	}
	return energies;
}

function activeThreshold(energies: readonly number[]): number {
	return Math.max(...energies) * 10 ** (-ACTIVE_BELOW_LOUDEST_DB / 10);
}

/** RMS over the clip's sounding 10 ms frames, in dBFS: speech is measured while it speaks, not across its pauses. */
export function activeRmsDb(samples: ArrayLike<number>, sampleRate: number): number {
	const energies = frameEnergies(samples, Math.round((sampleRate * FRAME_MS) / 1000));
	const threshold = activeThreshold(energies);
	const active = energies.filter((e) => e >= threshold && e > 0);
	if (active.length === 0) return Number.NEGATIVE_INFINITY;
	return dbOf(Math.sqrt(active.reduce((a, b) => a + b, 0) / active.length));
}

export function peakDb(samples: ArrayLike<number>): number {
	let peak = 0;
	for (let i = 0; i < samples.length; i++) peak = Math.max(peak, Math.abs(samples[i]!));
	return dbOf(peak);
}

/** The clip from a little before its first sounding frame to a little after its last. */
export function trimToSound(samples: Float64Array, sampleRate: number): Float64Array {
	const frame = Math.round((sampleRate * FRAME_MS) / 1000);
	const energies = frameEnergies(samples, frame);
	const threshold = activeThreshold(energies);
	const first = energies.findIndex((e) => e >= threshold);
	const last = energies.length - 1 - [...energies].reverse().findIndex((e) => e >= threshold);
	if (first < 0) throw new RangeError("the clip is silent");
	const start = Math.max(0, first * frame - Math.round((sampleRate * LEAD_MS) / 1000));
	const end = Math.min(samples.length, (last + 1) * frame + Math.round((sampleRate * TAIL_MS) / 1000));
	return samples.slice(start, end);
}

/** The fade's gain at `i` samples from the clip's edge: 0 at the edge, 1 from FADE_MS on. */
export function fadeGain(i: number, sampleRate: number): number {
	const length = (sampleRate * FADE_MS) / 1000;
	return i >= length ? 1 : 0.5 - 0.5 * Math.cos((Math.PI * i) / length);
}

/** Trim, fade, loudness, pad: the 16-bit samples the encoder gets (a whole number of IMA blocks). */
export function shapeClip(samples: ArrayLike<number>, sampleRate: number): Int16Array {
	const clip = trimToSound(Float64Array.from(samples), sampleRate);
	for (let i = 0; i < clip.length; i++) clip[i] = clip[i]! * Math.min(fadeGain(i, sampleRate), fadeGain(clip.length - 1 - i, sampleRate));
	const peak = clip.reduce((m, s) => Math.max(m, Math.abs(s)), 0);
	const gain = Math.min(10 ** ((TARGET_RMS_DB - activeRmsDb(clip, sampleRate)) / 20), (FULL_SCALE * 10 ** (PEAK_LIMIT_DB / 20)) / peak);
	const out = new Int16Array(Math.ceil(clip.length / IMA_BLOCK_SAMPLES) * IMA_BLOCK_SAMPLES);
	for (let i = 0; i < clip.length; i++) out[i] = Math.round(clip[i]! * gain);
	return out;
}
