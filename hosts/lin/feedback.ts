/*
 * The simulator's speaker and LED: what the board's speaker would play is kept on a
 * timeline and written as one WAV file (speaker.wav under config.file.root) when the flow
 * ends; each LED pattern goes to the log as "LED <name>".
 */
import config from "mc/config";
import Resource from "Resource";
import { File } from "file";
import type { ClipId } from "announcer/clips";
import { createFeedback, type DeviceFeedback } from "announcer/feedback";
import { MAUD_HEADER_BYTES, readMaudHeader } from "announcer/maud";
import { SpeakerTimeline } from "announcer/timeline";
import { wavHeader } from "announcer/wav";
import type { PlatformContext } from "moddable-adapters/platform";

const SAMPLE_RATE = 24000;
/** Bytes copied from a clip resource to the file at a time: the chunk heap is the board's 64 KB, a clip up to 200 KB. */
const COPY_BYTES = 4096;

function sampleCount(clip: ClipId): number {
	const name = `${clip}.maud`;
	return readMaudHeader(new Resource(name).slice(0, MAUD_HEADER_BYTES), name).sampleCount;
}

function writeWav(path: string, timeline: SpeakerTimeline): void {
	if (File.exists(path)) File.delete(path);
	const file = new File(path, true);
	try {
		file.write(wavHeader(SAMPLE_RATE, 1, timeline.totalSamples * 2).buffer as ArrayBuffer);
		for (const played of timeline.played) {
			const clip = new Resource(`${played.clip}.maud`);
			const end = MAUD_HEADER_BYTES + played.samples * 2;
			for (let at = MAUD_HEADER_BYTES; at < end; at += COPY_BYTES) file.write(clip.slice(at, Math.min(end, at + COPY_BYTES)));
		}
	} finally {
		file.close();
	}
}

export function startFeedback(context: PlatformContext): DeviceFeedback {
	const { clock, log } = context;
	const timeline = new SpeakerTimeline(SAMPLE_RATE, sampleCount, () => clock.now());
	const feedback = createFeedback(
		{ play: (clip) => void timeline.play(clip), stop: () => timeline.stop() },
		{ show: (pattern) => trace(`LED ${pattern.name}${pattern.mode === "blink" ? ` (blink ${pattern.blinkMs} ms)` : ""}\n`) },
		{ language: context.config.language, now: () => clock.now(), clipMs: (clip) => timeline.clipMs(clip) },
	);
	return Object.freeze({
		onEvent(event) {
			feedback.onEvent(event);
			feedback.tick();
		},
		tick: feedback.tick,
		end(): void {
			feedback.end();
			const root = (config as { file?: { root?: string } }).file?.root ?? "/tmp/";
			const path = `${root}speaker.wav`;
			writeWav(path, timeline);
			log.info(`speaker: ${timeline.played.length} clips, ${(timeline.totalSamples / SAMPLE_RATE).toFixed(2)} s written to ${path}`);
		},
	} satisfies DeviceFeedback);
}
