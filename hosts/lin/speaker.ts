/*
 * The simulator's speaker and LED outputs (the device's announcer and LED pattern drive
 * them, as on the board): what the board's speaker would play is kept on a timeline and
 * written as one WAV file (speaker.wav under config.file.root) when the run ends, the
 * board's IMA ADPCM clips decoded by the project's decoder and the pauses as silence; each
 * LED pattern goes to the log as "LED <name>".
 */
import config from "mc/config";
import Resource from "Resource";
import { File } from "file";
import type { Log, Timers } from "activation/interfaces";
import type { AudioOutput } from "announcer/announcer";
import type { ClipId } from "announcer/clips";
import { IMA_BLOCK_BYTES, IMA_BLOCK_SAMPLES, decodeImaBlock } from "announcer/ima-adpcm";
import { MAUD_HEADER_BYTES, readMaudHeader } from "announcer/maud";
import { SpeakerTimeline } from "announcer/timeline";
import { wavHeader } from "announcer/wav";
import type { LedOutput, LedPattern } from "led/led";

const SAMPLE_RATE = 24000;
/** IMA blocks decoded and written at a time: the chunk heap is the board's 64 KB. */
const BLOCKS_PER_WRITE = 8;
const SAMPLES_PER_WRITE = BLOCKS_PER_WRITE * IMA_BLOCK_SAMPLES;

function sampleCount(clip: ClipId): number {
	const name = `${clip}.maud`;
	const info = readMaudHeader(new Resource(name).slice(0, MAUD_HEADER_BYTES), name);
	if (info.format !== "ima" || info.bitsPerSample !== 16 || info.channels !== 1 || info.sampleRate !== SAMPLE_RATE) throw new TypeError(`${name}: not the board's 16-bit mono IMA ADPCM at ${SAMPLE_RATE} Hz`);
	return info.sampleCount;
}

/** Writes the first `count` samples of `pcm` (whole when count is its length). */
function writeSamples(file: File, pcm: Int16Array, count: number): void {
	file.write(count === pcm.length ? (pcm.buffer as ArrayBuffer) : (pcm.buffer as ArrayBuffer).slice(0, count * 2));
}

/** Decodes `samples` samples of the clip, a few blocks at a time through `pcm`. */
function writeClip(file: File, clip: ClipId, samples: number, pcm: Int16Array): void {
	const resource = new Resource(`${clip}.maud`);
	for (let done = 0; done < samples; done += SAMPLES_PER_WRITE) {
		const first = MAUD_HEADER_BYTES + (done / IMA_BLOCK_SAMPLES) * IMA_BLOCK_BYTES;
		const count = Math.min(SAMPLES_PER_WRITE, samples - done);
		const bytes = new Uint8Array(resource.slice(first, first + Math.ceil(count / IMA_BLOCK_SAMPLES) * IMA_BLOCK_BYTES));
		for (let at = 0; at < count; at += IMA_BLOCK_SAMPLES) decodeImaBlock(bytes, (at / IMA_BLOCK_SAMPLES) * IMA_BLOCK_BYTES, pcm, at, count - at);
		writeSamples(file, pcm, count);
	}
}

function writeWav(path: string, timeline: SpeakerTimeline): void {
	if (File.exists(path)) File.delete(path);
	const file = new File(path, true);
	const pcm = new Int16Array(SAMPLES_PER_WRITE);
	const silence = new Int16Array(SAMPLES_PER_WRITE);
	try {
		file.write(wavHeader(SAMPLE_RATE, 1, timeline.totalSamples * 2).buffer as ArrayBuffer);
		for (const played of timeline.played) {
			if (played.clip !== undefined) writeClip(file, played.clip, played.samples, pcm);
			else for (let done = 0; done < played.samples; done += SAMPLES_PER_WRITE) writeSamples(file, silence, Math.min(SAMPLES_PER_WRITE, played.samples - done));
		}
	} finally {
		file.close();
	}
}

/** The simulator's speaker: what it is given goes on a timeline, written as one WAV file at the end. */
export class TimelineSpeaker implements AudioOutput {
	readonly #timeline: SpeakerTimeline;

	constructor(timers: Timers) {
		this.#timeline = new SpeakerTimeline(SAMPLE_RATE, sampleCount, () => timers.now());
	}

	play(clip: ClipId): void {
		this.#timeline.play(clip);
	}

	pause(ms: number): void {
		this.#timeline.pause(ms);
	}

	stop(): void {
		this.#timeline.stop();
	}

	clipMs(clip: ClipId): number {
		return this.#timeline.clipMs(clip);
	}

	/** Writes what was played, whole (a readout still queued included), as `speaker.wav` under config.file.root. */
	writeWav(log: Log): void {
		const timeline = this.#timeline;
		const root = (config as { file?: { root?: string } }).file?.root ?? "/tmp/";
		const path = `${root}speaker.wav`;
		writeWav(path, timeline);
		log.info(`speaker: ${timeline.clipCount} clips, ${(timeline.totalSamples / SAMPLE_RATE).toFixed(2)} s written to ${path}`);
	}
}

/** The simulator's status LED: each pattern it is told to show is traced as `LED <name>`. */
export const tracedLed: LedOutput = Object.freeze({
	show(pattern: LedPattern): void {
		trace(`LED ${pattern.name}${pattern.mode === "blink" ? ` (blink ${pattern.blinkMs} ms)` : ""}\n`);
	},
});

Object.freeze(TimelineSpeaker.prototype);
