/*
 * The board's speaker as the runner hears it: the clips the device queues, played one after
 * another against the device clock (virtual or real), and cut short where the device
 * stopped them. `pcm()` is everything that came out of the speaker, in order, with no
 * silence between announcements: what `--sound FILE.wav` writes.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ALL_CLIPS, type ClipId } from "../../modules/announcer/clips.ts";
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

/** Reads the generated clips (16-bit mono PCM MAUD) from `dir`; a clear error when they were never made. */
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
		const info = readMaudHeader(bytes, `${id}.maud`);
		if (info.bitsPerSample !== 16 || info.channels !== 1 || info.format !== "pcm") throw new TypeError(`${id}.maud: not 16-bit mono PCM`);
		if (sampleRate !== 0 && info.sampleRate !== sampleRate) throw new TypeError(`${id}.maud: ${info.sampleRate} Hz, the others ${sampleRate} Hz`);
		sampleRate = info.sampleRate;
		const view = new DataView(bytes.buffer, bytes.byteOffset + MAUD_HEADER_BYTES, info.sampleCount * 2);
		const samples = new Int16Array(info.sampleCount);
		for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(i * 2, true);
		clips.set(id, samples);
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
			out.set(NodeSpeaker.#samplesOf(this.#set, entry.clip).subarray(0, entry.samples), at);
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
