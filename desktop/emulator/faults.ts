/*
 * Injected faults: a queue the test fills, consumed by the next matching device requests.
 */
export type Fault =
	| { kind: "status"; status: number; body?: string }
	| { kind: "non-json" }
	| { kind: "error-object"; body: string }
	| { kind: "empty-object" }
	| { kind: "delay"; ms: number }
	| { kind: "truncated" }
	| { kind: "redirect"; location?: string }
	| { kind: "oversize"; bytes: number }
	| { kind: "reset" }
	// Hostile answers: the normal check answer, reshaped as a buggy or malicious server would.
	/** Nothing but `levels` nested arrays (default 509: 1,018 bytes, the abort on the board). */
	| { kind: "deep-nesting"; levels?: number }
	/** mqtt and websocket gain members named after Object.prototype's (constructor, __proto__, toString, ...). */
	| { kind: "prototype-members" }
	/** `activation` replaced by this value (a numeric code, null, an object challenge, ...). */
	| { kind: "malformed-activation"; activation: unknown }
	/** server_time.timestamp set to this number (default 1e300). */
	| { kind: "implausible-time"; timestamp?: number }
	/** mqtt gains `count` (default 32) fresh members, named from a counter so every answer brings new ones. */
	| { kind: "junk-members"; count?: number }
	/** mqtt gains members whose names NVS cannot or should not hold: empty, NUL, UTF-8 over 15 bytes, spaces, C1. */
	| { kind: "odd-member-names" }
	/** After the answer's own `activation`, a second `"activation":{}` (JSON.parse keeps the last: "activated"; cJSON the first). */
	| { kind: "repeated-activation" }
	/** activation.code replaced by this text (full-width or Arabic-Indic digits, controls, ...). */
	| { kind: "code-text"; code: string }
	/** websocket.url and mqtt.endpoint replaced (default `javascript:alert(1)` and `file:///etc/passwd`). */
	| { kind: "hostile-addresses"; websocketUrl?: string; mqttEndpoint?: string }
	/**
	 * mqtt starts with `count` (default 32) case variants of the names the firmware reads
	 * (`Endpoint`, `ENDPOINT`, `kEEPALIVE`, fresh ones each answer), then its own members,
	 * then `keepalive: 240`: the answer that once filled the member budget before keepalive.
	 */
	| { kind: "case-variant-members"; count?: number }
	/**
	 * /activate answers 200 `{"message":"Device activated"}` but binds nothing, so the next
	 * check still shows a code (two back ends behind a balancer); with `newCode` the pending
	 * code is dropped too, so the next check shows a new one.
	 */
	| { kind: "accept-unbound"; newCode?: boolean };

export type FaultTarget = "check" | "activate";

export interface FaultOptions {
	path?: FaultTarget;
	/** How many matching requests get this fault; default 1. */
	times?: number;
}

interface QueuedFault {
	readonly fault: Fault;
	readonly path?: FaultTarget;
	remaining: number;
}

const FAULT_KINDS: ReadonlySet<string> = new Set([
	"status", "non-json", "error-object", "empty-object", "delay", "truncated", "redirect", "oversize", "reset",
	"deep-nesting", "prototype-members", "malformed-activation", "implausible-time", "junk-members", "odd-member-names",
	"repeated-activation", "code-text", "hostile-addresses", "case-variant-members", "accept-unbound",
]);

/** The check-answer kinds hostileCheckBody reshapes (a fault of another kind leaves the body alone). */
const RESHAPING_KINDS: ReadonlySet<string> = new Set([
	"prototype-members", "malformed-activation", "implausible-time", "junk-members", "odd-member-names", "code-text", "hostile-addresses", "case-variant-members",
]);

/** Throws a RangeError/TypeError naming what is wrong with `fault`. */
export function validateFault(fault: Fault, options: FaultOptions = {}): void {
	if (!fault || typeof fault !== "object" || !FAULT_KINDS.has((fault as { kind: string }).kind)) {
		throw new TypeError(`unknown fault ${JSON.stringify(fault)}; kinds: ${[...FAULT_KINDS].join(", ")}`);
	}
	switch (fault.kind) {
		case "status":
			if (!Number.isInteger(fault.status) || fault.status < 100 || fault.status > 599) {
				throw new RangeError(`status fault needs an HTTP status 100..599, got ${fault.status}`);
			}
			break;
		case "error-object":
			if (typeof fault.body !== "string") throw new TypeError("error-object fault needs a body string");
			break;
		case "delay":
			if (!(Number.isFinite(fault.ms) && fault.ms >= 0)) throw new RangeError(`delay fault needs ms >= 0, got ${fault.ms}`);
			break;
		case "oversize":
			if (!Number.isInteger(fault.bytes) || fault.bytes < 2) throw new RangeError(`oversize fault needs an integer bytes >= 2, got ${fault.bytes}`);
			break;
		case "deep-nesting":
			if (fault.levels !== undefined && !(Number.isInteger(fault.levels) && fault.levels >= 1 && fault.levels <= 100_000))
				throw new RangeError(`deep-nesting fault needs levels 1..100000, got ${fault.levels}`);
			break;
		case "malformed-activation":
			if (!("activation" in fault)) throw new TypeError("malformed-activation fault needs an activation value");
			break;
		case "implausible-time":
			if (fault.timestamp !== undefined && typeof fault.timestamp !== "number") throw new TypeError("implausible-time fault needs a numeric timestamp");
			break;
		case "junk-members":
		case "case-variant-members":
			if (fault.count !== undefined && !(Number.isInteger(fault.count) && fault.count >= 1 && fault.count <= 1000))
				throw new RangeError(`${fault.kind} fault needs count 1..1000, got ${fault.count}`);
			break;
		case "code-text":
			if (typeof fault.code !== "string") throw new TypeError("code-text fault needs a code string");
			break;
		default:
			break;
	}
	if (options.path !== undefined && options.path !== "check" && options.path !== "activate") {
		throw new RangeError(`fault path must be "check" or "activate", got ${JSON.stringify(options.path)}`);
	}
	if (options.times !== undefined && !(Number.isInteger(options.times) && options.times >= 1)) {
		throw new RangeError(`fault times must be an integer >= 1, got ${options.times}`);
	}
}

export class FaultQueue {
	readonly #queue: QueuedFault[] = [];

	add(fault: Fault, options: FaultOptions = {}): void {
		validateFault(fault, options);
		this.#queue.push({ fault, ...(options.path ? { path: options.path } : {}), remaining: options.times ?? 1 });
	}

	/** The first queued fault that applies to a request of this kind, used up by one. */
	take(target: FaultTarget): Fault | undefined {
		const index = this.#queue.findIndex((entry) => entry.path === undefined || entry.path === target);
		if (index < 0) return undefined;
		const entry = this.#queue[index]!;
		entry.remaining -= 1;
		if (entry.remaining === 0) this.#queue.splice(index, 1);
		return entry.fault;
	}

	get size(): number {
		return this.#queue.length;
	}
}

/** Own data property, whatever the name ("__proto__" included; Object.prototype may be frozen). */
function put(object: Record<string, unknown>, name: string, value: unknown): void {
	Object.defineProperty(object, name, { value, enumerable: true, writable: true, configurable: true });
}

function section(root: Record<string, unknown>, name: string): Record<string, unknown> {
	const existing = root[name];
	if (typeof existing === "object" && existing !== null && !Array.isArray(existing)) return existing as Record<string, unknown>;
	const created: Record<string, unknown> = {};
	put(root, name, created);
	return created;
}

let junkCounter = 0;
let variantCounter = 0;

const FIRMWARE_MQTT_NAMES = Object.freeze(["endpoint", "client_id", "username", "password", "keepalive", "publish_topic", "subscribe_topic"]);

/** A case variant of one of the names the firmware reads, never the name itself: the n-th of an endless sequence. */
function caseVariant(n: number): string {
	const name = FIRMWARE_MQTT_NAMES[n % FIRMWARE_MQTT_NAMES.length]!;
	const letters = [...name].filter((c) => /[a-z]/.test(c)).length;
	// Masks 1 .. 2^letters - 1: each letter upper-cased where its bit is set (0 would be the name itself).
	const mask = 1 + (Math.floor(n / FIRMWARE_MQTT_NAMES.length) % (2 ** letters - 1));
	let bit = 0;
	return [...name].map((c) => (/[a-z]/.test(c) && (mask >> bit++) & 1 ? c.toUpperCase() : c)).join("");
}

/**
 * The body of a hostile check answer for `fault`, built from the normal answer's body, or
 * undefined when the fault is not one of the hostile-answer kinds.
 */
export function hostileCheckBody(fault: Fault, normalBody: string): string | undefined {
	if (fault.kind === "deep-nesting") {
		const levels = fault.levels ?? 509;
		return "[".repeat(levels) + "]".repeat(levels);
	}
	if (fault.kind === "repeated-activation") return normalBody.replace(/\}\s*$/, ',"activation":{}}');
	if (!RESHAPING_KINDS.has(fault.kind)) return undefined;
	const root = JSON.parse(normalBody) as Record<string, unknown>;
	switch (fault.kind) {
		case "prototype-members":
			for (const name of ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"]) {
				put(section(root, "mqtt"), name, `${name}-value`);
				put(section(root, "websocket"), name, 1);
			}
			break;
		case "malformed-activation":
			put(root, "activation", fault.activation);
			break;
		case "implausible-time":
			put(section(root, "server_time"), "timestamp", fault.timestamp ?? 1e300);
			break;
		case "junk-members":
			for (let i = 0; i < (fault.count ?? 32); i++) put(section(root, "mqtt"), `junk_${junkCounter++}`, "j".repeat(24));
			break;
		case "odd-member-names":
			for (const name of ["", "nul\u0000key", "中文键名超过十五字节", "sixteen_chars_xx", "with space", "c1\u009b[2J", "9lives"])
				put(section(root, "mqtt"), name, "odd");
			break;
		case "code-text":
			put(section(root, "activation"), "code", fault.code);
			break;
		case "hostile-addresses":
			put(section(root, "websocket"), "url", fault.websocketUrl ?? "javascript:alert(1)");
			put(section(root, "mqtt"), "endpoint", fault.mqttEndpoint ?? "file:///etc/passwd");
			break;
		case "case-variant-members": {
			const mqtt: Record<string, unknown> = {};
			for (let i = 0; i < (fault.count ?? 32); i++) put(mqtt, caseVariant(variantCounter++), "v".repeat(16));
			for (const [name, value] of Object.entries(section(root, "mqtt"))) put(mqtt, name, value);
			put(mqtt, "keepalive", 240);
			put(root, "mqtt", mqtt);
			break;
		}
		default:
			break;
	}
	return JSON.stringify(root);
}
