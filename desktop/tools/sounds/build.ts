/*
 * Makes the speaker's clips (see modules/announcer/clips.ts) as Moddable audio resources:
 * sounds/generated/<clip>.maud, 16-bit mono PCM at the board's 24 kHz.
 *   prompt and digits: spoken by Debian's espeak-ng (Mandarin voice `cmn` for zh-CN, `en-us`
 *     for en-US), trimmed of leading/trailing silence and normalized by sox, a fixed pause added;
 *   success and error: project-synthesized tones.
 * Without espeak-ng or sox the build says so loudly and uses tones for the prompt and the
 * digits (one DTMF pair per digit) instead: never silence without a word.
 * Usage: node --import tsx desktop/tools/sounds/build.ts [--tones] (--tones: what a build without espeak-ng gets). `npm ci` runs it (postinstall); the clips
 * are not committed. sounds/generated.json records how they were made and their sizes.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ALL_CLIPS, DIGITS, SOUND_LANGUAGES, digitClip, promptClip, type ClipId, type SoundLanguage } from "../../../modules/announcer/clips.ts";
import { writeMaudHeader } from "../../../modules/announcer/maud.ts";
import { readWav } from "./wav.ts";
import { concat, digitTone, errorBeep, promptTones, silence, successChime } from "./synth.ts";

/** The board's I2S rate (hosts/esp32s3/manifest.json defines.audioOut.sampleRate). */
export const SAMPLE_RATE = 24000;
export const SOUNDS_DIR = fileURLToPath(new URL("../../../sounds/generated/", import.meta.url));
export const SOUNDS_INFO = fileURLToPath(new URL("../../../sounds/generated.json", import.meta.url));
/** Flash budget for all 24 clips together. */
export const FLASH_BUDGET_BYTES = 1024 * 1024;

const VOICE: Readonly<Record<SoundLanguage, { voice: string; speed: number; prompt: string; digits: readonly string[] }>> = Object.freeze({
	"zh-CN": { voice: "cmn", speed: 175, prompt: "请到小智官网输入激活码", digits: ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"] },
	"en-US": { voice: "en-us", speed: 175, prompt: "Enter this code at xiaozhi dot me", digits: ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"] },
});
/** Pause after each clip, so a readout is not one breathless word. */
const PROMPT_PAUSE_MS = 400;
const DIGIT_PAUSE_MS = 180;

function has(command: string): boolean {
	try {
		execFileSync(command, ["--version"], { stdio: "ignore" });
		return true;
	} catch {
		return false;
	}
}

/** espeak-ng → sox (24 kHz mono 16-bit, silence trimmed at both ends, normalized to -1 dBFS) → samples. */
function speak(work: string, language: SoundLanguage, text: string, pauseMs: number): Int16Array {
	const { voice, speed } = VOICE[language];
	const raw = join(work, "raw.wav");
	const clean = join(work, "clean.wav");
	execFileSync("espeak-ng", ["-v", voice, "-s", String(speed), "-w", raw, text]);
	execFileSync("sox", [raw, "-r", String(SAMPLE_RATE), "-c", "1", "-b", "16", clean, "silence", "1", "0.01", "0.5%", "reverse", "silence", "1", "0.01", "0.5%", "reverse", "norm", "-1"]);
	const pcm = readWav(readFileSync(clean), `${voice} "${text}"`);
	if (pcm.sampleRate !== SAMPLE_RATE || pcm.channels !== 1) throw new Error(`sox gave ${pcm.sampleRate} Hz × ${pcm.channels}`);
	return concat([pcm.samples, silence(SAMPLE_RATE, pauseMs)]);
}

function maudBytes(samples: Int16Array): Uint8Array {
	const header = writeMaudHeader({ bitsPerSample: 16, sampleRate: SAMPLE_RATE, channels: 1, format: "pcm", sampleCount: samples.length });
	const bytes = new Uint8Array(header.length + samples.length * 2);
	bytes.set(header);
	const view = new DataView(bytes.buffer);
	samples.forEach((sample, i) => view.setInt16(header.length + i * 2, sample, true));
	return bytes;
}

export interface SoundsInfo {
	readonly source: string;
	readonly sampleRate: number;
	readonly totalBytes: number;
	readonly budgetBytes: number;
	readonly clips: Readonly<Record<ClipId, { readonly bytes: number; readonly ms: number }>>;
}

export interface BuildOptions {
	readonly outDir?: string;
	readonly infoFile?: string;
	/** false: tones even when espeak-ng is there (what a machine without it gets). */
	readonly speech?: boolean;
}

export function buildSounds(options: BuildOptions = {}): SoundsInfo {
	const outDir = options.outDir ?? SOUNDS_DIR;
	const spoken = options.speech !== false && has("espeak-ng") && has("sox");
	if (!spoken)
		console.warn(
			"\n*** WARNING: espeak-ng or sox is missing (apt-get install espeak-ng sox).\n" +
				"*** The speaker will play TONES for the code (a chime, then one DTMF pair per digit), not speech.\n",
		);
	const clips = new Map<ClipId, Int16Array>();
	const work = mkdtempSync(join(tmpdir(), "xiaozhi-sounds-"));
	try {
		for (const language of SOUND_LANGUAGES) {
			const voice = VOICE[language];
			clips.set(promptClip(language), spoken ? speak(work, language, voice.prompt, PROMPT_PAUSE_MS) : promptTones(SAMPLE_RATE));
			for (const digit of DIGITS) {
				const id = digitClip(language, digit)!;
				clips.set(id, spoken ? speak(work, language, voice.digits[Number(digit)]!, DIGIT_PAUSE_MS) : digitTone(SAMPLE_RATE, digit));
			}
		}
	} finally {
		rmSync(work, { recursive: true, force: true });
	}
	clips.set("success", successChime(SAMPLE_RATE));
	clips.set("error", errorBeep(SAMPLE_RATE));

	mkdirSync(outDir, { recursive: true });
	const table: Record<ClipId, { bytes: number; ms: number }> = {};
	let totalBytes = 0;
	for (const id of ALL_CLIPS) {
		const samples = clips.get(id);
		if (!samples) throw new Error(`no samples for clip ${id}`);
		const bytes = maudBytes(samples);
		// Written whole then renamed: test processes that make the clips at once never read half a file.
		const partial = join(outDir, `.${id}.maud.${process.pid}`);
		writeFileSync(partial, bytes);
		renameSync(partial, join(outDir, `${id}.maud`));
		table[id] = { bytes: bytes.length, ms: Math.round((samples.length * 1000) / SAMPLE_RATE) };
		totalBytes += bytes.length;
	}
	const source = spoken ? `espeak-ng (${execFileSync("espeak-ng", ["--version"]).toString().trim().split(/\s+/).slice(0, 4).join(" ")}) + sox` : "project tones (espeak-ng missing)";
	const info: SoundsInfo = { source, sampleRate: SAMPLE_RATE, totalBytes, budgetBytes: FLASH_BUDGET_BYTES, clips: table };
	writeFileSync(options.infoFile ?? SOUNDS_INFO, `${JSON.stringify(info, null, "\t")}\n`);
	if (totalBytes > FLASH_BUDGET_BYTES) throw new Error(`the clips take ${totalBytes} bytes, over the ${FLASH_BUDGET_BYTES}-byte flash budget`);
	return info;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	const info = buildSounds({ speech: !process.argv.includes("--tones") });
	console.log(`wrote ${ALL_CLIPS.length} clips to sounds/generated/ (${info.source}): ${info.totalBytes} bytes of ${info.budgetBytes} budget`);
}
