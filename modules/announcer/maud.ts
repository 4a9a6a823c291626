/*
 * Moddable's audio resource format (MAUD), as its documentation and AudioOut describe it:
 * a 12-byte little-endian header, then the samples.
 *   0 "m" 1 "a" 2 version (1) 3 bits per sample (8 or 16) 4-5 sample rate
 *   6 channels 7 format (0 = uncompressed PCM, 1 = IMA ADPCM) 8-11 sample count
 * The project's clips are 16-bit mono PCM at the board's rate.
 */

export const MAUD_HEADER_BYTES = 12;

export interface MaudInfo {
	readonly bitsPerSample: 8 | 16;
	readonly sampleRate: number;
	readonly channels: 1 | 2;
	readonly format: "pcm" | "ima";
	/** Sample frames (per channel). */
	readonly sampleCount: number;
}

export function writeMaudHeader(info: MaudInfo): Uint8Array {
	const bytes = new Uint8Array(MAUD_HEADER_BYTES);
	const view = new DataView(bytes.buffer);
	bytes[0] = 0x6d; // m
	bytes[1] = 0x61; // a
	bytes[2] = 1;
	bytes[3] = info.bitsPerSample;
	view.setUint16(4, info.sampleRate, true);
	bytes[6] = info.channels;
	bytes[7] = info.format === "ima" ? 1 : 0;
	view.setUint32(8, info.sampleCount, true);
	return bytes;
}

/** Reads and checks a MAUD header; throws a clear error on anything else. */
export function readMaudHeader(data: ArrayBuffer | Uint8Array, name = "clip"): MaudInfo {
	const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
	if (bytes.length < MAUD_HEADER_BYTES || bytes[0] !== 0x6d || bytes[1] !== 0x61)
		throw new TypeError(`${name}: not a Moddable audio resource (no "ma" header)`);
	if (bytes[2] !== 1) throw new TypeError(`${name}: MAUD version ${bytes[2]} (expected 1)`);
	const view = new DataView(bytes.buffer, bytes.byteOffset, MAUD_HEADER_BYTES);
	const bits = bytes[3];
	const channels = bytes[6];
	const format = bytes[7];
	if (bits !== 8 && bits !== 16) throw new TypeError(`${name}: ${bits} bits per sample`);
	if (channels !== 1 && channels !== 2) throw new TypeError(`${name}: ${channels} channels`);
	if (format !== 0 && format !== 1) throw new TypeError(`${name}: unknown sample format ${format}`);
	return {
		bitsPerSample: bits,
		sampleRate: view.getUint16(4, true),
		channels,
		format: format === 1 ? "ima" : "pcm",
		sampleCount: view.getUint32(8, true),
	};
}

/** How long the clip plays, in ms (not rounded: the announcer paces its pauses from it, and frames are whole only when queued). */
export function maudDurationMs(info: MaudInfo): number {
	return (info.sampleCount * 1000) / info.sampleRate;
}
