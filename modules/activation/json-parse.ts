/*
 * JSON text to a value, read the way the firmware's cJSON reads it: of members repeated under
 * one name in an object the FIRST is kept (cJSON_GetObjectItem returns the first match;
 * JSON.parse keeps the last, so `{"activation":{"code":"1"},"activation":{}}` would read as
 * "activated"). Iterative, with its own list of open containers bounded by `maxDepth`: XS's
 * JSON.parse recurses on the machine stack once per level, and an XS stack overflow aborts
 * the whole VM (on the board about 290 levels of `{"a":` are enough), so here nesting costs
 * no stack and is refused at the bracket that opens one level too many. Objects have no
 * prototype: "__proto__" or "constructor" are member names like any other. A string
 * without escapes is a slice of the text; one with escapes is handed alone to JSON.parse
 * (flat, no recursion), which also checks the escapes.
 */

export type JsonParse =
	| { readonly ok: true; readonly value: unknown }
	/** `offset`: where the text stops being JSON, or the bracket that opens level `maxDepth + 1`. */
	| { readonly ok: false; readonly offset: number; readonly tooDeep: boolean };

/*
 * Called through .call(text, i): reading a member of a primitive string (`text.charCodeAt`,
 * `text.slice`) makes XS build a String wrapper each time, two heap slots per character
 * scanned; the prototype's function called directly allocates nothing.
 */
const charCodeAt = String.prototype.charCodeAt;
const slice = String.prototype.slice;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;

type Container = Record<string, unknown> | unknown[];

function failed(offset: number, tooDeep = false): JsonParse {
	return { ok: false, offset, tooDeep };
}

/** The first index at or after `at` that is not JSON white space. */
function skipSpace(text: string, at: number): number {
	let i = at;
	for (let unit = charCodeAt.call(text, i); unit === 0x20 || unit === 0x0a || unit === 0x0d || unit === 0x09; unit = charCodeAt.call(text, ++i));
	return i;
}

/*
 * run-time state: whether the string stringEnd() last scanned held a backslash, for the one
 * synchronous parse in progress (a boolean binding: the preloaded image holds no object).
 */
let escaped = false;

/** Index of the quote closing the string that opens at `at`, or -1 (never closed, or a raw control character in it). */
function stringEnd(text: string, at: number): number {
	escaped = false;
	for (let i = at + 1; ; i++) {
		const unit = charCodeAt.call(text, i);
		if (unit === QUOTE) return i;
		if (unit === BACKSLASH) {
			escaped = true;
			i++; // the escaped unit is JSON.parse's to check
		} else if (!(unit >= 0x20)) return -1; // NaN past the end, or U+0000..U+001F
	}
}

/** The string from its opening quote at `at` to its closing one at `end` (stringEnd just scanned it), or undefined for a bad escape. */
function stringValue(text: string, at: number, end: number): string | undefined {
	if (!escaped) return slice.call(text, at + 1, end);
	try {
		return JSON.parse(slice.call(text, at, end + 1)) as string;
	} catch {
		return undefined;
	}
}

function isDigit(unit: number): boolean {
	return unit >= ZERO && unit <= NINE;
}

/** Index just past the JSON number starting at `at`, or -1 when none starts there. */
function numberEnd(text: string, at: number): number {
	let i = at;
	let unit = charCodeAt.call(text, i);
	if (unit === MINUS) unit = charCodeAt.call(text, ++i);
	if (unit === ZERO) unit = charCodeAt.call(text, ++i);
	else if (unit > ZERO && unit <= NINE) while (isDigit(unit)) unit = charCodeAt.call(text, ++i);
	else return -1;
	if (unit === DOT) {
		unit = charCodeAt.call(text, ++i);
		if (!isDigit(unit)) return -1;
		while (isDigit(unit)) unit = charCodeAt.call(text, ++i);
	}
	if (unit === 0x65 || unit === 0x45) {
		unit = charCodeAt.call(text, ++i);
		if (unit === PLUS || unit === MINUS) unit = charCodeAt.call(text, ++i);
		if (!isDigit(unit)) return -1;
		while (isDigit(unit)) unit = charCodeAt.call(text, ++i);
	}
	return i;
}

/** Whether `word` (true, false, null) is spelled at `at`. */
function spelled(text: string, at: number, word: string, length: number): boolean {
	for (let k = 0; k < length; k++) if (charCodeAt.call(text, at + k) !== charCodeAt.call(word, k)) return false;
	return true;
}

/*
 * run-time state: the end of the scalar scalarAt() last read (a number binding, see `escaped`).
 */
let scalarEnd = 0;

/** Sentinel for "no JSON value starts here" (undefined is never a JSON value, but reads less clearly). */
const NOT_A_VALUE: unique symbol = Symbol("not a JSON value");

/** The string, number or literal starting at `at` (its end in scalarEnd), or NOT_A_VALUE. */
function scalarAt(text: string, at: number): unknown {
	const unit = charCodeAt.call(text, at);
	if (unit === QUOTE) {
		const end = stringEnd(text, at);
		if (end < 0) return NOT_A_VALUE;
		scalarEnd = end + 1;
		return stringValue(text, at, end) ?? NOT_A_VALUE;
	}
	if (unit === 0x74 && spelled(text, at, "true", 4)) return ((scalarEnd = at + 4), true);
	if (unit === 0x66 && spelled(text, at, "false", 5)) return ((scalarEnd = at + 5), false);
	if (unit === 0x6e && spelled(text, at, "null", 4)) return ((scalarEnd = at + 4), null);
	const end = numberEnd(text, at);
	if (end < 0) return NOT_A_VALUE;
	scalarEnd = end;
	return Number(slice.call(text, at, end));
}

/** The member name opening at `at` and the colon after it: the name (scalarEnd past the colon's white space), or undefined. */
function nameAt(text: string, at: number): string | undefined {
	if (charCodeAt.call(text, at) !== QUOTE) return undefined;
	const end = stringEnd(text, at);
	if (end < 0) return undefined;
	const name = stringValue(text, at, end);
	const colon = skipSpace(text, end + 1);
	if (name === undefined || charCodeAt.call(text, colon) !== COLON) return undefined;
	scalarEnd = skipSpace(text, colon + 1);
	return name;
}

/**
 * Parses `text` (one JSON value, white space around it allowed) with at most `maxDepth`
 * nested objects and arrays; of a repeated member name the first value is kept.
 */
export function parseJsonFirstWins(text: string, maxDepth: number): JsonParse {
	const open: Container[] = [];
	/** Per open container: the name awaiting its value in an object, undefined in an array. */
	const names: (string | undefined)[] = [];
	let i = skipSpace(text, 0);
	for (;;) {
		// A value starts at i.
		const unit = charCodeAt.call(text, i);
		let value: unknown;
		if (unit === OPEN_BRACE || unit === OPEN_BRACKET) {
			if (open.length >= maxDepth) return failed(i, true);
			const isObject = unit === OPEN_BRACE;
			const container: Container = isObject ? (Object.create(null) as Record<string, unknown>) : [];
			i = skipSpace(text, i + 1);
			if (charCodeAt.call(text, i) === (isObject ? CLOSE_BRACE : CLOSE_BRACKET)) {
				value = container;
				i++;
			} else {
				const name = isObject ? nameAt(text, i) : undefined;
				if (isObject && name === undefined) return failed(i);
				if (isObject) i = scalarEnd;
				open.push(container);
				names.push(name);
				continue;
			}
		} else {
			value = scalarAt(text, i);
			if (value === NOT_A_VALUE) return failed(i);
			i = scalarEnd;
		}
		// A value ended: it goes into its container, then every container that closes here ends too.
		for (;;) {
			i = skipSpace(text, i);
			const depth = open.length;
			if (depth === 0) return i === text.length ? { ok: true, value } : failed(i);
			const container = open[depth - 1]!;
			const name = names[depth - 1];
			if (name === undefined) (container as unknown[]).push(value);
			else if ((container as Record<string, unknown>)[name] === undefined) (container as Record<string, unknown>)[name] = value;
			const next = charCodeAt.call(text, i);
			if (next === COMMA) {
				i = skipSpace(text, i + 1);
				if (name !== undefined) {
					const following = nameAt(text, i);
					if (following === undefined) return failed(i);
					names[depth - 1] = following;
					i = scalarEnd;
				}
				break;
			}
			if (next !== (name === undefined ? CLOSE_BRACKET : CLOSE_BRACE)) return failed(i);
			value = open.pop();
			names.pop();
			i++;
		}
	}
}
