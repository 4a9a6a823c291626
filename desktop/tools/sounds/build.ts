/*
 * Makes the speaker's clips (see modules/announcer/clips.ts) as Moddable audio resources:
 * sounds/generated/<clip>.maud, IMA ADPCM at the board's 24 kHz (about a quarter of 16-bit
 * PCM; the board's AudioOut decodes it as it plays).
 *   prompts, digits and letters: spoken by Debian's espeak-ng (script.ts: the voices and the
 *     exact texts; a zh-CN clip read in any other language fails the build), resampled by sox;
 *   success and error: project-synthesized tones.
 * Every clip is trimmed, faded at both ends, brought to one loudness and encoded (shape.ts,
 * ima-encode.ts). The pauses of a readout are not in the clips: the announcer queues them.
 * Without espeak-ng or sox the build says so loudly and uses tones for the prompts and the
 * digits (one DTMF pair per digit) instead: never silence without a word.
 * Usage: node --import tsx desktop/tools/sounds/build.ts [--tones] (--tones: what a build without espeak-ng gets). `npm ci` runs it (postinstall); the clips
 * are not committed. sounds/generated.json records how each clip was made, its size and its figures.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ALL_CLIPS, ERROR_CLIP, SUCCESS_CLIP, SOUND_LANGUAGES, promptClip, setupPromptClip, type ClipId } from "../../../modules/announcer/clips.ts";
import { decodeIma } from "../../../modules/announcer/ima-adpcm.ts";
import { MAUD_HEADER_BYTES, writeMaudHeader } from "../../../modules/announcer/maud.ts";
import { encodeIma } from "./ima-encode.ts";
import { checkMandarin, spokenClips, type SpokenClip } from "./script.ts";
import { FADE_MS, TARGET_RMS_DB, activeRmsDb, peakDb, shapeClip } from "./shape.ts";
import { readWav } from "./wav.ts";
import { digitTone, errorBeep, promptTones, setupTones, successChime } from "./synth.ts";

/** The board's I2S rate (hosts/esp32s3/manifest.json defines.audioOut.sampleRate). */
export const SAMPLE_RATE = 24000;
export const SOUNDS_DIR = fileURLToPath(new URL("../../../sounds/generated/", import.meta.url));
export const SOUNDS_INFO = fileURLToPath(new URL("../../../sounds/generated.json", import.meta.url));
/** Flash budget for all clips together (300 KB). */
export const FLASH_BUDGET_BYTES = 300_000;

/** How one clip was made, and what came out. */
export interface ClipInfo {
	/** "espeak-ng 1.51" or "project tones". */
	readonly engine: string;
	readonly voice?: string;
	readonly speed?: number;
	/** Exactly the text the engine was given. */
	readonly text?: string;
	/** espeak-ng's phonemes for it (`-x`). */
	readonly phonemes?: string;
	/** The resource's size: its header and its IMA blocks. */
	readonly bytes: number;
	readonly ms: number;
	/** Active loudness and peak of the decoded clip, dBFS. */
	readonly rmsDb: number;
	readonly peakDb: number;
	/** Signal to coding noise of the IMA clip against the 16-bit one. */
	readonly snrDb: number;
}

export interface SoundsInfo {
	readonly source: string;
	readonly sampleRate: number;
	readonly format: "IMA ADPCM";
	readonly fadeMs: number;
	readonly targetRmsDb: number;
	/** What the clips take in the board build's flash: every resource's bytes. */
	readonly flashBytes: number;
	readonly budgetBytes: number;
	readonly clips: Readonly<Record<ClipId, ClipInfo>>;
}

export interface BuildOptions {
	readonly outDir?: string;
	readonly infoFile?: string;
	/** false: tones even when espeak-ng is there (what a machine without it gets). */
	readonly speech?: boolean;
}

function has(command: string): boolean {
	try {
		execFileSync(command, ["--version"], { stdio: "ignore" });
		return true;
	} catch {
		return false;
	}
}

/** espeak-ng → sox (24 kHz mono 16-bit, no dither: the same clips from every build) → samples, before shaping. */
function speak(work: string, spoken: SpokenClip): Int16Array {
	const raw = join(work, "raw.wav");
	const resampled = join(work, "resampled.wav");
	execFileSync("espeak-ng", ["-v", spoken.voice, "-s", String(spoken.speed), "-w", raw, spoken.text]);
	execFileSync("sox", [raw, "-D", "-r", String(SAMPLE_RATE), "-c", "1", "-b", "16", resampled]);
	const pcm = readWav(readFileSync(resampled), `${spoken.voice} "${spoken.text}"`);
	if (pcm.sampleRate !== SAMPLE_RATE || pcm.channels !== 1) throw new Error(`sox gave ${pcm.sampleRate} Hz × ${pcm.channels}`);
	return pcm.samples;
}

function maudBytes(samples: Int16Array): Uint8Array {
	const header = writeMaudHeader({ bitsPerSample: 16, sampleRate: SAMPLE_RATE, channels: 1, format: "ima", sampleCount: samples.length });
	const blocks = encodeIma(samples);
	const bytes = new Uint8Array(header.length + blocks.length);
	bytes.set(header);
	bytes.set(blocks, header.length);
	return bytes;
}

function toneClips(): Map<ClipId, Int16Array> {
	const clips = new Map<ClipId, Int16Array>();
	for (const spoken of spokenClips()) {
		const key = spoken.id.slice(spoken.id.indexOf("-") + 1).toUpperCase();
		if (key.length === 1) clips.set(spoken.id, digitTone(SAMPLE_RATE, key));
	}
	for (const language of SOUND_LANGUAGES) {
		clips.set(promptClip(language), promptTones(SAMPLE_RATE));
		clips.set(setupPromptClip(language), setupTones(SAMPLE_RATE));
	}
	return clips;
}

function snrDb(reference: Int16Array, decoded: Int16Array): number {
	let signal = 0;
	let noise = 0;
	for (let i = 0; i < reference.length; i++) {
		signal += reference[i]! ** 2;
		noise += (reference[i]! - decoded[i]!) ** 2;
	}
	return 10 * Math.log10(signal / Math.max(noise, 1));
}

/** Shapes, encodes and writes one clip; its figures. */
function writeClip(outDir: string, id: ClipId, raw: Int16Array, made: Omit<ClipInfo, "bytes" | "ms" | "rmsDb" | "peakDb" | "snrDb">): ClipInfo {
	const samples = shapeClip(raw, SAMPLE_RATE);
	const bytes = maudBytes(samples);
	const decoded = decodeIma(bytes, MAUD_HEADER_BYTES, samples.length);
	// Written whole then renamed: test processes that make the clips at once never read half a file.
	const partial = join(outDir, `.${id}.maud.${process.pid}`);
	writeFileSync(partial, bytes);
	renameSync(partial, join(outDir, `${id}.maud`));
	const round = (n: number) => Math.round(n * 10) / 10;
	return {
		...made,
		bytes: bytes.length,
		ms: Math.round((samples.length * 1000) / SAMPLE_RATE),
		rmsDb: round(activeRmsDb(decoded, SAMPLE_RATE)),
		peakDb: round(peakDb(decoded)),
		snrDb: round(snrDb(samples, decoded)),
	};
}

function espeakVersion(): string {
	return `espeak-ng ${execFileSync("espeak-ng", ["--version"]).toString().match(/text-to-speech:\s*([\d.]+)/)?.[1] ?? "?"}`;
}

export function buildSounds(options: BuildOptions = {}): SoundsInfo {
	const outDir = options.outDir ?? SOUNDS_DIR;
	const spoken = options.speech !== false && has("espeak-ng") && has("sox");
	if (!spoken)
		console.warn(
			"\n*** WARNING: espeak-ng or sox is missing (apt-get install espeak-ng sox).\n" +
				"*** The speaker will play TONES for the code (a chime, then one DTMF pair per digit), not speech.\n",
		);
	mkdirSync(outDir, { recursive: true });
	const table: Record<ClipId, ClipInfo> = {};
	if (spoken) {
		const engine = espeakVersion();
		const script = spokenClips();
		const phonemes = checkMandarin(script);
		const work = mkdtempSync(join(tmpdir(), "xiaozhi-sounds-"));
		try {
			for (const clip of script)
				table[clip.id] = writeClip(outDir, clip.id, speak(work, clip), { engine, voice: clip.voice, speed: clip.speed, text: clip.text, phonemes: phonemes.get(clip.id)! });
		} finally {
			rmSync(work, { recursive: true, force: true });
		}
	} else {
		for (const [id, samples] of toneClips()) table[id] = writeClip(outDir, id, samples, { engine: "project tones" });
	}
	table[SUCCESS_CLIP] = writeClip(outDir, SUCCESS_CLIP, successChime(SAMPLE_RATE), { engine: "project tones" });
	table[ERROR_CLIP] = writeClip(outDir, ERROR_CLIP, errorBeep(SAMPLE_RATE), { engine: "project tones" });

	const clips = Object.fromEntries(ALL_CLIPS.map((id) => [id, table[id]!]));
	const flashBytes = ALL_CLIPS.reduce((n, id) => n + table[id]!.bytes, 0);
	const source = spoken ? `${espeakVersion()} + sox` : "project tones (espeak-ng missing)";
	const info: SoundsInfo = { source, sampleRate: SAMPLE_RATE, format: "IMA ADPCM", fadeMs: FADE_MS, targetRmsDb: TARGET_RMS_DB, flashBytes, budgetBytes: FLASH_BUDGET_BYTES, clips };
	writeFileSync(options.infoFile ?? SOUNDS_INFO, `${JSON.stringify(info, null, "\t")}\n`);
	if (flashBytes > FLASH_BUDGET_BYTES) throw new Error(`the clips take ${flashBytes} bytes, over the ${FLASH_BUDGET_BYTES}-byte flash budget`);
	return info;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	const info = buildSounds({ speech: !process.argv.includes("--tones") });
	console.log(`wrote ${ALL_CLIPS.length} clips to sounds/generated/ (${info.source}): ${info.flashBytes} bytes of ${info.budgetBytes} budget`);
}
