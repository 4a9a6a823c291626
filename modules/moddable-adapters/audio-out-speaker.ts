/*
 * The board's speaker on Moddable's AudioOut (pins/audioout): each clip is the MAUD resource
 * `<clip>.maud`, queued on stream 0. The I2S pins, the rate and the sample format come from
 * the manifest's `defines.audioOut`, so the clips must match them (24 kHz 16-bit mono).
 */
import AudioOut from "pins/audioout";
import Resource from "Resource";
import type { AudioOutput } from "announcer/announcer";
import type { ClipId } from "announcer/clips";
import { MAUD_HEADER_BYTES, maudDurationMs, readMaudHeader } from "announcer/maud";
import { audioOutVolume } from "announcer/volume";

const STREAM = 0;

export class AudioOutSpeaker implements AudioOutput {
	readonly #out: AudioOut;
	#volume: number;
	#started = false;

	constructor(volumePercent: number) {
		this.#out = new AudioOut({});
		this.#volume = audioOutVolume(volumePercent);
		this.#out.enqueue(STREAM, AudioOut.Volume, this.#volume);
	}

	play(clip: ClipId): void {
		this.#out.enqueue(STREAM, AudioOut.Samples, new Resource(`${clip}.maud`));
		if (!this.#started) {
			this.#out.start();
			this.#started = true;
		}
	}

	stop(): void {
		this.#out.enqueue(STREAM, AudioOut.Flush);
		this.#out.enqueue(STREAM, AudioOut.Volume, this.#volume);
	}

	setVolume(percent: number): void {
		this.#volume = audioOutVolume(percent);
		this.#out.enqueue(STREAM, AudioOut.Volume, this.#volume);
	}

	/** The clip's length from its header (the resource stays in flash; 12 bytes are copied). */
	clipMs(clip: ClipId): number {
		const name = `${clip}.maud`;
		return maudDurationMs(readMaudHeader(new Resource(name).slice(0, MAUD_HEADER_BYTES), name));
	}
}
