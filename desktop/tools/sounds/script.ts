/*
 * What each spoken clip says, in which voice: the texts and espeak-ng voices of the build,
 * and the check that a Mandarin clip is read as Mandarin. Debian's espeak-ng voice `cmn`
 * reads each Chinese character as pinyin with a tone number in its English voice ("七" is
 * "ki-ONE"); `cmn-latn-pinyin` reads the same characters as Mandarin. espeak-ng marks a
 * word it reads in another language's voice with that language, e.g. "(en)", in its
 * phoneme output (`-x`): a zh-CN clip must have none.
 */
import { execFileSync } from "node:child_process";
import { DIGITS, HEX_LETTERS, SOUND_LANGUAGES, digitClip, hexDigitClipAt, promptClip, setupPromptClip, type ClipId, type SoundLanguage } from "../../../modules/announcer/clips.ts";

export interface SpokenClip {
	readonly id: ClipId;
	readonly language: SoundLanguage;
	readonly engine: "espeak-ng";
	/** espeak-ng's -v. */
	readonly voice: string;
	/** espeak-ng's -s, words per minute. */
	readonly speed: number;
	/** Exactly what espeak-ng is given. */
	readonly text: string;
}

interface LanguageScript {
	readonly voice: string;
	/** Words per minute of the digits and letters, and of the prompts (a sentence can go faster than a digit to type). */
	readonly speed: number;
	readonly promptSpeed: number;
	readonly prompt: string;
	readonly setupPrompt: string;
	readonly digits: readonly string[];
	/** A to F, as a speaker of the language names the letters of a hexadecimal digit. */
	readonly letters: readonly string[];
}

const SCRIPT: Readonly<Record<SoundLanguage, LanguageScript>> = Object.freeze({
	"zh-CN": {
		voice: "cmn-latn-pinyin",
		speed: 150,
		promptSpeed: 165,
		prompt: "请到小智官网输入激活码",
		setupPrompt: "请用手机连接热点",
		digits: ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"],
		// The letter names as Mandarin speakers say them (诶 ei, 比 bi, 西 xi, 迪 di, 伊 yi, 艾弗 aifu).
		letters: ["诶", "比", "西", "迪", "伊", "艾弗"],
	},
	"en-US": {
		// A Klatt-synthesis variant: of espeak-ng's en-us variants, one a digit recognizer hears
		// every digit of, at every speed tried and after the clips' trim, fades and IMA coding
		// (the default voice's "seven" and "eight" are heard as "two", klatt3's "one" as "five").
		voice: "en-us+edward",
		speed: 150,
		promptSpeed: 165,
		prompt: "Enter this code at xiaozhi dot me",
		setupPrompt: "Connect your phone to the hotspot",
		digits: ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"],
		letters: ["A", "B", "C", "D", "E", "F"],
	},
});

function clip(language: SoundLanguage, id: ClipId, text: string, speed = SCRIPT[language].speed): SpokenClip {
	return Object.freeze({ id, language, engine: "espeak-ng", voice: SCRIPT[language].voice, speed, text });
}

/** Every spoken clip of the build, in ALL_CLIPS order. */
export function spokenClips(): SpokenClip[] {
	const clips: SpokenClip[] = [];
	for (const language of SOUND_LANGUAGES) {
		const script = SCRIPT[language];
		clips.push(clip(language, promptClip(language), script.prompt, script.promptSpeed), clip(language, setupPromptClip(language), script.setupPrompt, script.promptSpeed));
		for (const digit of DIGITS) clips.push(clip(language, digitClip(language, digit)!, script.digits[Number(digit)]!));
		for (let i = 0; i < HEX_LETTERS.length; i++) clips.push(clip(language, hexDigitClipAt(language, HEX_LETTERS.charCodeAt(i))!, script.letters[i]!));
	}
	return clips;
}

/** espeak-ng's phonemes for `text` in `voice` (`-x`), one line. */
export function phonemes(voice: string, text: string): string {
	return execFileSync("espeak-ng", ["-q", "-x", "-v", voice, text]).toString().replace(/\s+/g, " ").trim();
}

/** The languages espeak-ng switched to while reading `text` ("(en)" → "en"); none for a clip read in its own language. */
export function languageSwitches(phonemeText: string): string[] {
	return [...phonemeText.matchAll(/\(([a-z]{2,3}(?:-[a-z0-9]+)?)\)/gi)].map((match) => match[1]!);
}

/** Throws when a zh-CN clip's phonemes fall back to another language: the build must not ship English inside Mandarin. */
export function checkMandarin(clips: readonly SpokenClip[]): Map<ClipId, string> {
	const read = new Map<ClipId, string>();
	const wrong: string[] = [];
	for (const spoken of clips) {
		const text = phonemes(spoken.voice, spoken.text);
		read.set(spoken.id, text);
		const switches = spoken.language === "zh-CN" ? languageSwitches(text) : [];
		if (switches.length > 0) wrong.push(`${spoken.id} "${spoken.text}" (${spoken.voice}): ${text}`);
	}
	if (wrong.length > 0) throw new Error(`zh-CN clips read in another language by espeak-ng:\n  ${wrong.join("\n  ")}`);
	return read;
}
