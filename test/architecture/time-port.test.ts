/*
 * One time port for device code: `Timers` (now/set/clear, modules/activation/interfaces.ts),
 * with `sleep` a function over it and the wall clock's setter its own small port. No other
 * clock interface in device code, no part list that asks for two times, and every
 * implementation keeps the port's contract: a timer fires once, never early, the earliest
 * first (ties in the order set), never inside set(), never once cleared.
 */
import { sdk } from "../support/sdk-standins/register.ts";
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { sleep, type Timers } from "../../modules/activation/interfaces.ts";
import { RealClock, VirtualClock } from "../../desktop/node/clock.ts";
import { ManualClock } from "../../desktop/ml307-simulator/manual-clock.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const { moddableTimers } = await import("moddable-adapters/time");
const virtualTime = sdk.timeline;

function deviceSources(dir = join(ROOT, "modules"), out: string[] = []): string[] {
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) deviceSources(path, out);
		else if (entry.name.endsWith(".ts")) out.push(relative(ROOT, path));
	}
	return out;
}

test("device code has one time port: no other clock interface, no sleep() member, no part list asking for two times", () => {
	const sources = deviceSources().concat(["main.ts"]);
	const problems: string[] = [];
	for (const file of sources) {
		const text = readFileSync(join(ROOT, file), "utf8");
		if (/\binterface \w*Clock\b(?! extends)/.test(text) && !/\binterface WallClock\b/.test(text)) problems.push(`${file} declares a clock interface`);
		if (/^\s*(readonly )?sleep\??\(ms: number\): Promise<void>;/m.test(text)) problems.push(`${file} declares a sleep() member: sleep is a function over Timers`);
		if (/\btimersFromClock\b|\bTimerClock\b/.test(text)) problems.push(`${file} still converts between two times`);
		if (/^\s*readonly clock\??: /m.test(text)) problems.push(`${file} asks for a clock beside the timers`);
	}
	const interfaces = readFileSync(join(ROOT, "modules/activation/interfaces.ts"), "utf8");
	assert.match(interfaces, /export interface Timers \{/);
	assert.match(interfaces, /export function sleep\(timers: Timers, ms: number\): Promise<void>/);
	assert.match(interfaces, /export interface WallClock \{\s*\/\*\*[^]*?\*\/\s*setWallClock\(epochMs: number\): void;\s*\}/);
	assert.deepEqual(problems, []);
});

/** An implementation of the port and how to let `ms` of its time pass. */
interface Subject {
	readonly name: string;
	readonly timers: Timers;
	pass(ms: number): Promise<void>;
	/** Its unit of time in this test: real clocks get a little more than a millisecond. */
	readonly unit: number;
}

function subjects(): Subject[] {
	const virtual = new VirtualClock(500);
	const manual = new ManualClock();
	const real = new RealClock();
	virtualTime.reset();
	return [
		{ name: "VirtualClock", timers: virtual, pass: (ms) => sleep(virtual, ms), unit: 1 },
		{ name: "ManualClock", timers: manual, pass: (ms) => manual.advance(ms), unit: 1 },
		{ name: "RealClock (realTimers, nodeTimers)", timers: real, pass: (ms) => new Promise((resolve) => setTimeout(resolve, ms)), unit: 8 },
		{
			name: "moddableTimers (the board's and the simulator's)",
			timers: moddableTimers,
			async pass(ms) {
				virtualTime.advance(ms);
				await Promise.resolve();
			},
			unit: 1,
		},
	];
}

for (const subject of subjects()) {
	test(`the time port's contract: ${subject.name}`, async () => {
		const { timers, unit } = subject;
		const start = timers.now();
		const fired: string[] = [];
		const at: Record<string, number> = {};
		const mark = (name: string) => () => {
			fired.push(name);
			at[name] = timers.now();
		};
		timers.set(mark("late"), 30 * unit);
		timers.set(mark("first"), 10 * unit);
		timers.set(mark("tie"), 10 * unit);
		timers.clear(timers.set(mark("cleared"), 5 * unit));
		timers.clear(undefined);
		timers.set(mark("zero"), 0);
		assert.deepEqual(fired, [], "nothing fires inside set()");
		await subject.pass(8 * unit);
		assert.deepEqual(fired, ["zero"], "nothing before it is due, a cleared timer never");
		await subject.pass(40 * unit);
		assert.deepEqual(fired, ["zero", "first", "tie", "late"], "earliest first, ties in the order set, each once");
		assert.ok(at.first! - start >= 10 * unit && at.late! - start >= 30 * unit, `never early: ${JSON.stringify(at)} from ${start}`);
		assert.ok(timers.now() >= start + 48 * unit - unit, "now() moved with the time that passed");
	});
}
