/*
 * The self-test as one list of checks over what a host provides (SelfTestParts): the modem
 * (bring-up, 4 KB echo at 115200 and 921600), NVS, the OLED test pattern, a tone on the
 * speaker, the LED and the BOOT button. A part a host lacks makes its check "needs the
 * board"; the board provides them all. The checks that need a person (look, listen, press)
 * come last, each with a prompt on the OLED.
 */
import type { KeyValueStore } from "activation/interfaces";
import type { SerialPort } from "ml307/io";
import type { Timers } from "activation/interfaces";
import type { Frame } from "screens/frame";
import type { Check, Verdict } from "self-test/checks";
import { testPatternFrame, textFrame } from "self-test/frames";
import { modemChecks, type LinkFigures } from "self-test/modem";
import { nvsRoundTrip } from "self-test/nvs";

export interface SelfTestModem {
	readonly port: SerialPort;
	readonly figures?: () => LinkFigures | undefined;
	readonly probeTimeoutMs?: number;
}

export interface SelfTestParts {
	readonly timers: Timers;
	readonly store: KeyValueStore;
	/** A fresh text for the NVS probe (from the RNG or the clock). */
	readonly token: () => string;
	readonly screen?: { show(frame: Frame): void };
	readonly modem?: SelfTestModem;
	/** Plays a tone; resolves when it has played. */
	readonly speaker?: { tone(hz: number, ms: number): Promise<void> };
	/** Shows a colour (0-255 each), or off with 0, 0, 0. */
	readonly led?: { show(red: number, green: number, blue: number): void };
	/** Resolves true at the next press, false when `ms` passed without one. */
	readonly button?: { waitForPress(ms: number): Promise<boolean> };
}

export interface SelfTestConfig {
	readonly echoUrl: string;
	readonly buttonWaitMs: number;
	readonly patternMs: number;
	readonly bringUpMs?: number;
}

/** A public echo that answers JSON with the body in "data"; `mcconfig … echoUrl=<url>` picks another. */
export const DEFAULT_ECHO_URL = "https://postman-echo.com/post";
const DEFAULTS = Object.freeze({ buttonWaitMs: 20_000, patternMs: 3000 });

function positive(value: unknown, fallback: number): number {
	const number = typeof value === "string" ? Number(value) : value;
	return typeof number === "number" && Number.isFinite(number) && number > 0 ? number : fallback;
}

/** The self-test's settings from mc/config (mcconfig key=value); a URL the modem cannot use fails the echo checks with the reason. */
export function readSelfTestConfig(config: Readonly<Record<string, unknown>>): SelfTestConfig {
	const echoUrl = typeof config.echoUrl === "string" && config.echoUrl !== "" ? config.echoUrl : DEFAULT_ECHO_URL;
	return {
		echoUrl,
		buttonWaitMs: positive(config.buttonWaitMs, DEFAULTS.buttonWaitMs),
		patternMs: positive(config.patternMs, DEFAULTS.patternMs),
		...(config.bringUpMs !== undefined ? { bringUpMs: positive(config.bringUpMs, 120_000) } : {}),
	};
}

const TONE_HZ = 1000;
const TONE_MS = 500;
const LED_STEP_MS = 400;
const LED_COLORS: readonly (readonly [string, number, number, number])[] = Object.freeze([
	Object.freeze(["red", 64, 0, 0] as const),
	Object.freeze(["green", 0, 64, 0] as const),
	Object.freeze(["blue", 0, 0, 64] as const),
]);

function pause(timers: Timers, ms: number): Promise<void> {
	return new Promise((resolve) => void timers.set(resolve, ms));
}

function needs(name: string, why: string): Check {
	return { name, why };
}

function modemPart(parts: SelfTestParts, config: SelfTestConfig): Check[] {
	const modem = parts.modem;
	if (!modem) return [needs("modem", "no modem UART on this host"), needs("uart 115200", "no modem UART on this host"), needs("uart 921600", "no modem UART on this host")];
	return modemChecks({ ...modem, timers: parts.timers, echoUrl: config.echoUrl, ...(config.bringUpMs ? { bringUpMs: config.bringUpMs } : {}) });
}

function screenCheck(parts: SelfTestParts, config: SelfTestConfig): Check {
	const screen = parts.screen;
	if (!screen) return needs("oled", "no screen on this host");
	return {
		name: "oled",
		async run(): Promise<Verdict> {
			screen.show(testPatternFrame());
			await pause(parts.timers, config.patternMs);
			return { ok: true, detail: "test pattern drawn: look for a border on all 4 edges, a block and TOP LEFT top left, squares left, stripes right" };
		},
	};
}

function personChecks(parts: SelfTestParts, config: SelfTestConfig): Check[] {
	const { speaker, led, button, timers } = parts;
	const prompt = (rows: readonly string[]): void => parts.screen?.show(textFrame(rows));
	return [
		speaker
			? {
					name: "speaker",
					async run(): Promise<Verdict> {
						prompt(["SPEAKER", `listen: ${TONE_HZ} Hz tone`]);
						await speaker.tone(TONE_HZ, TONE_MS);
						return { ok: true, detail: `${TONE_HZ} Hz for ${TONE_MS} ms played (listen)` };
					},
				}
			: needs("speaker", "no speaker on this host"),
		led
			? {
					name: "led",
					async run(): Promise<Verdict> {
						prompt(["LED", "look: red, green, blue"]);
						for (const [, red, green, blue] of LED_COLORS) {
							led.show(red, green, blue);
							await pause(timers, LED_STEP_MS);
						}
						led.show(0, 0, 0);
						return { ok: true, detail: `red, green, blue ${LED_STEP_MS} ms each, then off (look)` };
					},
				}
			: needs("led", "no LED on this host"),
		button
			? {
					name: "button",
					timeoutMs: config.buttonWaitMs + 1000,
					async run(): Promise<Verdict> {
						prompt(["BUTTON", `press BOOT within ${config.buttonWaitMs / 1000} s`]);
						const pressed = await button.waitForPress(config.buttonWaitMs);
						return pressed ? { ok: true, detail: "BOOT press seen (GPIO0 low)" } : { ok: false, detail: `no BOOT press within ${config.buttonWaitMs / 1000} s` };
					},
				}
			: needs("button", "no BOOT button on this host"),
	];
}

export function selfTestChecks(parts: SelfTestParts, config: SelfTestConfig): Check[] {
	return [
		...modemPart(parts, config),
		{ name: "nvs", run: () => Promise.resolve(nvsRoundTrip(parts.store, parts.token())) },
		screenCheck(parts, config),
		...personChecks(parts, config),
	];
}
