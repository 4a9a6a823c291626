/*
 * The steady state of a device waiting for its code to be entered allocates (almost)
 * nothing: measured on the real XS engine (xsnap) with its heap meter, live slots before
 * and after each step. Every crank leaves a few slots of its own (its script), so an empty
 * crank right before gives the baseline. A frame is rendered into the one buffer made at
 * start, an unchanged view is not rendered again, and a poll reuses its headers.
 *
 * Also: every object a device module exports (tables, strings, fonts, class prototypes) is
 * frozen, so once preloaded it stays in flash and needs no RAM (test/manifests/preload.test.ts
 * checks the preload lists and the top-level statements).
 */
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { bundleForXs } from "../../desktop/runner/bundle.ts";
import { startXsWorker } from "../../desktop/runner/xs-worker.ts";
import { xsMeter } from "../support/xs-meter.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
/** The targets (XS slots per step). */
const CODE_SCREEN_MAX_SLOTS = 64;
const COUNTDOWN_TICK_MAX_SLOTS = 64;
/** The device's feedback (modules/device/feedback.ts): made once, and a repeat's readout. */
const FEEDBACK_MAX_SLOTS = 128;
const REPEAT_MAX_SLOTS = 32;

const meter = xsMeter({ entry: new URL("./memory-entry.ts", import.meta.url), name: "xs-memory", noop: "memory.noop()" });
const xs = meter.worker;
const slotsOf = meter.slotsOf;
after(() => meter.close());

test("XS meter: the measure sees allocations (a fresh header list costs slots)", async () => {
	assert.ok((await slotsOf("memory.freshHeaders()")) >= 10);
	assert.equal(await slotsOf("memory.noop()"), 0);
});

for (const language of ["zh-CN", "en-US"]) {
	test(`XS: rendering the code screen into the device's frame allocates at most ${CODE_SCREEN_MAX_SLOTS} slots (${language})`, async () => {
		const slots = await slotsOf(`memory.renderCode("${language}")`);
		assert.ok(slots <= CODE_SCREEN_MAX_SLOTS, `${slots} slots`);
	});

	test(`XS: an unchanged view is not rendered again: 0 slots (${language})`, async () => {
		const w = await xs();
		await w.evaluate(`memory.present("${language}")`);
		assert.equal(await slotsOf(`memory.unchanged("${language}")`), 0);
		const check = await w.evaluate(`if (!memory.frameIsRendered("${language}")) throw new Error("the presenter's frame is not the rendered screen")`);
		assert.ok(check.computrons > 0);
	});

	test(`XS: a countdown tick on the code screen (reduce + render into the same frame) allocates at most ${COUNTDOWN_TICK_MAX_SLOTS} slots (${language})`, async () => {
		const slots = await slotsOf(`memory.tick("${language}")`);
		assert.ok(slots <= COUNTDOWN_TICK_MAX_SLOTS, `${slots} slots`);
	});
}

test("XS: a poll reuses its headers and activate URL: 0 slots once made", async () => {
	await (await xs()).evaluate("memory.pollParts()");
	assert.equal(await slotsOf("memory.pollParts()"), 0);
});

test(`XS: the device's announcer and LED are made in at most ${FEEDBACK_MAX_SLOTS} slots; a countdown second allocates nothing, a code said again at most ${REPEAT_MAX_SLOTS}`, async () => {
	const made = await slotsOf("memory.feedbackMade()");
	await slotsOf("memory.feedbackCountdown()");
	const countdown = await slotsOf("memory.feedbackCountdown()");
	await slotsOf("memory.feedbackRepeat()");
	const repeat = await slotsOf("memory.feedbackRepeat()");
	console.log(`# device feedback on XS: ${made} slots made (announcer, LED pattern, first readout queued), ${countdown} per countdown event, ${repeat} per code said again`);
	assert.ok(made <= FEEDBACK_MAX_SLOTS, `${made} slots`);
	assert.equal(countdown, 0, "a countdown changes no timer and queues nothing");
	assert.ok(repeat <= REPEAT_MAX_SLOTS, `${repeat} slots`);
});

/** The pure device modules (the Moddable adapters need the SDK, which XS here does not have). */
function deviceModules(): string[] {
	return readdirSync(join(root, "modules"), { recursive: true, withFileTypes: true })
		.filter((entry) => entry.isFile() && entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts"))
		.map((entry) => relative(join(root, "modules"), join(entry.parentPath, entry.name)).replace(/\.ts$/, ""))
		.filter((name) => !name.startsWith("moddable-adapters/"));
}

test("XS: everything the device modules export is frozen (tables, strings, fonts, prototypes)", async () => {
	const modules = deviceModules();
	assert.ok(modules.length > 25);
	const dir = mkdtempSync(join(tmpdir(), "xiaozhi-frozen-"));
	try {
		const entry = join(dir, "entry.ts");
		const imports = modules.map((name, i) => `import * as m${i} from "${name}";`).join("\n");
		const table = modules.map((name, i) => `[${JSON.stringify(name)}, m${i}]`).join(", ");
		writeFileSync(
			entry,
			`${imports}
const problems: string[] = [];
const seen = new Set<unknown>();
function walk(value: unknown, path: string): void {
	if ((typeof value !== "object" && typeof value !== "function") || value === null || seen.has(value)) return;
	seen.add(value);
	// Typed arrays cannot be frozen; preloaded, their bytes are in flash.
	if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return;
	if (typeof value === "object" && !Object.isFrozen(value)) problems.push(path);
	for (const key of Reflect.ownKeys(value)) {
		const descriptor = Object.getOwnPropertyDescriptor(value, key)!;
		if (!("value" in descriptor)) continue;
		// A plain function's empty prototype is never used; a class's (methods besides constructor) is.
		if (typeof value === "function" && key === "prototype" && Reflect.ownKeys(descriptor.value).length <= 1) continue;
		walk(descriptor.value, path + "." + String(key));
	}
}
try {
	for (const [name, namespace] of [${table}] as [string, Record<string, unknown>][])
		for (const key of Object.keys(namespace)) walk(namespace[key], name + ":" + key);
} catch (error) {
	problems.push("walk failed: " + String(error));
}
declare const issueCommand: (message: ArrayBuffer) => ArrayBuffer;
issueCommand(new TextEncoder().encode(JSON.stringify({ problems, walked: seen.size })).buffer as ArrayBuffer);
`,
		);
		const script = await bundleForXs(entry);
		let report: { problems: string[]; walked: number } | undefined;
		const w = await startXsWorker({ handle: (message) => void (report = message as typeof report), name: "xs-frozen" });
		try {
			await w.evaluate(script);
		} finally {
			await w.close();
		}
		assert.ok(report, "the walk did not report");
		assert.ok(report.walked > 100, `only ${report.walked} values walked`);
		assert.deepEqual(report.problems, []);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});
