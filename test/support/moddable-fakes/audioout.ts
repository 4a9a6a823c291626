/*
 * Fake of Moddable's "pins/audioout" ($(MODULES)/pins/i2s/audioout.c) with the C's rules: a
 * queue of defines.audioOut.queueLength elements per stream ("queue full"), a MAUD header
 * checked against the output's rate and channels, IMA ADPCM played in whole 129-sample
 * blocks, silence of at least one frame, a volume applied at once when the queue is empty
 * and queued otherwise. `advance(frames)` plays the queue as the I2S task would.
 */
const IMA_BLOCK_BYTES = 68;
const IMA_BLOCK_SAMPLES = 129;

type Element = { kind: "samples"; name: string; frames: number } | { kind: "silence"; frames: number } | { kind: "volume"; volume: number };

interface Buffer {
	slice(begin: number, end?: number): ArrayBuffer;
	readonly byteLength: number;
}

export default class AudioOut {
	static readonly Samples = 1;
	static readonly Flush = 2;
	static readonly Callback = 3;
	static readonly Volume = 4;
	static readonly Silence = 7;
	/** The board's defines.audioOut; a test sets queueLength from the manifest. */
	static defines = { sampleRate: 24000, numChannels: 1, bitsPerSample: 16, streams: 1, queueLength: 32 };
	/** The last AudioOut made (the adapter makes one). */
	static last: AudioOut | undefined;

	readonly queue: Element[] = [];
	/** Every clip enqueued (its resource path), in order. */
	readonly enqueued: string[] = [];
	/** Each volume as it took effect. */
	readonly volumes: number[] = [];
	volume = 256;
	started = false;

	constructor(_options: Record<string, unknown>) {
		AudioOut.last = this;
	}

	get sampleRate(): number {
		return AudioOut.defines.sampleRate;
	}

	enqueue(stream: number, kind: number, value?: unknown): void {
		if (!(stream >= 0 && stream < AudioOut.defines.streams)) throw new RangeError("invalid stream");
		if (kind !== AudioOut.Flush && this.queue.length === AudioOut.defines.queueLength) throw new Error("queue full");
		switch (kind) {
			case AudioOut.Samples:
				this.queue.push({ kind: "samples", ...this.#samples(value as Buffer) });
				return;
			case AudioOut.Silence:
				if (typeof value !== "number" || Math.trunc(value) === 0) throw new Error("invalid count");
				this.queue.push({ kind: "silence", frames: Math.trunc(value) });
				return;
			case AudioOut.Volume:
				if (this.queue.length === 0) this.#setVolume(value as number);
				else this.queue.push({ kind: "volume", volume: value as number });
				return;
			case AudioOut.Flush:
				this.queue.length = 0;
				return;
			default:
				throw new Error("bad kind");
		}
	}

	length(stream: number): number {
		if (!(stream >= 0 && stream < AudioOut.defines.streams)) throw new RangeError("invalid stream");
		return AudioOut.defines.queueLength - this.queue.length;
	}

	start(): void {
		this.started = true;
	}
	stop(): void {
		this.started = false;
	}
	close(): void {}

	/** Plays `frames` frames of the queue: finished elements leave it, volumes take effect when reached. */
	advance(frames: number): void {
		while (this.queue.length > 0) {
			const head = this.queue[0]!;
			if (head.kind === "volume") {
				this.#setVolume(head.volume);
				this.queue.shift();
				continue;
			}
			if (frames <= 0) return;
			const used = Math.min(frames, head.frames);
			head.frames -= used;
			frames -= used;
			if (head.frames === 0) this.queue.shift();
		}
	}

	#setVolume(volume: number): void {
		this.volume = volume;
		this.volumes.push(volume);
	}

	#samples(buffer: Buffer): { name: string; frames: number } {
		const header = new Uint8Array(buffer.slice(0, 12));
		if (header[0] !== 0x6d || header[1] !== 0x61 || header[2] !== 1) throw new Error("bad header");
		const view = new DataView(header.buffer);
		const [bits, rate, channels, format, count] = [header[3], view.getUint16(4, true), header[6], header[7], view.getUint32(8, true)];
		if (format === 0 && bits !== AudioOut.defines.bitsPerSample) throw new Error("format doesn't match output");
		if (rate !== AudioOut.defines.sampleRate || channels !== AudioOut.defines.numChannels) throw new Error("rate/channels doesn't match output");
		if (format !== 0 && format !== 1) throw new Error("unsupported compression");
		const bytes = buffer.byteLength - 12;
		const inBuffer = format === 1 ? Math.floor(bytes / IMA_BLOCK_BYTES) * IMA_BLOCK_SAMPLES : bytes / 2;
		if (count > inBuffer) throw new Error("buffer too small");
		const name = (buffer as { path?: string }).path ?? "?";
		this.enqueued.push(name);
		// IMA plays whole blocks only.
		return { name, frames: format === 1 ? Math.floor(count / IMA_BLOCK_SAMPLES) * IMA_BLOCK_SAMPLES : count };
	}
}
