/*
 * The device's speaker and status LED: the announcer (modules/announcer) and the LED's
 * pattern (modules/led), built by the device from the two outputs a platform hands in and
 * fed from the same events. A pending code's repeat runs on the device's own timers, set
 * for the moment it is due: it comes at the same device time on the board, in the
 * simulator and in every runner.
 */
import type { ActivationEvent } from "activation/events";
import type { TimerHandle, Timers } from "activation/interfaces";
import { Announcer, type AudioOutput } from "announcer/announcer";
import { StatusLed, type LedOutput } from "led/led";

/** How codes are read (the app's config.announceRepeatSeconds and config.announceCodeTwice). */
export interface AnnounceSettings {
	/** Say a pending code again this long after its readout ended; 0 (the default) never does. */
	readonly repeatEveryMs?: number;
	/** Read the code's digits a second time after the first (default true). */
	readonly readCodeTwice?: boolean;
}

export interface FeedbackParts extends AnnounceSettings {
	readonly audio?: AudioOutput;
	readonly led?: LedOutput;
	readonly timers: Timers;
	/** The build's language (zh-* speaks Mandarin, anything else English). */
	readonly language: string;
}

export class DeviceFeedback {
	readonly #announcer: Announcer | undefined;
	readonly #led: StatusLed | undefined;
	readonly #timers: Timers;
	#repeatTimer: TimerHandle | undefined;
	/** When the timer set for the repeat fires; undefined while none is set. */
	#repeatDueMs: number | undefined;

	constructor(parts: FeedbackParts) {
		const timers = parts.timers;
		this.#timers = timers;
		this.#announcer = parts.audio
			? new Announcer(parts.audio, { language: parts.language, now: () => timers.now(), repeatEveryMs: parts.repeatEveryMs, readCodeTwice: parts.readCodeTwice })
			: undefined;
		this.#led = parts.led ? new StatusLed(parts.led) : undefined;
	}

	/** Every flow event, after the screen. */
	onEvent(event: ActivationEvent): void {
		this.#announcer?.onEvent(event);
		this.#led?.onEvent(event);
		this.#scheduleRepeat();
	}

	/** Wi-Fi setup mode opened: the speaker says to join the hotspot and its last four characters. */
	setupMode(hotspot: string): void {
		this.#announcer?.sayHotspot(hotspot);
		this.#scheduleRepeat();
	}

	/**
	 * The run is over, whatever the outcome: the readout stops (but for the success chime and
	 * the readout it closes, which play out as the firmware's queued sounds do) and the LED goes dark.
	 */
	end(): void {
		this.#cancelRepeat();
		this.#announcer?.end();
		this.#led?.off();
	}

	/** A timer for the announcer's next repeat, when that moment changed (a countdown changes nothing: no timer is made). */
	#scheduleRepeat(): void {
		const due = this.#announcer?.repeatDueMs;
		if (due === this.#repeatDueMs) return;
		this.#cancelRepeat();
		if (due === undefined) return;
		this.#repeatDueMs = due;
		this.#repeatTimer = this.#timers.set(() => this.#repeat(), due - this.#timers.now());
	}

	#repeat(): void {
		this.#repeatTimer = undefined;
		this.#repeatDueMs = undefined;
		this.#announcer?.tick();
		this.#scheduleRepeat();
	}

	#cancelRepeat(): void {
		if (this.#repeatTimer !== undefined) this.#timers.clear(this.#repeatTimer);
		this.#repeatTimer = undefined;
		this.#repeatDueMs = undefined;
	}
}

Object.freeze(DeviceFeedback.prototype);
