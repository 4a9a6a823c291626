/*
 * Stand-in for the SDK's "pins/audioout" ($(MODULES)/pins/i2s/audioout.c, audioout.js), the
 * output being the host's (its defines.audioOut, and what it is told). As the C:
 *   - the options are checked: sampleRate 8000-48000 ("invalid sample rate"), 1 or 2
 *     channels ("bad numChannels"), 8 or 16 bits ("bad bitsPerSample"), 1 to the build's
 *     streams ("bad streamCount"), each defaulting to the build's defines;
 *   - each stream has a queue of defines.audioOut.queueLength elements: every kind but Flush
 *     is refused with "queue full" when it is full, before anything else is looked at;
 *     length(stream) is the free places; a stream out of range is RangeError "invalid stream";
 *   - Samples take a host buffer (a Resource; an ArrayBuffer is "non-relocatable block
 *     required") with a MAUD header: "bad header", "format doesn't match output",
 *     "rate/channels doesn't match output", "unsupported compression", "buffer too small";
 *     IMA ADPCM plays whole 129-frame blocks;
 *   - Silence of 0 frames is "invalid count"; Volume takes effect at once on an empty queue
 *     and takes a place otherwise; Callback takes a place; another kind is "bad kind";
 *   - Flush empties the queue.
 * Playback: once started, the queue plays on the host's timeline at the output's rate,
 * elements leaving it as they finish (volumes apply when reached); stopped, it holds. The
 * host is told each element as it is queued, each volume as it takes effect, each flush,
 * start and stop. Stricter than the SDK: no SBC (the board has none).
 */
import type SdkAudioOut from "pins/audioout";
import { hostPart, standinHost, type AudioDefines, type AudioEvent } from "./host.ts";
import { hostBufferOf } from "./resource.ts";

const IMA_BLOCK_BYTES = 68;
const IMA_BLOCK_FRAMES = 129;
const MAUD_HEADER_BYTES = 12;

type Element = { kind: "samples" | "silence"; frames: number } | { kind: "volume"; volume: number } | { kind: "callback"; id: number };

function toInteger(value: unknown): number {
	return Number(value) | 0;
}

function option(options: Record<string, unknown>, name: string, fallback: number): number {
	return name in options ? toInteger(options[name]) : fallback;
}

class AudioOut {
	static readonly Samples = 1;
	static readonly Flush = 2;
	static readonly Callback = 3;
	static readonly Volume = 4;
	static readonly RawSamples = 5;
	static readonly Tone = 6;
	static readonly Silence = 7;

	readonly sampleRate: number;
	readonly numChannels: number;
	readonly bitsPerSample: number;
	readonly streams: number;
	callback: ((id: number) => void) | undefined;
	readonly #queues: Element[][];
	readonly #volumes: number[];
	readonly #defines: AudioDefines;
	#playing = false;
	/** Timeline ms up to which the queue has played. */
	#playedTo = 0;

	constructor(options: Record<string, unknown>) {
		if (typeof options !== "object" || options === null) throw new SyntaxError("no options");
		const audio = hostPart("audio", "AudioOut");
		const defines = audio.defines;
		this.#defines = defines;
		this.sampleRate = option(options, "sampleRate", defines.sampleRate);
		if (this.sampleRate < 8000 || this.sampleRate > 48000) throw new RangeError("invalid sample rate");
		this.numChannels = option(options, "numChannels", defines.numChannels);
		if (this.numChannels !== 1 && this.numChannels !== 2) throw new RangeError("bad numChannels");
		this.bitsPerSample = option(options, "bitsPerSample", defines.bitsPerSample);
		if (this.bitsPerSample !== 8 && this.bitsPerSample !== 16) throw new RangeError("bad bitsPerSample");
		this.streams = option(options, "streams", defines.streams);
		if (this.streams < 1 || this.streams > defines.streams) throw new RangeError("bad streamCount");
		this.#queues = Array.from({ length: this.streams }, () => []);
		this.#volumes = Array.from({ length: this.streams }, () => 256);
		audio.opened?.(this);
	}

	enqueue(stream: number, kind: number, value?: unknown): void {
		const queue = this.#queue(stream);
		this.#play();
		// The C keeps the kind in a uint8_t.
		const what = toInteger(kind) & 0xff;
		if (what !== AudioOut.Flush && queue.length === this.#defines.queueLength) throw new Error("queue full");
		switch (what) {
			case AudioOut.Samples:
				return void queue.push({ kind: "samples", frames: this.#samples(value) });
			case AudioOut.Silence: {
				const frames = toInteger(value);
				if (frames === 0) throw new Error("invalid count");
				this.#told({ kind: "silence", frames });
				return void queue.push({ kind: "silence", frames: frames < 0 ? Infinity : frames });
			}
			case AudioOut.Volume: {
				const volume = toInteger(value);
				if (queue.length === 0) this.#setVolume(toInteger(stream), volume);
				else queue.push({ kind: "volume", volume });
				return;
			}
			case AudioOut.Callback:
				return void queue.push({ kind: "callback", id: toInteger(value) });
			case AudioOut.Flush:
				queue.length = 0;
				return this.#told({ kind: "flush" });
			default:
				throw new Error("bad kind");
		}
	}

	length(stream: number): number {
		const queue = this.#queue(stream);
		this.#play();
		return this.#defines.queueLength - queue.length;
	}

	start(): void {
		this.#play();
		if (!this.#playing) this.#playedTo = standinHost().timeline.now;
		this.#playing = true;
		this.#told({ kind: "start" });
	}

	stop(): void {
		this.#play();
		this.#playing = false;
		this.#told({ kind: "stop" });
	}

	close(): void {
		this.#playing = false;
		for (const queue of this.#queues) queue.length = 0;
	}

	#queue(stream: number): Element[] {
		const index = toInteger(stream);
		const queue = this.#queues[index];
		if (index < 0 || !queue) throw new RangeError("invalid stream");
		return queue;
	}

	#told(event: AudioEvent): void {
		standinHost().audio?.told?.(event);
	}

	/** A volume takes effect (told to the host as it does). */
	#setVolume(stream: number, volume: number): void {
		this.#volumes[stream] = volume;
		this.#told({ kind: "volume", volume });
	}

	/** The frames of a MAUD clip, or the C's error for it. */
	#samples(value: unknown): number {
		const buffer = hostBufferOf(value);
		if (!buffer) throw new Error("non-relocatable block required");
		const { bytes } = buffer;
		if (bytes.length < MAUD_HEADER_BYTES || bytes[0] !== 0x6d || bytes[1] !== 0x61 || bytes[2] !== 1) throw new Error("bad header");
		const view = new DataView(bytes.buffer, bytes.byteOffset, MAUD_HEADER_BYTES);
		const bits = bytes[3]!;
		const rate = view.getUint16(4, true);
		const channels = bytes[6]!;
		const format = bytes[7]!;
		const count = view.getUint32(8, true);
		if (format === 0 && bits !== this.bitsPerSample) throw new Error("format doesn't match output");
		if (rate !== this.sampleRate || channels !== this.numChannels) throw new Error("rate/channels doesn't match output");
		if (format !== 0 && format !== 1 && format !== 2) throw new Error("unsupported compression");
		if (count === 0) throw new Error("invalid offset");
		if (format === 2) throw new Error("unsupported compression: this stand-in plays no SBC");
		const data = bytes.length - MAUD_HEADER_BYTES;
		const inBuffer = format === 1 ? Math.floor(data / IMA_BLOCK_BYTES) * IMA_BLOCK_FRAMES : Math.floor(data / ((this.bitsPerSample * this.numChannels) >> 3));
		if (count > inBuffer) throw new Error("buffer too small");
		const frames = format === 1 ? Math.floor(count / IMA_BLOCK_FRAMES) * IMA_BLOCK_FRAMES : count;
		this.#told({ kind: "samples", name: buffer.name, frames });
		return frames;
	}

	/** Plays the queue up to now: finished elements leave it, volumes apply when reached. */
	#play(): void {
		const now = standinHost().timeline.now;
		if (!this.#playing) return;
		const frames = Math.floor(((now - this.#playedTo) * this.sampleRate) / 1000);
		this.#playedTo += (frames * 1000) / this.sampleRate;
		this.#queues.forEach((queue, stream) => {
			let left = frames;
			while (queue.length > 0) {
				const head = queue[0]!;
				if (head.kind === "volume") this.#setVolume(stream, head.volume);
				else if (head.kind === "callback") this.callback?.(head.id);
				else {
					if (left <= 0) break;
					const used = Math.min(left, head.frames);
					head.frames -= used;
					left -= used;
					if (head.frames > 0) break;
				}
				queue.shift();
			}
		});
	}
}
Object.freeze(AudioOut.prototype);

// Typed as the SDK's API as the project declares it (typings/audioout.d.ts).
export default AudioOut as unknown as typeof SdkAudioOut;
