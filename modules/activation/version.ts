/*
 * Firmware version comparison as the official firmware does it (ParseVersion,
 * IsNewVersionAvailable): dot-separated segments, each read as its leading integer,
 * compared index by index; equal prefixes make the longer version the newer one.
 * Where the firmware would abort (a segment with no leading digit) we report instead.
 */

export type VersionComparison = { readonly ok: true; readonly newer: boolean } | { readonly ok: false; readonly problem: string };

function parseSegments(version: string): number[] | string {
	const parts = version.split(".");
	const numbers: number[] = [];
	for (const part of parts) {
		// std::stoi skips leading white space and takes an optional sign and the leading digits.
		const match = /^\s*([+-]?\d+)/.exec(part);
		if (!match) return `segment "${part}" of version "${version}" is not a number`;
		numbers.push(parseInt(match[1]!, 10));
	}
	return numbers;
}

export function isNewerVersion(current: string, candidate: string): VersionComparison {
	const mine = parseSegments(current);
	if (typeof mine === "string") return { ok: false, problem: mine };
	const theirs = parseSegments(candidate);
	if (typeof theirs === "string") return { ok: false, problem: theirs };
	const shorter = Math.min(mine.length, theirs.length);
	for (let i = 0; i < shorter; i++) {
		if (theirs[i]! > mine[i]!) return { ok: true, newer: true };
		if (theirs[i]! < mine[i]!) return { ok: true, newer: false };
	}
	return { ok: true, newer: theirs.length > mine.length };
}
