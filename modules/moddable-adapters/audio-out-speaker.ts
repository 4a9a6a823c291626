/*
 * The board's speaker on Moddable's AudioOut (pins/audioout): each clip is the MAUD resource
 * `<clip>.maud` (IMA ADPCM, which AudioOut decodes as it plays), queued on stream 0, and a
 * pause is AudioOut's own silence (no flash). The I2S pins, the rate and the queue length
 * come from the manifest's `defines.audioOut`, so the clips must match them (24 kHz mono).
 * A volume change takes a place in the queue while something plays: with the queue full it
 * waits for the next stop or clip.
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
	#volumePending = false;
	#started = false;

	constructor(volumePercent: number) {
		this.#out = new AudioOut({});
		this.#volume = audioOutVolume(volumePercent);
		this.#out.enqueue(STREAM, AudioOut.Volume, this.#volume);
	}

	play(clip: ClipId): void {
		if (this.#volumePending) this.#enqueueVolume();
		this.#out.enqueue(STREAM, AudioOut.Samples, new Resource(`${clip}.maud`));
		if (!this.#started) {
			this.#out.start();
			this.#started = true;
		}
	}

	pause(ms: number): void {
		const frames = Math.round((ms * this.#out.sampleRate) / 1000);
		if (frames > 0) this.#out.enqueue(STREAM, AudioOut.Silence, frames);
	}

	stop(): void {
		this.#out.enqueue(STREAM, AudioOut.Flush);
		// With the queue empty AudioOut applies the volume at once.
		this.#enqueueVolume();
	}

	setVolume(percent: number): void {
		this.#volume = audioOutVolume(percent);
		this.#enqueueVolume();
	}

	#enqueueVolume(): void {
		this.#volumePending = this.#out.length(STREAM) === 0;
		if (!this.#volumePending) this.#out.enqueue(STREAM, AudioOut.Volume, this.#volume);
	}

	/** The clip's length from its header (the resource stays in flash; 12 bytes are copied). */
	clipMs(clip: ClipId): number {
		const name = `${clip}.maud`;
		return maudDurationMs(readMaudHeader(new Resource(name).slice(0, MAUD_HEADER_BYTES), name));
	}
}
