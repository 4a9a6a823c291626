/*
 * Firmware version comparison as the official firmware does it (ParseVersion,
 * IsNewVersionAvailable): dot-separated segments, each read as its leading integer,
 * compared index by index; equal prefixes make the longer version the newer one.
 * Where the firmware would abort (a segment with no leading digit) we report instead.
 */

export type VersionComparison = { readonly ok: true; readonly newer: boolean } | { readonly ok: false; readonly problem: string };

/*
 * Called as fn.call(text, ...): a member read on a primitive string makes XS build a
 * String wrapper (heap slots) each time; the prototype's functions called directly do not.
 */
const charCodeAt = String.prototype.charCodeAt;
const indexOf = String.prototype.indexOf;

/** run-time state: where the segment read last by segmentValue() ends: its "." or Infinity for the last one. */
let segmentEnd = 0;

function isSpace(unit: number): boolean {
	return unit === 0x20 || (unit >= 0x09 && unit <= 0x0d); // std::isspace in the C locale
}

/**
 * std::stoi on the segment that starts at `start`: white space, an optional sign, the
 * leading digits. NaN when there are no digits. No regular expression and no substring:
 * this runs on every answer that carries a firmware section.
 */
function segmentValue(version: string, start: number): number {
	let i = start;
	while (isSpace(charCodeAt.call(version, i))) i++;
	let sign = 1;
	const signUnit = charCodeAt.call(version, i);
	if (signUnit === 0x2b || signUnit === 0x2d) {
		if (signUnit === 0x2d) sign = -1;
		i++;
	}
	let value = 0;
	let digits = 0;
	for (; ; i++, digits++) {
		const unit = charCodeAt.call(version, i); // NaN past the end
		if (!(unit >= 0x30 && unit <= 0x39)) break;
		value = value * 10 + (unit - 0x30);
	}
	const dot = indexOf.call(version, ".", start);
	segmentEnd = dot < 0 ? Infinity : dot;
	return digits === 0 ? NaN : sign * value;
}

/** undefined when every segment has a leading integer, else why not (the firmware would abort). */
function segmentProblem(version: string): string | undefined {
	for (let start = 0; ; start = segmentEnd + 1) {
		if (Number.isNaN(segmentValue(version, start)))
			return `segment "${version.slice(start, segmentEnd)}" of version "${version}" is not a number`;
		if (segmentEnd === Infinity) return undefined;
	}
}

export function isNewerVersion(current: string, candidate: string): VersionComparison {
	const mine = segmentProblem(current);
	if (mine !== undefined) return { ok: false, problem: mine };
	const theirs = segmentProblem(candidate);
	if (theirs !== undefined) return { ok: false, problem: theirs };
	let mineAt = 0;
	let theirsAt = 0;
	for (;;) {
		const a = segmentValue(current, mineAt);
		const mineDone = segmentEnd === Infinity;
		mineAt = segmentEnd + 1;
		const b = segmentValue(candidate, theirsAt);
		const theirsDone = segmentEnd === Infinity;
		theirsAt = segmentEnd + 1;
		if (b > a) return NEWER;
		if (b < a) return NOT_NEWER;
		if (mineDone || theirsDone) return !mineDone ? NOT_NEWER : theirsDone ? NOT_NEWER : NEWER;
	}
}

const NEWER: VersionComparison = Object.freeze({ ok: true, newer: true });
const NOT_NEWER: VersionComparison = Object.freeze({ ok: true, newer: false });
