/*
 * The clips the speaker can play and their names. A clip id is also the name of its
 * Moddable resource (`<id>.maud`), generated at install time by desktop/tools/sounds/build.ts.
 */

export type SoundLanguage = "zh-CN" | "en-US";

export type ClipId = string;

const LANGUAGE_PREFIX: Readonly<Record<SoundLanguage, string>> = Object.freeze({ "zh-CN": "zh", "en-US": "en" });

export const SOUND_LANGUAGES: readonly SoundLanguage[] = Object.freeze(["zh-CN", "en-US"] as SoundLanguage[]);
export const DIGITS = "0123456789";
/** The letters of a hexadecimal digit; an activation code's letters are still skipped. */
export const HEX_LETTERS = "ABCDEF";

/** A short rising chime once the device is activated (the firmware's success.ogg). */
export const SUCCESS_CLIP: ClipId = "success";
/** A low double beep on a failure screen (the firmware's exclamation.ogg). */
export const ERROR_CLIP: ClipId = "error";

/** Any zh-* build speaks Mandarin; every other language falls back to en-US, as the firmware's locales do. */
export function soundLanguageFor(language: string): SoundLanguage {
	return language.toLowerCase().startsWith("zh") ? "zh-CN" : "en-US";
}

interface LanguageClips {
	readonly prompt: ClipId;
	readonly setupPrompt: ClipId;
	readonly digits: readonly ClipId[];
	readonly letters: readonly ClipId[];
}

function tableFor(language: SoundLanguage): LanguageClips {
	const prefix = LANGUAGE_PREFIX[language];
	return Object.freeze({
		prompt: `${prefix}-prompt`,
		setupPrompt: `${prefix}-setup`,
		digits: Object.freeze(Array.from(DIGITS, (d) => `${prefix}-${d}`)),
		letters: Object.freeze(Array.from(HEX_LETTERS, (l) => `${prefix}-${l.toLowerCase()}`)),
	});
}

/** Made once, so a readout allocates no clip names. */
const CLIP_TABLE: Readonly<Record<SoundLanguage, LanguageClips>> = Object.freeze({ "zh-CN": tableFor("zh-CN"), "en-US": tableFor("en-US") });

export function promptClip(language: SoundLanguage): ClipId {
	return CLIP_TABLE[language].prompt;
}

/** The clip for the UTF-16 code unit `code` of a code; undefined for a non-digit (skipped, as the firmware does). */
export function digitClipAt(language: SoundLanguage, code: number): ClipId | undefined {
	return code >= 0x30 && code <= 0x39 ? CLIP_TABLE[language].digits[code - 0x30] : undefined;
}

/** "Connect your phone to the hotspot": what the speaker says when the device opens its setup hotspot (Wi-Fi setup mode). */
export function setupPromptClip(language: SoundLanguage): ClipId {
	return CLIP_TABLE[language].setupPrompt;
}

/** The clip for the UTF-16 code unit `code` of a hexadecimal digit (0-9, A-F, a-f); undefined otherwise. */
export function hexDigitClipAt(language: SoundLanguage, code: number): ClipId | undefined {
	if (code >= 0x30 && code <= 0x39) return CLIP_TABLE[language].digits[code - 0x30];
	const upper = code >= 0x61 && code <= 0x66 ? code - 0x20 : code;
	return upper >= 0x41 && upper <= 0x46 ? CLIP_TABLE[language].letters[upper - 0x41] : undefined;
}

/** The clip for one character of a code; undefined for a non-digit (skipped, as the firmware does). */
export function digitClip(language: SoundLanguage, character: string): ClipId | undefined {
	return character.length === 1 ? digitClipAt(language, character.charCodeAt(0)) : undefined;
}

function clipsOf(language: SoundLanguage): ClipId[] {
	const table = CLIP_TABLE[language];
	return [table.prompt, table.setupPrompt, ...table.digits, ...table.letters];
}

/** Every clip a build must carry: 2 × (prompt + setup prompt + 10 digits + 6 letters) + success + error. */
export const ALL_CLIPS: readonly ClipId[] = Object.freeze([...clipsOf("zh-CN"), ...clipsOf("en-US"), SUCCESS_CLIP, ERROR_CLIP]);
