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
import { SOUNDS_DIR, buildSounds } from "../../tools/sounds/build.ts";

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

/** One clip as it came out of the speaker. */
export interface PlayedClip {
	readonly clip: ClipId;
	/** Device-clock ms when it started. */
	readonly startMs: number;
	/** Samples actually played: all of them unless the device stopped it. */
	samples: number;
	/** True when a stop cut it short. */
	cut: boolean;
}

/** Enough for hours of announcements; past it the oldest are dropped (bounded memory). */
const MAX_PLAYED = 20_000;

export class SpeakerTimeline {
	readonly #set: ClipSet;
	readonly #now: () => number;
	readonly #played: PlayedClip[] = [];
	#queueEndMs = Number.NEGATIVE_INFINITY;
	#dropped = 0;

	constructor(set: ClipSet, now: () => number) {
		this.#set = set;
		this.#now = now;
	}

	clipMs(clip: ClipId): number {
		return ((this.#samplesOf(clip).length * 1000) / this.#set.sampleRate);
	}

	play(clip: ClipId): PlayedClip {
		const samples = this.#samplesOf(clip);
		const startMs = Math.max(this.#now(), this.#queueEndMs);
		const entry: PlayedClip = { clip, startMs, samples: samples.length, cut: false };
		if (this.#played.length >= MAX_PLAYED) {
			this.#played.shift();
			this.#dropped++;
		}
		this.#played.push(entry);
		this.#queueEndMs = startMs + this.clipMs(clip);
		return entry;
	}

	/** Cuts what is playing at the device's now and drops what has not started. */
	stop(): void {
		const now = this.#now();
		while (this.#played.length > 0) {
			const last = this.#played[this.#played.length - 1]!;
			if (last.startMs + this.clipMs(last.clip) <= now) break;
			if (last.startMs >= now) {
				this.#played.pop();
				continue;
			}
			last.samples = Math.floor(((now - last.startMs) * this.#set.sampleRate) / 1000);
			last.cut = true;
			break;
		}
		this.#queueEndMs = now;
	}

	get played(): readonly PlayedClip[] {
		return this.#played;
	}

	/** Clips dropped from the start to keep memory bounded. */
	get dropped(): number {
		return this.#dropped;
	}

	get sampleRate(): number {
		return this.#set.sampleRate;
	}

	/** Everything the speaker played, in order. */
	pcm(): Int16Array {
		const out = new Int16Array(this.#played.reduce((n, p) => n + p.samples, 0));
		let at = 0;
		for (const entry of this.#played) {
			out.set(this.#samplesOf(entry.clip).subarray(0, entry.samples), at);
			at += entry.samples;
		}
		return out;
	}

	#samplesOf(clip: ClipId): Int16Array {
		const samples = this.#set.clips.get(clip);
		if (!samples) throw new RangeError(`unknown sound clip ${JSON.stringify(clip)}`);
		return samples;
	}
}
