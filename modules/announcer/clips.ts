/*
 * The clips the speaker can play and their names. A clip id is also the name of its
 * Moddable resource (`<id>.maud`), generated at install time by tools/sounds/build.ts.
 */

export type SoundLanguage = "zh-CN" | "en-US";

export type ClipId = string;

const LANGUAGE_PREFIX: Readonly<Record<SoundLanguage, string>> = Object.freeze({ "zh-CN": "zh", "en-US": "en" });

export const SOUND_LANGUAGES: readonly SoundLanguage[] = Object.freeze(["zh-CN", "en-US"] as SoundLanguage[]);
export const DIGITS = "0123456789";

/** A short rising chime once the device is activated (the firmware's success.ogg). */
export const SUCCESS_CLIP: ClipId = "success";
/** A low double beep on a failure screen (the firmware's exclamation.ogg). */
export const ERROR_CLIP: ClipId = "error";

/** Any zh-* build speaks Mandarin; every other language falls back to en-US, as the firmware's locales do. */
export function soundLanguageFor(language: string): SoundLanguage {
	return language.toLowerCase().startsWith("zh") ? "zh-CN" : "en-US";
}

export function promptClip(language: SoundLanguage): ClipId {
	return `${LANGUAGE_PREFIX[language]}-prompt`;
}

/** The clip for one character of a code; undefined for a non-digit (skipped, as the firmware does). */
export function digitClip(language: SoundLanguage, character: string): ClipId | undefined {
	if (character.length !== 1 || !DIGITS.includes(character)) return undefined;
	return `${LANGUAGE_PREFIX[language]}-${character}`;
}

function clipsOf(language: SoundLanguage): ClipId[] {
	return [promptClip(language), ...Array.from(DIGITS, (d) => `${LANGUAGE_PREFIX[language]}-${d}`)];
}

/** Every clip a build must carry: 2 × (prompt + 10 digits) + success + error. */
export const ALL_CLIPS: readonly ClipId[] = Object.freeze([...clipsOf("zh-CN"), ...clipsOf("en-US"), SUCCESS_CLIP, ERROR_CLIP]);
