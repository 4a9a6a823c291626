/*
 * Stand-in for Moddable's "pins/audioout" on the board run: what the speaker was asked to
 * play, in order, as the console line `speaker: play <clip>` / `speaker: flush` (the board's
 * I2S output has nothing to capture here; the runner's own speaker is `--sound`).
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

	constructor(_options: Record<string, unknown>) {}

	enqueue(_stream: number, command: number, value?: unknown): void {
		if (command === AudioOut.Samples) trace(`speaker: play ${resourceName(value).replace(/\.maud$/, "")}\n`);
		else if (command === AudioOut.Flush) trace("speaker: flush\n");
	}

	start(): void {}
	stop(): void {}
	close(): void {}
}
