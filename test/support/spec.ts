/*
 * A tiny portable test harness. Spec files (`*.spec.ts` beside the tests, listed in test/support/specs/index.ts) register cases with
 * `spec()`; the same compiled cases run under node:test (test/specs-on-node.test.ts) and
 * inside the real XS engine (test/specs-on-xs.test.ts). It needs nothing but the language:
 * no Node module, no Moddable module.
 */

export type SpecFn = () => void | Promise<void>;

interface Case {
	readonly name: string;
	readonly fn: SpecFn;
}

const cases: Case[] = [];
let fixtureReader: ((name: string) => string) | undefined;

/** Register a case; `name` should read as a sentence ("report: captured device matches fixture 1"). */
export function spec(name: string, fn: SpecFn): void {
	cases.push({ name, fn });
}

export function registeredSpecs(): readonly Case[] {
	return cases;
}

/** The runner decides where fixture bytes come from (the file system on Node, an injected table on XS). */
export function setFixtureReader(reader: (name: string) => string): void {
	fixtureReader = reader;
}

/** A file of test/fixtures/, as text, byte for byte. */
export function fixture(name: string): string {
	if (!fixtureReader) throw new Error("no fixture reader installed");
	return fixtureReader(name);
}

export class AssertionError extends Error {
	override name = "AssertionError";
}

function show(value: unknown): string {
	try {
		return typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
	} catch {
		return String(value);
	}
}

function deepEqualValues(a: unknown, b: unknown): boolean {
	if (Object.is(a, b)) return true;
	if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
	if (Array.isArray(a) !== Array.isArray(b)) return false;
	if (a instanceof Uint8Array && b instanceof Uint8Array) {
		if (a.length !== b.length) return false;
		for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
		return true;
	}
	const ka = Object.keys(a);
	const kb = Object.keys(b);
	if (ka.length !== kb.length) return false;
	for (const k of ka) {
		if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
		if (!deepEqualValues((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
	}
	return true;
}

export interface Assert {
	ok(value: unknown, message?: string): asserts value;
	equal<T>(actual: T, expected: T, message?: string): void;
	notEqual<T>(actual: T, expected: T, message?: string): void;
	deepEqual(actual: unknown, expected: unknown, message?: string): void;
	match(actual: string, pattern: RegExp, message?: string): void;
	throws(fn: () => unknown, pattern?: RegExp, message?: string): void;
}

export const assert: Assert = {
	ok(value: unknown, message?: string): asserts value {
		if (!value) throw new AssertionError(message ?? `expected a truthy value, got ${show(value)}`);
	},
	equal<T>(actual: T, expected: T, message?: string): void {
		if (!Object.is(actual, expected))
			throw new AssertionError(`${message ? message + ": " : ""}expected ${show(expected)}, got ${show(actual)}`);
	},
	notEqual<T>(actual: T, expected: T, message?: string): void {
		if (Object.is(actual, expected))
			throw new AssertionError(`${message ? message + ": " : ""}expected something other than ${show(expected)}`);
	},
	deepEqual(actual: unknown, expected: unknown, message?: string): void {
		if (!deepEqualValues(actual, expected))
			throw new AssertionError(`${message ? message + ": " : ""}expected ${show(expected)}, got ${show(actual)}`);
	},
	match(actual: string, pattern: RegExp, message?: string): void {
		if (!pattern.test(actual))
			throw new AssertionError(`${message ? message + ": " : ""}${show(actual)} does not match ${pattern}`);
	},
	throws(fn: () => unknown, pattern?: RegExp, message?: string): void {
		try {
			fn();
		} catch (error) {
			const text = error instanceof Error ? error.message : String(error);
			if (pattern && !pattern.test(text))
				throw new AssertionError(`${message ? message + ": " : ""}threw ${show(text)}, expected ${pattern}`);
			return;
		}
		throw new AssertionError(message ?? "expected the function to throw");
	},
};
