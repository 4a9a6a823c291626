/*
 * The contract of the SDK's "pins/audioout" ($(MODULES)/pins/i2s/audioout.c, audioout.js) on a
 * build with the board's defines (24 kHz, 16-bit, mono, 1 stream, a queue of 32): the options'
 * checks in the C's order, the queue (each element takes a place, length() is the free places,
 * "queue full" before the kind is looked at, Flush always taken), the enqueue errors. Nothing
 * is started: the lin build has no audio output, and the queue is what the app relies on.
 */
import type SdkAudioOut from "pins/audioout";
import { expectEqual, expectThrows, type ContractCheck } from "sdk-contracts/contract";

/** The board's defines.audioOut (hosts/esp32s3/manifest.json), which both builds use. */
export const CONTRACT_AUDIO = Object.freeze({ sampleRate: 24000, bitsPerSample: 16, numChannels: 1, streams: 1, queueLength: 32 });

const SILENCE = 7;
const CALLBACK = 3;
const VOLUME = 4;
const FLUSH = 2;
const SAMPLES = 1;

type Loose = { enqueue(stream: number, kind: number, value?: unknown): void; length(stream: number): number; close(): void };

export function audioOutContract(AudioOut: typeof SdkAudioOut): ContractCheck[] {
	const open = (options: Record<string, number> = {}): Loose => new AudioOut(options) as unknown as Loose;
	const make = (options: unknown) => () => new AudioOut(options as Record<string, number>);
	return [
		{
			name: "the options are checked in the C's order, with the build's defines as defaults",
			run() {
				expectThrows(make(undefined), SyntaxError, "no options", "no options");
				expectThrows(make({ sampleRate: 7999, numChannels: 3 }), RangeError, "invalid sample rate", "7999 Hz");
				expectThrows(make({ sampleRate: 48001 }), RangeError, "invalid sample rate", "48001 Hz");
				expectThrows(make({ numChannels: 3, bitsPerSample: 12 }), RangeError, "bad numChannels", "3 channels");
				expectThrows(make({ bitsPerSample: 12 }), RangeError, "bad bitsPerSample", "12 bits");
				expectThrows(make({ streams: 0 }), RangeError, "bad streamCount", "0 streams");
				expectThrows(make({ streams: CONTRACT_AUDIO.streams + 1 }), RangeError, "bad streamCount", "more streams than the build's");
				const out = new AudioOut({});
				expectEqual(out.sampleRate, CONTRACT_AUDIO.sampleRate, "the default rate");
				out.close();
			},
		},
		{
			name: "each element takes a place; the queue refuses the one past its length, whatever it is; Flush empties it",
			run() {
				const out = open();
				expectEqual(out.length(0), CONTRACT_AUDIO.queueLength, "free places at first");
				out.enqueue(0, SILENCE, 100);
				out.enqueue(0, CALLBACK, 1);
				expectEqual(out.length(0), CONTRACT_AUDIO.queueLength - 2, "after two elements");
				for (let i = 2; i < CONTRACT_AUDIO.queueLength; i++) out.enqueue(0, SILENCE, 100);
				expectEqual(out.length(0), 0, "free places when full");
				expectThrows(() => out.enqueue(0, SILENCE, 100), Error, "queue full", "Silence when full");
				expectThrows(() => out.enqueue(0, VOLUME, 128), Error, "queue full", "Volume when full");
				expectThrows(() => out.enqueue(0, 99, 0), Error, "queue full", "a bad kind when full");
				out.enqueue(0, FLUSH);
				expectEqual(out.length(0), CONTRACT_AUDIO.queueLength, "free places after a flush");
				out.close();
			},
		},
		{
			name: "Volume on an empty queue takes effect at once (no place); behind an element it takes a place",
			run() {
				const out = open();
				out.enqueue(0, VOLUME, 128);
				expectEqual(out.length(0), CONTRACT_AUDIO.queueLength, "after a volume on an empty queue");
				out.enqueue(0, SILENCE, 100);
				out.enqueue(0, VOLUME, 256);
				expectEqual(out.length(0), CONTRACT_AUDIO.queueLength - 2, "after a silence and a volume");
				out.close();
			},
		},
		{
			name: "enqueue errors: a stream out of range, Silence of 0 frames, an unknown kind, samples in an ArrayBuffer",
			run() {
				const out = open();
				expectThrows(() => out.enqueue(1, SILENCE, 100), RangeError, "invalid stream", "stream 1");
				expectThrows(() => out.enqueue(-1, SILENCE, 100), RangeError, "invalid stream", "stream -1");
				expectThrows(() => out.length(1), RangeError, "invalid stream", "length(1)");
				expectThrows(() => out.enqueue(0, SILENCE, 0), Error, "invalid count", "0 frames of silence");
				expectThrows(() => out.enqueue(0, 99, 0), Error, "bad kind", "kind 99");
				expectThrows(() => out.enqueue(0, SAMPLES, new ArrayBuffer(64)), Error, "non-relocatable block required", "samples in an ArrayBuffer");
				expectEqual(out.length(0), CONTRACT_AUDIO.queueLength, "nothing was queued");
				out.close();
			},
		},
		{
			name: "the kind is a byte (the C's uint8_t): 0x107 is Silence",
			run() {
				const out = open();
				out.enqueue(0, 0x100 + SILENCE, 100);
				expectEqual(out.length(0), CONTRACT_AUDIO.queueLength - 1, "free places after kind 0x107");
				expectThrows(() => out.enqueue(0, 0x100 + SILENCE, 0), Error, "invalid count", "kind 0x107 with 0 frames");
				out.close();
			},
		},
	];
}
