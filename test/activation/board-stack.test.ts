/*
 * The status-query parser on XS with the BOARD's stack: an xsnap worker built with
 * `creation.stack` from hosts/esp32s3/manifest.json (768 slots; desktop/runner/board-worker.ts),
 * where a stack overflow aborts the VM exactly as on the device.
 *  - hostile nesting is refused by the iterative parse (activation/json-parse), and the same
 *    text given to a bare JSON.parse does abort this worker (so the stack really is the board's);
 *  - the deepest answer the parser accepts, measured in stack slots, against the 768;
 *  - a property test: seeded random JSON answers never throw, never abort, and never read
 *    as "activated" when they carry an activation code or challenge, or a malformed section;
 *    answers with repeated names read as cJSON reads them (the first of each).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { boardStack } from "../support/board-stack.ts";
import { randomAnswer, randomRepeatedNamesAnswer, mulberry32, expectedReading } from "../support/random-json.ts";

const stack = boardStack(new URL("./parser-entry.ts", import.meta.url), "xs-board-stack");
const BOARD_STACK = stack.slots;
const CAPTURED = readFileSync(new URL("../fixtures/ota-response-2-unactivated.json", import.meta.url), "utf8");
/** Runs `call` (a script) in a fresh board-stack worker; the messages it reported, or "aborted". */
const onBoardStack = stack.run;

const nestedArrays = (levels: number) => "[".repeat(levels) + "]".repeat(levels);
const nestedObjects = (levels: number, inner = "1") => '{"a":'.repeat(levels) + inner + "}".repeat(levels);

test("board stack: the worker has the board's 768 slots (a bare JSON.parse of 600 nested arrays aborts it)", async () => {
	assert.equal(BOARD_STACK, 768);
	const bare = await onBoardStack(`parserProbe.rawParse(${JSON.stringify(nestedArrays(600))})`);
	assert.equal(bare.aborted, true, "600 nested arrays (1.2 KB) overflow 768 slots");
	const small = await onBoardStack(`parserProbe.rawParse(${JSON.stringify(nestedArrays(20))})`);
	assert.deepEqual(small, { aborted: false, messages: ["survived"] });
});

test("board stack: hostile nesting is bad-json with a reason, the VM survives", async () => {
	const bodies = [nestedArrays(509), nestedObjects(254), nestedArrays(3837), `{"activation":${nestedObjects(300)}}`, `{"mqtt":{"a":"]]]]"},"x":${nestedArrays(4000)}}`];
	const run = await onBoardStack(`parserProbe.outcomes(${JSON.stringify(bodies)})`);
	assert.equal(run.aborted, false);
	const [outcomes] = run.messages as [string[]];
	assert.equal(outcomes.length, bodies.length);
	for (const outcome of outcomes) assert.match(outcome, /^failed bad-json: the answer is nested more than 8 levels deep/);
});

const largestSurviving = stack.largestSurviving;

test("board stack: the deepest answer the parser accepts needs a small part of the 768 slots (measured)", async () => {
	// The deepest accepted answers along every path: 8 levels in a settings section, in
	// activation, and as a server error object (which the parser JSON.stringify-s).
	const deepest = [
		`{"mqtt":{"a":${nestedObjects(6)}},"firmware":{"version":"2.0.4","url":""}}`,
		`{"activation":{"code":"123456","x":${nestedObjects(6)}}}`,
		`{"error":${nestedObjects(7)}}`,
		`{"server_time":${nestedArrays(7)}}`,
	];
	for (const body of deepest) {
		const run = await onBoardStack(`parserProbe.outcomes([${JSON.stringify(body)}])`);
		assert.equal(run.aborted, false);
		assert.doesNotMatch(String((run.messages[0] as string[])[0]), /nested more than|threw/, body);
	}
	const idle = await largestSurviving((k) => `parserProbe.idleBelow(${k})`, 0, BOARD_STACK);
	let worst = 0;
	const needs: number[] = [];
	for (const body of [CAPTURED, ...deepest]) {
		const withParse = await largestSurviving((k) => `parserProbe.parseBelow(${k}, ${JSON.stringify(body)})`, 0, idle);
		needs.push(idle - withParse);
		worst = Math.max(worst, idle - withParse);
	}
	console.log(`stack slots needed: captured answer ${needs[0]}, deepest accepted ${needs.slice(1).join(" / ")}`);
	const refused = await largestSurviving((k) => `parserProbe.parseBelow(${k}, ${JSON.stringify(nestedArrays(3837))})`, 0, idle);
	console.log(
		`board stack ${BOARD_STACK} slots: ${idle} free for a call; the deepest accepted answer takes ${worst} slots, ` +
			`a refused 7.7 KB nesting ${idle - refused}`,
	);
	assert.ok(idle > BOARD_STACK / 2, `the harness itself uses ${BOARD_STACK - idle} slots`);
	assert.ok(worst * 4 <= BOARD_STACK, `the parse needs ${worst} slots; it should leave 3/4 of the board's stack to the rest of the app`);
	assert.ok(Math.max(...needs.slice(1)) <= needs[0]! + 16, "the depth bound costs (almost) no stack beyond the captured answer's own parse");
	assert.ok(idle - refused <= worst, "refusing a deep answer costs no more stack than parsing an accepted one");
});

test("board stack: 3,000 seeded random answers never throw, never abort, never read as activated when they carry a code", async () => {
	const random = mulberry32(0x9e3779b9);
	const bodies: string[] = [];
	for (let i = 0; i < 3000; i++) bodies.push(randomAnswer(random));
	const batch = 250;
	let activated = 0;
	let challenges = 0;
	let deepRefused = 0;
	for (let start = 0; start < bodies.length; start += batch) {
		const slice = bodies.slice(start, start + batch);
		const run = await onBoardStack(`parserProbe.outcomes(${JSON.stringify(slice)})`);
		assert.equal(run.aborted, false, `XS aborted in the batch from answer ${start}`);
		const outcomes = run.messages[0] as string[];
		assert.equal(outcomes.length, slice.length);
		outcomes.forEach((outcome, i) => {
			const body = slice[i]!;
			assert.doesNotMatch(outcome, /^threw/, body.slice(0, 200));
			const reading = expectedReading(body);
			if (outcome === "activated") {
				activated++;
				assert.equal(reading, "no-challenge", `read as activated: ${body.slice(0, 300)}`);
			}
			if (outcome === "challenge") challenges++;
			if (/nested more than/.test(outcome)) deepRefused++;
			if (reading === "too-deep") assert.match(outcome, /^failed bad-json: the answer is nested more than 8/, body.slice(0, 100));
		});
	}
	console.log(`random answers: ${activated} activated, ${challenges} with a challenge, ${deepRefused} refused as too deep, of ${bodies.length}`);
	assert.ok(activated > 100 && challenges > 100 && deepRefused > 100, "the generator reaches every kind of outcome");
});

test("board stack: 500 seeded answers with repeated names read as cJSON reads them (the first of each name), never activated by a later one", async () => {
	const random = mulberry32(0x85ebca6b);
	const answers = Array.from({ length: 500 }, () => randomRepeatedNamesAnswer(random));
	const run = await onBoardStack(`parserProbe.outcomes(${JSON.stringify(answers.map((answer) => answer.body))})`);
	assert.equal(run.aborted, false);
	const outcomes = run.messages[0] as string[];
	let activated = 0;
	outcomes.forEach((outcome, i) => {
		const { body, reading } = answers[i]!;
		assert.equal(outcome === "activated", reading === "no-challenge", `${outcome}: ${body}`);
		if (outcome === "activated") activated++;
	});
	console.log(`repeated names: ${activated} activated (first activation without code or challenge), ${answers.length - activated} not`);
	assert.ok(activated > 50 && activated < 450, "both readings occur");
});
