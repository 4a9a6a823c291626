/*
 * Project-synthesized sounds: the success chime and the error beep every build carries,
 * and the tones that stand in for speech when espeak-ng is missing (one DTMF pair per
 * hexadecimal digit, three notes for a prompt), so a build without it still says something.
 * The build trims, fades and levels them like the spoken clips.
 */

/** Sine tones mixed, with 5 ms fades so nothing clicks. */
export function tone(sampleRate: number, frequencies: readonly number[], ms: number, level = 0.45): Int16Array {
	const count = Math.round((sampleRate * ms) / 1000);
	const fade = Math.round(sampleRate * 0.005);
	const samples = new Int16Array(count);
	for (let i = 0; i < count; i++) {
		let value = 0;
		for (const f of frequencies) value += Math.sin((2 * Math.PI * f * i) / sampleRate);
		const envelope = Math.min(1, i / fade, (count - 1 - i) / fade);
		samples[i] = Math.round((value / frequencies.length) * envelope * level * 32767);
	}
	return samples;
}

export function silence(sampleRate: number, ms: number): Int16Array {
	return new Int16Array(Math.round((sampleRate * ms) / 1000));
}

export function concat(parts: readonly Int16Array[]): Int16Array {
	const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const part of parts) {
		out.set(part, at);
		at += part.length;
	}
	return out;
}

/** DTMF row and column frequencies: the keypad's own sound for each key (E and F are * and #). */
const DTMF: Readonly<Record<string, readonly [number, number]>> = Object.freeze({
	"1": [697, 1209], "2": [697, 1336], "3": [697, 1477], A: [697, 1633],
	"4": [770, 1209], "5": [770, 1336], "6": [770, 1477], B: [770, 1633],
	"7": [852, 1209], "8": [852, 1336], "9": [852, 1477], C: [852, 1633],
	E: [941, 1209], "0": [941, 1336], F: [941, 1477], D: [941, 1633],
});

/** The DTMF pair of a hexadecimal digit (0-9, A-F). */
export function digitTone(sampleRate: number, digit: string): Int16Array {
	const pair = DTMF[digit];
	if (!pair) throw new RangeError(`no tone for ${JSON.stringify(digit)}`);
	return tone(sampleRate, pair, 300);
}

/** Three rising notes before a code. */
export function promptTones(sampleRate: number): Int16Array {
	return concat([tone(sampleRate, [523.25], 150), tone(sampleRate, [659.25], 150), tone(sampleRate, [783.99], 250)]);
}

/** Three falling notes for the setup hotspot. */
export function setupTones(sampleRate: number): Int16Array {
	return concat([tone(sampleRate, [783.99], 150), tone(sampleRate, [659.25], 150), tone(sampleRate, [523.25], 250)]);
}

export function successChime(sampleRate: number): Int16Array {
	return concat([tone(sampleRate, [659.25], 120), tone(sampleRate, [987.77], 260)]);
}

export function errorBeep(sampleRate: number): Int16Array {
	return concat([tone(sampleRate, [311.13], 160), silence(sampleRate, 70), tone(sampleRate, [233.08], 220)]);
}
