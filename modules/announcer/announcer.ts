/*
 * Decides what the speaker says and when, from the flow's events: the prompt and the code
 * when a code is first shown or replaced, optionally again every N seconds while it is
 * pending, a success chime once activated and an error beep on a failure screen.
 * Countdown ticks, re-sent codes and attempts say nothing. A code is read at a pace a
 * person can type along with: the prompt, a breath, the digits in groups of three with a
 * pause between the groups, one digit every `digitSlotMs`; then (unless configured off)
 * the whole code once more. The pauses are queued as silence, not stored in the clips.
 * It knows each clip's length, so a new announcement cuts the one still playing (a
 * readout never plays over itself). Once activated, the chime is queued after the readout
 * still playing, as the official firmware queues its sounds: a code entered quickly is still
 * read to its end, then the chime says it worked.
 */
import type { ActivationEvent } from "activation/events";
import { ERROR_CLIP, SUCCESS_CLIP, digitClipAt, hexDigitClipAt, promptClip, setupPromptClip, soundLanguageFor, type ClipId, type SoundLanguage } from "announcer/clips";

/** The speaker, as the announcer sees it. */
export interface AudioOutput {
	/** Queues `clip` after whatever is queued. */
	play(clip: ClipId): void;
	/** Queues `ms` of silence after whatever is queued. */
	pause(ms: number): void;
	/** Stops what is playing at once and drops the queue. */
	stop(): void;
	/** How long `clip` plays, in ms (the board's adapter reads it from the clip's header). */
	clipMs(clip: ClipId): number;
}

/**
 * The most items (clips and pauses) one code readout queues: the board's AudioOut queue holds 32
 * (defines.audioOut.queueLength): one is left for the success chime queued after it, two for volume changes.
 */
export const MAX_QUEUED_ITEMS = 29;

/** How a code is paced, per language (onset to onset, so short and long digits keep one rhythm). */
export interface ReadoutPace {
	/** Silence between the prompt and the first digit. */
	readonly afterPromptMs: number;
	/** From one digit's start to the next one's, within a group. */
	readonly digitSlotMs: number;
	/** Added between two groups of three. */
	readonly groupPauseMs: number;
	/** Silence before the code is read the second time. */
	readonly againPauseMs: number;
	/** The least silence between two digits, whatever their length. */
	readonly minGapMs: number;
}

/** Prompt + six digits last about 10.4 s in zh-CN and 11.4 s in en-US, close to the official firmware's clips (10.6 s, 11.7 s). */
export const READOUT_PACE: Readonly<Record<SoundLanguage, ReadoutPace>> = Object.freeze({
	"zh-CN": Object.freeze({ afterPromptMs: 900, digitSlotMs: 1050, groupPauseMs: 600, againPauseMs: 1500, minGapMs: 300 }),
	"en-US": Object.freeze({ afterPromptMs: 1000, digitSlotMs: 1400, groupPauseMs: 800, againPauseMs: 1500, minGapMs: 300 }),
});

/** Digits in a group: a code is read 3 + 3. */
const GROUP = 3;
/** The hotspot's characters said in setup mode: its last four (the SoftAP MAC's last two bytes). */
const HOTSPOT_TAIL = 4;
/** Called on the string, not read from it: on XS each property read on a string primitive makes a String wrapper. */
const { charCodeAt, slice } = String.prototype;

export interface AnnouncerOptions {
	/** The build's language (zh-* speaks Mandarin, anything else English). */
	readonly language: string;
	/** The device clock, in ms. */
	readonly now: () => number;
	/** Say a pending code again this long after the last readout ended; 0 (the default) never does. */
	readonly repeatEveryMs?: number;
	/** Read the code's digits a second time after the first (default true). */
	readonly readCodeTwice?: boolean;
}

/** Digits of `code` that are read out: letters and other characters are skipped, as the firmware does. */
function digitCount(language: SoundLanguage, code: string): number {
	let count = 0;
	for (let i = 0, unit = charCodeAt.call(code, 0); unit >= 0; unit = charCodeAt.call(code, ++i)) if (digitClipAt(language, unit) !== undefined) count++;
	return count;
}

/** The clips that say `code` once: the prompt, then one clip per digit (pauses left out); other characters are skipped as the firmware does. */
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
	readonly #repeatEveryMs: number;
	readonly #readCodeTwice: boolean;
	#language: SoundLanguage;
	/** The code being announced while it is pending; undefined once the flow moved on. */
	#code: string | undefined;
	/** Device time at which what the announcer queued has finished playing. */
	#speakingUntilMs = Number.NEGATIVE_INFINITY;
	/** The success chime is queued: what plays now ends the announcements and may play out. */
	#closing = false;

	constructor(audio: AudioOutput, options: AnnouncerOptions) {
		const repeat = options.repeatEveryMs ?? 0;
		if (!(Number.isFinite(repeat) && repeat >= 0)) throw new RangeError(`repeatEveryMs must be a number of ms >= 0, got ${repeat}`);
		this.#audio = audio;
		this.#now = options.now;
		this.#repeatEveryMs = repeat;
		this.#readCodeTwice = options.readCodeTwice ?? true;
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
				this.#sayAfter(SUCCESS_CLIP);
				return;
			default:
				return;
		}
	}

	/**
	 * Wi-Fi setup mode opened: "connect your phone to the hotspot", then the hotspot's last
	 * four characters (`Xiaozhi-84B9`: 8, 4, B, 9) at the code's pace, once.
	 */
	sayHotspot(hotspot: string): void {
		this.#interrupt();
		this.#closing = false;
		this.#code = undefined;
		const language = this.#language;
		const pace = READOUT_PACE[language];
		this.#queue(setupPromptClip(language));
		const tail: string = slice.call(hotspot, -HOTSPOT_TAIL);
		this.#pause(pace.afterPromptMs);
		this.#sayDigits(tail, HOTSPOT_TAIL, pace, hexDigitClipAt);
	}

	/** Device time at which a pending code is read again (repeatEveryMs after its readout ended); undefined when none will be. */
	get repeatDueMs(): number | undefined {
		if (this.#repeatEveryMs === 0 || this.#code === undefined) return undefined;
		return this.#speakingUntilMs + this.#repeatEveryMs;
	}

	/** Reads a pending code again once its repeat is due (see repeatDueMs); before that, does nothing. */
	tick(): void {
		const due = this.repeatDueMs;
		if (due !== undefined && this.#now() >= due) this.#sayCode(this.#code!);
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

	/** The run is over: nothing more is said; what plays is cut, unless it ends with the success chime. */
	end(): void {
		if (this.#closing) this.#code = undefined;
		else this.stop();
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
		this.#speakingUntilMs += this.#audio.clipMs(clip);
	}

	#pause(ms: number): void {
		this.#audio.pause(ms);
		this.#speakingUntilMs += ms;
	}

	#sayOne(clip: ClipId): void {
		this.#interrupt();
		this.#closing = false;
		this.#queue(clip);
	}

	/** Queues `clip` after whatever still plays (nothing is cut). */
	#sayAfter(clip: ClipId): void {
		const now = this.#now();
		if (this.#speakingUntilMs < now) this.#speakingUntilMs = now;
		this.#closing = true;
		this.#queue(clip);
	}

	/** The prompt and the code (twice when configured and it fits the queue), with no array or string made on the way. */
	#sayCode(code: string): void {
		this.#interrupt();
		this.#closing = false;
		const language = this.#language;
		const pace = READOUT_PACE[language];
		const digits = digitCount(language, code);
		const twice = this.#readCodeTwice && 4 * digits + 1 <= MAX_QUEUED_ITEMS;
		const spoken = twice ? digits : Math.min(digits, (MAX_QUEUED_ITEMS - 1) >> 1);
		this.#queue(promptClip(language));
		if (spoken === 0) return;
		this.#pause(pace.afterPromptMs);
		this.#sayDigits(code, spoken, pace);
		if (!twice) return;
		this.#pause(pace.againPauseMs);
		this.#sayDigits(code, spoken, pace);
	}

	/** The first `count` digits of `code`, one every digitSlotMs, a pause between groups of three. */
	#sayDigits(code: string, count: number, pace: ReadoutPace, clipAt: (language: SoundLanguage, unit: number) => ClipId | undefined = digitClipAt): void {
		let said = 0;
		let previous: ClipId | undefined;
		for (let i = 0, unit = charCodeAt.call(code, 0); unit >= 0 && said < count; unit = charCodeAt.call(code, ++i)) {
			const clip = clipAt(this.#language, unit);
			if (clip === undefined) continue;
			if (previous !== undefined) {
				const gap = pace.digitSlotMs - this.#audio.clipMs(previous);
				this.#pause((gap > pace.minGapMs ? gap : pace.minGapMs) + (said % GROUP === 0 ? pace.groupPauseMs : 0));
			}
			this.#queue(clip);
			previous = clip;
			said++;
		}
	}
}

Object.freeze(Announcer.prototype);
