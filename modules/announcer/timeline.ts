/*
 * What came out of a speaker, clip by clip: queued clips and pauses play one after another
 * against a clock and a stop cuts the one playing and drops the rest. Hosts without a real
 * speaker (the runner, the Moddable simulator) keep one to write the sound file afterwards.
 */
import type { ClipId } from "announcer/clips";

/** One clip (or a pause) as it came out of the speaker. */
export interface PlayedClip {
	/** undefined: a pause (silence). */
	readonly clip: ClipId | undefined;
	/** Clock ms when it started: the clips and pauses queued before it have played by then. */
	readonly startMs: number;
	/** Sample frames actually played: all of them unless a stop cut it. */
	samples: number;
	cut: boolean;
}

export class SpeakerTimeline {
	readonly #sampleRate: number;
	readonly #sampleCount: (clip: ClipId) => number;
	readonly #now: () => number;
	readonly #maxPlayed: number;
	readonly #played: PlayedClip[] = [];
	#queueEndMs = Number.NEGATIVE_INFINITY;
	#dropped = 0;

	/** Past `maxPlayed` clips the oldest are dropped (bounded memory). */
	constructor(sampleRate: number, sampleCount: (clip: ClipId) => number, now: () => number, maxPlayed = 20_000) {
		this.#sampleRate = sampleRate;
		this.#sampleCount = sampleCount;
		this.#now = now;
		this.#maxPlayed = maxPlayed;
	}

	get sampleRate(): number {
		return this.#sampleRate;
	}

	clipMs(clip: ClipId): number {
		return (this.#sampleCount(clip) * 1000) / this.#sampleRate;
	}

	/** Queues `clip`; the entry says when it starts playing. */
	play(clip: ClipId): PlayedClip {
		return this.#append(clip, this.#sampleCount(clip));
	}

	/** Queues `ms` of silence. */
	pause(ms: number): PlayedClip {
		return this.#append(undefined, Math.round((ms * this.#sampleRate) / 1000));
	}

	#append(clip: ClipId | undefined, samples: number): PlayedClip {
		const startMs = Math.max(this.#now(), this.#queueEndMs);
		const entry: PlayedClip = { clip, startMs, samples, cut: false };
		if (this.#played.length >= this.#maxPlayed) {
			this.#played.shift();
			this.#dropped++;
		}
		this.#played.push(entry);
		this.#queueEndMs = startMs + (samples * 1000) / this.#sampleRate;
		return entry;
	}

	#endMs(entry: PlayedClip): number {
		return entry.startMs + (entry.samples * 1000) / this.#sampleRate;
	}

	/** Cuts what is playing at the clock's now and drops what has not started. */
	stop(): void {
		const now = this.#now();
		while (this.#played.length > 0) {
			const last = this.#played[this.#played.length - 1]!;
			if (this.#endMs(last) <= now) break;
			if (last.startMs >= now) {
				this.#played.pop();
				continue;
			}
			last.samples = Math.floor(((now - last.startMs) * this.#sampleRate) / 1000);
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

	/** Clips (not pauses) played. */
	get clipCount(): number {
		return this.#played.reduce((n, p) => n + (p.clip === undefined ? 0 : 1), 0);
	}

	/** Sample frames in everything played, pauses included. */
	get totalSamples(): number {
		return this.#played.reduce((n, p) => n + p.samples, 0);
	}
}

Object.freeze(SpeakerTimeline.prototype);
