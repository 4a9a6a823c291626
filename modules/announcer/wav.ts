/* The 44-byte RIFF/WAVE header of 16-bit PCM: shared by the runner's and the simulator's sound files. */

export const WAV_HEADER_BYTES = 44;

export function wavHeader(sampleRate: number, channels: number, dataBytes: number): Uint8Array {
	const bytes = new Uint8Array(WAV_HEADER_BYTES);
	const view = new DataView(bytes.buffer);
	const ascii = (at: number, text: string): void => {
		for (let i = 0; i < 4; i++) bytes[at + i] = text.charCodeAt(i);
	};
	ascii(0, "RIFF");
	view.setUint32(4, 36 + dataBytes, true);
	ascii(8, "WAVE");
	ascii(12, "fmt ");
	view.setUint32(16, 16, true);
	view.setUint16(20, 1, true);
	view.setUint16(22, channels, true);
	view.setUint32(24, sampleRate, true);
	view.setUint32(28, sampleRate * channels * 2, true);
	view.setUint16(32, channels * 2, true);
	view.setUint16(34, 16, true);
	ascii(36, "data");
	view.setUint32(40, dataBytes, true);
	return bytes;
}
