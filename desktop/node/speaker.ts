/*
 * The board's speaker as the runner hears it: the clips and pauses the device queues,
 * played one after another against the device clock (virtual or real), and cut short where
 * the device stopped them. The clips are the board's own resources (IMA ADPCM MAUD),
 * decoded by the project's decoder. `pcm()` is everything that came out of the speaker, in
 * order, with the pauses of an announcement but no silence between announcements: what
 * `--sound FILE.wav` writes.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ALL_CLIPS, type ClipId } from "../../modules/announcer/clips.ts";
import { IMA_BLOCK_SAMPLES, decodeIma, imaBytesFor } from "../../modules/announcer/ima-adpcm.ts";
import { MAUD_HEADER_BYTES, readMaudHeader } from "../../modules/announcer/maud.ts";
import { SpeakerTimeline } from "../../modules/announcer/timeline.ts";
import { SOUNDS_DIR, buildSounds } from "../tools/sounds/build.ts";

export interface ClipSet {
	readonly sampleRate: number;
	readonly clips: ReadonlyMap<ClipId, Int16Array>;
}

/**
 * The install-time clips; made now (with a line on stderr) when a checkout never ran
 * `npm run sounds`, so the runner's speaker is never silently empty.
 */
export function loadInstalledClips(): ClipSet {
	try {
		return loadClips(SOUNDS_DIR);
	} catch (error) {
		if (!(error instanceof Error && error.message.includes("missing"))) throw error;
		console.warn(`${error.message}; making them now`);
		buildSounds();
		return loadClips(SOUNDS_DIR);
	}
}

/** The samples of one MAUD resource as AudioOut plays them (16-bit mono, PCM or IMA ADPCM in whole blocks). */
export function decodeMaud(bytes: Uint8Array, name: string): { sampleRate: number; samples: Int16Array } {
	const info = readMaudHeader(bytes, name);
	if (info.bitsPerSample !== 16 || info.channels !== 1) throw new TypeError(`${name}: not 16-bit mono`);
	if (info.format === "ima") {
		if (info.sampleCount % IMA_BLOCK_SAMPLES !== 0) throw new TypeError(`${name}: ${info.sampleCount} samples; AudioOut plays whole ${IMA_BLOCK_SAMPLES}-sample IMA blocks only`);
		if (bytes.length < MAUD_HEADER_BYTES + imaBytesFor(info.sampleCount)) throw new TypeError(`${name}: ${bytes.length} bytes, too short for ${info.sampleCount} IMA samples`);
		return { sampleRate: info.sampleRate, samples: decodeIma(bytes, MAUD_HEADER_BYTES, info.sampleCount) };
	}
	if (bytes.length < MAUD_HEADER_BYTES + info.sampleCount * 2) throw new TypeError(`${name}: ${bytes.length} bytes, too short for ${info.sampleCount} samples`);
	const view = new DataView(bytes.buffer, bytes.byteOffset + MAUD_HEADER_BYTES, info.sampleCount * 2);
	const samples = new Int16Array(info.sampleCount);
	for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(i * 2, true);
	return { sampleRate: info.sampleRate, samples };
}

/** Reads and decodes the generated clips from `dir`; a clear error when they were never made. */
export function loadClips(dir: string): ClipSet {
	const clips = new Map<ClipId, Int16Array>();
	let sampleRate = 0;
	for (const id of ALL_CLIPS) {
		let bytes: Uint8Array;
		try {
			bytes = readFileSync(join(dir, `${id}.maud`));
		} catch {
			throw new Error(`sound clip ${id}.maud missing in ${dir}: run \`npm run sounds\` (npm ci does it)`);
		}
		const clip = decodeMaud(bytes, `${id}.maud`);
		if (sampleRate !== 0 && clip.sampleRate !== sampleRate) throw new TypeError(`${id}.maud: ${clip.sampleRate} Hz, the others ${sampleRate} Hz`);
		sampleRate = clip.sampleRate;
		clips.set(id, clip.samples);
	}
	return { sampleRate, clips };
}

/** The runner's speaker: the shared timeline, with the samples to write the WAV. */
export class NodeSpeaker extends SpeakerTimeline {
	readonly #set: ClipSet;

	constructor(set: ClipSet, now: () => number) {
		super(set.sampleRate, (clip) => NodeSpeaker.#samplesOf(set, clip).length, now);
		this.#set = set;
	}

	/** Everything the speaker played, in order. */
	pcm(): Int16Array {
		const out = new Int16Array(this.totalSamples);
		let at = 0;
		for (const entry of this.played) {
			// A pause is the zeros the array starts with.
			if (entry.clip !== undefined) out.set(NodeSpeaker.#samplesOf(this.#set, entry.clip).subarray(0, entry.samples), at);
			at += entry.samples;
		}
		return out;
	}

	static #samplesOf(set: ClipSet, clip: ClipId): Int16Array {
		const samples = set.clips.get(clip);
		if (!samples) throw new RangeError(`unknown sound clip ${JSON.stringify(clip)}`);
		return samples;
	}
}
