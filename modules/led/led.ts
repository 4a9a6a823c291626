/*
 * What the board's single RGB LED shows, decided from the flow's events the way the
 * official firmware's SingleLed does for the same device states: blue fast blink while
 * starting, green blink at 500 ms while activating, dark once the flow has ended (the
 * firmware's idle). The adapter does the blinking; this only says which pattern.
 */
import type { ActivationEvent } from "activation/events";

export interface LedPattern {
	readonly mode: "off" | "on" | "blink";
	/** 0-255 per channel; the firmware drives the LED at brightness 4 of 255. */
	readonly color: { readonly red: number; readonly green: number; readonly blue: number };
	/** Half period of a blink: on this long, then off this long. 0 unless blinking. */
	readonly blinkMs: number;
	/** A name for logs and the runner's `led` events. */
	readonly name: "off" | "starting" | "activating";
}

/** The LED port: shows a pattern until told another. */
export interface LedOutput {
	show(pattern: LedPattern): void;
}

const BRIGHTNESS = 4;

export const LED_OFF: LedPattern = Object.freeze({ mode: "off", color: Object.freeze({ red: 0, green: 0, blue: 0 }), blinkMs: 0, name: "off" });
/** Before the flow: the firmware's `starting` (network bring-up). */
export const LED_STARTING: LedPattern = Object.freeze({
	mode: "blink",
	color: Object.freeze({ red: 0, green: 0, blue: BRIGHTNESS }),
	blinkMs: 100,
	name: "starting",
});
/** The firmware's `activating`: from the first check until the flow ends. */
export const LED_ACTIVATING: LedPattern = Object.freeze({
	mode: "blink",
	color: Object.freeze({ red: 0, green: BRIGHTNESS, blue: 0 }),
	blinkMs: 500,
	name: "activating",
});

/** Every pattern the LED shows, each in its own colour (a run that sees only the pixel names the pattern by it). */
export const LED_PATTERNS: readonly LedPattern[] = Object.freeze([LED_OFF, LED_STARTING, LED_ACTIVATING]);

/** The pattern (of LED_PATTERNS) that shows this colour; undefined for any other. */
export function ledPatternOfColor(red: number, green: number, blue: number): LedPattern | undefined {
	for (const pattern of LED_PATTERNS) {
		const color = pattern.color;
		if (color.red === red && color.green === green && color.blue === blue) return pattern;
	}
	return undefined;
}

/** The pattern after `event`; `previous` itself when the event changes nothing. */
export function ledPatternFor(previous: LedPattern, event: ActivationEvent): LedPattern {
	switch (event.type) {
		case "activated":
		case "gave-up":
			return LED_OFF;
		default:
			return previous === LED_ACTIVATING ? previous : LED_ACTIVATING;
	}
}

/** Drives a LedOutput from the events, telling it only when the pattern changes. */
export class StatusLed {
	readonly #output: LedOutput;
	#pattern: LedPattern;

	constructor(output: LedOutput, initial: LedPattern = LED_STARTING) {
		this.#output = output;
		this.#pattern = initial;
		output.show(initial);
	}

	get pattern(): LedPattern {
		return this.#pattern;
	}

	onEvent(event: ActivationEvent): void {
		this.#set(ledPatternFor(this.#pattern, event));
	}

	/** Dark: the flow ended without an event (stopped) or the device is shutting down. */
	off(): void {
		this.#set(LED_OFF);
	}

	#set(pattern: LedPattern): void {
		if (pattern === this.#pattern) return;
		this.#pattern = pattern;
		this.#output.show(pattern);
	}
}

Object.freeze(StatusLed.prototype);
