/*
 * Decides what the speaker says and when, from the flow's events: the prompt and the
 * digits when a code is first shown or replaced, optionally again every N seconds while it
 * is pending, a success chime once activated and an error beep on a failure screen.
 * Countdown ticks, re-sent codes and attempts say nothing. It knows each clip's length, so
 * a new announcement cuts the one still playing (a readout never plays over itself).
 */
import type { ActivationEvent } from "activation/events";
import { ERROR_CLIP, SUCCESS_CLIP, digitClipAt, promptClip, soundLanguageFor, type ClipId, type SoundLanguage } from "announcer/clips";

/** The speaker, as the announcer sees it. */
export interface AudioOutput {
	/** Queues `clip` after whatever is queued. */
	play(clip: ClipId): void;
	/** Stops what is playing at once and drops the queue. */
	stop(): void;
}

export interface AnnouncerOptions {
	/** The build's language (zh-* speaks Mandarin, anything else English). */
	readonly language: string;
	/** The device clock, in ms. */
	readonly now: () => number;
	/** How long `clip` plays, in ms (the audio adapter reads it from the clip's header). */
	readonly clipMs: (clip: ClipId) => number;
	/** Say a pending code again this long after the last readout ended; 0 (the default) never does. */
	readonly repeatEveryMs?: number;
}

/** The clips that say `code`: the prompt, then one clip per digit; other characters are skipped as the firmware does. */
export function readoutClips(language: SoundLanguage, code: string): ClipId[] {
	const clips = [promptClip(language)];
	for (let i = 0; i < code.length; i++) {
		const clip = digitClipAt(language, code.charCodeAt(i));
		if (clip !== undefined) clips.push(clip);
	}
	return clips;
}

export class Announcer {
	readonly #audio: AudioOutput;
	readonly #now: () => number;
	readonly #clipMs: (clip: ClipId) => number;
	readonly #repeatEveryMs: number;
	#language: SoundLanguage;
	/** The code being announced while it is pending; undefined once the flow moved on. */
	#code: string | undefined;
	/** Device time at which what the announcer queued has finished playing. */
	#speakingUntilMs = Number.NEGATIVE_INFINITY;

	constructor(audio: AudioOutput, options: AnnouncerOptions) {
		const repeat = options.repeatEveryMs ?? 0;
		if (!(Number.isFinite(repeat) && repeat >= 0)) throw new RangeError(`repeatEveryMs must be a number of ms >= 0, got ${repeat}`);
		this.#audio = audio;
		this.#now = options.now;
		this.#clipMs = options.clipMs;
		this.#repeatEveryMs = repeat;
		this.#language = soundLanguageFor(options.language);
	}

	/** Speaks the following readouts in `language` (a language switch). */
	setLanguage(language: string): void {
		this.#language = soundLanguageFor(language);
	}

	onEvent(event: ActivationEvent): void {
		switch (event.type) {
			case "code":
				// The flow re-sends the same code at every check: only a new code is read out.
				if (event.code !== this.#code) {
					this.#code = event.code;
					this.#sayCode(event.code);
				}
				return;
			case "check-failed":
				// With a code on screen a failed re-check only changes its status line: no failure screen.
				if (this.#code === undefined) this.#sayOne(ERROR_CLIP);
				return;
			case "gave-up":
				this.#code = undefined;
				this.#sayOne(ERROR_CLIP);
				return;
			case "activated":
				this.#code = undefined;
				this.#sayOne(SUCCESS_CLIP);
				return;
			default:
				return;
		}
	}

	/** Call now and then (each second is enough): repeats a pending code when that is configured. */
	tick(): void {
		if (this.#repeatEveryMs === 0 || this.#code === undefined) return;
		if (this.#now() >= this.#speakingUntilMs + this.#repeatEveryMs) this.#sayCode(this.#code);
	}

	/** True while something the announcer queued is still playing. */
	get speaking(): boolean {
		return this.#now() < this.#speakingUntilMs;
	}

	/** Silence at once (the flow was stopped). */
	stop(): void {
		this.#code = undefined;
		if (this.speaking) this.#audio.stop();
		this.#speakingUntilMs = Number.NEGATIVE_INFINITY;
	}

	/** Cuts what the announcer queued if it still plays; returns now. */
	#interrupt(): number {
		const now = this.#now();
		if (now < this.#speakingUntilMs) this.#audio.stop();
		this.#speakingUntilMs = now;
		return now;
	}

	#queue(clip: ClipId): void {
		this.#audio.play(clip);
		this.#speakingUntilMs += this.#clipMs(clip);
	}

	#sayOne(clip: ClipId): void {
		this.#interrupt();
		this.#queue(clip);
	}

	/** The prompt and the code's digits, with no array or string made on the way (see readoutClips). */
	#sayCode(code: string): void {
		this.#interrupt();
		const language = this.#language;
		this.#queue(promptClip(language));
		for (let i = 0; i < code.length; i++) {
			const clip = digitClipAt(language, code.charCodeAt(i));
			if (clip !== undefined) this.#queue(clip);
		}
	}
}

Object.freeze(Announcer.prototype);
