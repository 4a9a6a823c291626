/*
 * Stand-in for Moddable's "pins/audioout" on the board run: what the speaker was asked to
 * play, in order, as the console lines `speaker: play <clip>`, `speaker: silence <frames>` and
 * `speaker: flush` (the board's I2S output has nothing to capture here: Node keeps the
 * speaker's timeline from these lines, the runner's own speaker is `--sound`).
 */
import { resourceName } from "./resource.ts";

export default class AudioOut {
	static readonly Samples = 1;
	static readonly Flush = 2;
	static readonly Callback = 3;
	static readonly Volume = 4;
	static readonly RawSamples = 5;
	static readonly Tone = 6;
	static readonly Silence = 7;

	/** The board's defines.audioOut.sampleRate. */
	readonly sampleRate = 24000;

	constructor(_options: Record<string, unknown>) {}

	enqueue(_stream: number, command: number, value?: unknown): void {
		if (command === AudioOut.Samples) trace(`speaker: play ${resourceName(value).replace(/\.maud$/, "")}\n`);
		else if (command === AudioOut.Flush) trace("speaker: flush\n");
		else if (command === AudioOut.Silence) {
			// As the SDK's C: silence needs a count of frames.
			if (!(typeof value === "number" && value >= 1)) throw new Error("invalid count");
			trace(`speaker: silence ${value}\n`);
		}
	}

	/** Free places in the queue: this stand-in plays nothing, so the whole queue (defines.audioOut.queueLength). */
	length(_stream: number): number {
		return 32;
	}

	start(): void {}
	stop(): void {}
	close(): void {}
}
