/*
 * The setup server's request handling on XS with the BOARD's stack (an xsnap worker built with
 * `creation.stack` from hosts/esp32s3/manifest.json, where an overflow aborts the VM as on the
 * device): how deep every route goes, hostile 1 KB bodies of nested brackets included (refused
 * by the iterative parse before anything recurses on them).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { boardStack } from "../support/board-stack.ts";

const stack = boardStack(new URL("./stack-entry.ts", import.meta.url), "xs-setup-stack");
const BOARD_STACK = stack.slots;
const largestSurviving = stack.largestSurviving;

/** 216 measured (xsnap): about a screen render's depth; more would mean a recursion crept in. */
const SETUP_BOUND = 240;

test("board stack: every setup request, hostile bodies included, in a small, measured part of the board's stack", async () => {
	const idle = await largestSurviving((k) => `setupProbe.idleBelow(${k})`, 0, BOARD_STACK);
	const need = idle - (await largestSurviving((k) => `setupProbe.handleBelow(${k})`, 0, idle));
	const unguarded = idle - (await largestSurviving((k) => `setupProbe.parseNestedBelow(${k})`, 0, idle));
	console.log(`setup request stack slots (xsnap, board stack ${BOARD_STACK}): ${need}; JSON.parse of the nested body alone ${unguarded}`);
	assert.ok(idle > BOARD_STACK / 2, `the harness itself uses ${BOARD_STACK - idle} slots`);
	assert.ok(need > 0, "handling needs some stack");
	assert.ok(need <= SETUP_BOUND, `${need} slots (bound ${SETUP_BOUND})`);
	assert.ok(unguarded > need + 200, "the control: JSON.parse alone on the same 1 KB body goes far deeper (the guard refuses it first)");
});
