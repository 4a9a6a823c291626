/*
 * A guard run before JSON.parse. XS's JSON.parse recurses on the machine stack once per
 * nesting level, and an XS stack overflow aborts the whole VM (no exception to catch): on
 * the board (`creation.stack` 768 slots) about 290 levels of `{"a":` are enough. This scan
 * walks the text once, iteratively, with no allocation, and refuses anything nested deeper
 * than `limit` before the parser sees it. Brackets inside strings (escapes included) do not
 * count. It does not validate JSON; JSON.parse still does that.
 */

/*
 * Called through .call(text, i): reading a member of a primitive string (`text.length`,
 * `text.charCodeAt`) makes XS build a String wrapper each time, two heap slots per
 * character scanned; the prototype's function called directly allocates nothing.
 */
const charCodeAt = String.prototype.charCodeAt;
const indexOf = String.prototype.indexOf;

/** Whether `text` holds more than `limit` opening brackets, `{` and `[` together (found by native search, not per character). */
function moreBracketsThan(text: string, limit: number): boolean {
	let count = 0;
	for (let at = indexOf.call(text, "{"); at >= 0; at = indexOf.call(text, "{", at + 1)) if (++count > limit) return true;
	for (let at = indexOf.call(text, "["); at >= 0; at = indexOf.call(text, "[", at + 1)) if (++count > limit) return true;
	return false;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** Offset of the first bracket that opens level `limit + 1`, or -1 when the text stays within `limit` levels. */
export function tooDeepAt(text: string, limit: number): number {
	// No more brackets than levels allowed: no nesting can exceed it (the usual answer, 6 braces).
	if (!moreBracketsThan(text, limit)) return -1;
	let depth = 0;
	let inString = false;
	const length = text.length;
	for (let i = 0; i < length; i++) {
		const unit = charCodeAt.call(text, i);
		if (inString) {
			if (unit === BACKSLASH) i++;
			else if (unit === QUOTE) inString = false;
		} else if (unit === QUOTE) inString = true;
		else if (unit === OPEN_BRACE || unit === OPEN_BRACKET) {
			if (++depth > limit) return i;
		} else if ((unit === CLOSE_BRACE || unit === CLOSE_BRACKET) && depth > 0) depth--;
	}
	return -1;
}
