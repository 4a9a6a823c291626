/*
 * Seeded random status-query answers for the parser's property test, and the reading any
 * correct parser must give them (computed here with Node's JSON.parse, independently of
 * modules/activation/response.ts). Deterministic: the same seed gives the same answers.
 */

/** mulberry32: a small, well-mixed 32-bit PRNG; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const int = (random: Random, max: number): number => Math.floor(random() * (max + 1));

const NAMES = [
	"activation", "Activation", "ACTIVATION", "mqtt", "MQTT", "websocket", "server_time", "firmware",
	"code", "CODE", "challenge", "message", "timeout_ms", "timestamp", "timezone_offset", "version", "url", "force",
	"error", "success", "msg", "constructor", "__proto__", "toString", "hasOwnProperty", "valueOf", "__defineGetter__",
	"", "a b", "中文键中文键", "x\u0000y", "\u009b[31m", "endpoint", "client_id", "password", "token", "sixteen_chars_xx", "9lives",
];
const STRINGS = [
	"", "209835", "xiaozhi.me\n209835", "[{", "}]", '"', "\\", "\\\"[", "e8507672-94b6-4ba3-9396-302745a2e242",
	"wss://api.tenclass.net/xiaozhi/v1/", "中文", "😀", "\u0000", "\u001b[2J", "\u0085\u009b",
];
const NUMBERS = [0, -0, 1, 200, 404, 480, 240, 1.5, -1, 2147483648, -2147483649, 1e300, 8.64e15, 1766848651234, 209835];

function randomString(random: Random): string {
	if (random() < 0.8) return pick(random, STRINGS);
	const unit = pick(random, ["x", "中", "[", "{", '"', "\\", "😀"]);
	return unit.repeat(int(random, 300));
}

function randomName(random: Random): string {
	return random() < 0.85 ? pick(random, NAMES) : randomString(random).slice(0, 20);
}

/** A JSON value at most `levels` containers deep. */
function randomValue(random: Random, levels: number): unknown {
	const roll = random();
	if (levels > 0 && roll < 0.25) {
		const object: Record<string, unknown> = {};
		for (let n = int(random, 5); n > 0; n--) Object.defineProperty(object, randomName(random), { value: randomValue(random, levels - 1), enumerable: true, writable: true, configurable: true });
		return object;
	}
	if (levels > 0 && roll < 0.35) return Array.from({ length: int(random, 4) }, () => randomValue(random, levels - 1));
	if (roll < 0.6) return randomString(random);
	if (roll < 0.8) return pick(random, NUMBERS);
	return pick(random, [true, false, null]);
}

function randomActivation(random: Random): unknown {
	const roll = random();
	if (roll < 0.15) return randomValue(random, 2); // anything at all
	const activation: Record<string, unknown> = {};
	const member = (name: string, good: () => unknown) => {
		const r = random();
		if (r < 0.3) return; // absent
		Object.defineProperty(activation, random() < 0.2 ? name.toUpperCase() : name, { value: r < 0.75 ? good() : randomValue(random, 2), enumerable: true, writable: true, configurable: true });
	};
	member("code", () => pick(random, ["209835", "012345", "", "9".repeat(40)]));
	member("challenge", () => pick(random, ["e8507672-94b6-4ba3-9396-302745a2e242", "c", "x".repeat(300)]));
	member("message", () => pick(random, STRINGS));
	member("timeout_ms", () => pick(random, NUMBERS));
	return activation;
}

function nest(random: Random, inner: string, levels: number): string {
	let text = inner;
	for (let i = 0; i < levels; i++) text = random() < 0.5 ? `[${text}]` : `{"${pick(random, ["a", "mqtt", "activation"])}":${text}}`;
	return text;
}

/** One answer's text: mostly an object with sections, sometimes anything, sometimes nested far too deep. */
export function randomAnswer(random: Random): string {
	const roll = random();
	if (roll < 0.05) return JSON.stringify(randomValue(random, 3));
	if (roll < 0.12) return nest(random, JSON.stringify(randomValue(random, 2)), 9 + int(random, 600));
	const root: Record<string, unknown> = {};
	const sections = ["activation", "mqtt", "websocket", "server_time", "firmware", "error", "code", "success"];
	for (let n = 1 + int(random, 5); n > 0; n--) {
		const name = random() < 0.8 ? pick(random, sections) : randomName(random);
		const value = /^activation$/i.test(name) ? randomActivation(random) : randomValue(random, int(random, 7));
		Object.defineProperty(root, random() < 0.1 ? name.toUpperCase() : name, { value, enumerable: true, writable: true, configurable: true });
	}
	const text = JSON.stringify(root);
	return random() < 0.03 ? text.slice(0, int(random, text.length)) : text; // a truncated body now and then
}

/** An object's text from name/value pairs in order, repeated names included (JSON.stringify cannot write those). */
function objectText(pairs: readonly (readonly [string, unknown])[]): string {
	return `{${pairs.map(([name, value]) => `${JSON.stringify(name)}:${typeof value === "string" && value.startsWith("{") ? value : JSON.stringify(value)}`).join(",")}}`;
}

/**
 * An answer whose names repeat (exactly or in another case) at the root and inside
 * `activation`, with the reading cJSON gives it: the first match of each name counts.
 */
export function randomRepeatedNamesAnswer(random: Random): { readonly body: string; readonly reading: "no-challenge" | "challenge-or-malformed" } {
	const activations: [string, string][] = [];
	for (let n = 1 + int(random, 2); n >= 0; n--) {
		const inner: [string, unknown][] = [];
		for (let k = int(random, 3); k > 0; k--) inner.push([pick(random, ["code", "CODE", "challenge", "message"]), pick(random, ["209835", "c", null, 5, "中"])]);
		activations.push([pick(random, ["activation", "activation", "Activation"]), objectText(inner)]);
	}
	const pairs: [string, unknown][] = [...activations, ["firmware", objectText([["version", "2.0.4"], ["url", ""]])]];
	// Only the first activation counts; it means "activated" only with no code and no challenge member at all.
	const reading = /"(code|CODE|challenge)":/.test(activations[0]![1]) ? "challenge-or-malformed" : "no-challenge";
	return { body: objectText(pairs), reading };
}

function depthOf(value: unknown): number {
	if (typeof value !== "object" || value === null) return 0;
	let deepest = 0;
	for (const item of Object.values(value)) deepest = Math.max(deepest, depthOf(item));
	return deepest + 1;
}

function firstMember(object: Record<string, unknown>, name: string): unknown {
	for (const key of Object.keys(object)) if (key.toLowerCase() === name) return object[key];
	return undefined;
}

/**
 * What a correct parser must make of `body` as far as activation goes: "no-challenge" is
 * the only reading under which "activated" is allowed (no activation section, or one that
 * is an object with neither a code nor a challenge, as in the firmware).
 */
export function expectedReading(body: string): "not-json" | "too-deep" | "not-object" | "no-challenge" | "challenge-or-malformed" {
	let root: unknown;
	try {
		root = JSON.parse(body);
	} catch {
		return "not-json";
	}
	if (depthOf(root) > 8) return "too-deep";
	if (typeof root !== "object" || root === null || Array.isArray(root)) return "not-object";
	const activation = firstMember(root as Record<string, unknown>, "activation");
	if (activation === undefined) return "no-challenge";
	if (typeof activation !== "object" || activation === null || Array.isArray(activation)) return "challenge-or-malformed";
	const record = activation as Record<string, unknown>;
	return firstMember(record, "code") === undefined && firstMember(record, "challenge") === undefined ? "no-challenge" : "challenge-or-malformed";
}
