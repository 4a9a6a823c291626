/* Our declaration of Moddable's "pins/audioout" ($(MODULES)/pins/i2s): only what this project uses. */

declare module "pins/audioout" {
	export default class AudioOut {
		/** Rate, bits, channels and streams default to the manifest's defines.audioOut. */
		constructor(options: { sampleRate?: number; bitsPerSample?: number; numChannels?: number; streams?: number });
		start(): void;
		stop(): void;
		close(): void;
		enqueue(stream: number, kind: 1, buffer: HostBuffer | ArrayBuffer): void;
		enqueue(stream: number, kind: 2): void;
		enqueue(stream: number, kind: 4, volume: number): void;
		/** `count` sample frames of silence (> 0). */
		enqueue(stream: number, kind: 7, count: number): void;
		/** Free places in the stream's queue (defines.audioOut.queueLength less what is queued). */
		length(stream: number): number;
		readonly sampleRate: number;
		static readonly Samples: 1;
		static readonly Flush: 2;
		static readonly Callback: 3;
		static readonly Volume: 4;
		static readonly Silence: 7;
	}
}
