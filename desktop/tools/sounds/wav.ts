/*
 * The project's own WAV reader and writer: RIFF/WAVE, PCM, 16-bit, mono or stereo. Enough
 * for espeak-ng's and sox's output, the runner's --sound file and the tests that read it back.
 */
import { WAV_HEADER_BYTES, wavHeader } from "../../../modules/announcer/wav.ts";

export interface Pcm16 {
	readonly sampleRate: number;
	readonly channels: number;
	/** Interleaved samples. */
	readonly samples: Int16Array;
}

function fourCc(bytes: Uint8Array, at: number): string {
	return String.fromCharCode(bytes[at] ?? 0, bytes[at + 1] ?? 0, bytes[at + 2] ?? 0, bytes[at + 3] ?? 0);
}

export function readWav(bytes: Uint8Array, name = "WAV"): Pcm16 {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	if (bytes.length < 12 || fourCc(bytes, 0) !== "RIFF" || fourCc(bytes, 8) !== "WAVE") throw new TypeError(`${name}: not a RIFF/WAVE file`);
	let format: { channels: number; sampleRate: number; bits: number; tag: number } | undefined;
	let at = 12;
	while (at + 8 <= bytes.length) {
		const id = fourCc(bytes, at);
		// espeak-ng streams its header with 0x7fffffff sizes: clamp a chunk to the file.
		const size = Math.min(view.getUint32(at + 4, true), bytes.length - at - 8);
		const body = at + 8;
		if (id === "fmt ") {
			format = { tag: view.getUint16(body, true), channels: view.getUint16(body + 2, true), sampleRate: view.getUint32(body + 4, true), bits: view.getUint16(body + 14, true) };
		} else if (id === "data") {
			if (!format) throw new TypeError(`${name}: data before fmt`);
			if (format.tag !== 1 || format.bits !== 16) throw new TypeError(`${name}: only 16-bit PCM is read (format ${format.tag}, ${format.bits} bits)`);
			const count = Math.floor(size / 2);
			const samples = new Int16Array(count);
			for (let i = 0; i < count; i++) samples[i] = view.getInt16(body + i * 2, true);
			return { sampleRate: format.sampleRate, channels: format.channels, samples };
		}
		at = body + size + (size & 1);
	}
	throw new TypeError(`${name}: no data chunk`);
}

export function writeWav(pcm: Pcm16): Uint8Array {
	const dataBytes = pcm.samples.length * 2;
	const bytes = new Uint8Array(WAV_HEADER_BYTES + dataBytes);
	bytes.set(wavHeader(pcm.sampleRate, pcm.channels, dataBytes));
	const view = new DataView(bytes.buffer);
	for (let i = 0; i < pcm.samples.length; i++) view.setInt16(WAV_HEADER_BYTES + i * 2, pcm.samples[i] ?? 0, true);
	return bytes;
}
