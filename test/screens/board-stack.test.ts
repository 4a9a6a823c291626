/*
 * The screen renderer on XS with the BOARD's stack (an xsnap worker built with
 * `creation.stack` from hosts/esp32s3/manifest.json; desktop/runner/board-worker.ts), where a
 * stack overflow aborts the VM as on the device. Measures, in slots, how deep a render goes
 * for every screen of the catalog in both languages.
 *
 * The figure is xsnap's (XS 13.3). The simulator's own (SDK 8.2.3, `npm run test:moddable`)
 * is the first draw's whole depth, frames below it included, held against a target of 239
 * slots; both figures are in docs/figures.md.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { boardStack } from "../support/board-stack.ts";

const stack = boardStack(new URL("./render-stack-entry.ts", import.meta.url), "xs-render-stack");
const BOARD_STACK = stack.slots;
const largestSurviving = stack.largestSurviving;

/**
 * The deepest render of any catalog screen, in slots on xsnap (the figure is in docs/figures.md's
 * memory table). A call level on the draw path costs 10 to 30 slots here, so the bound
 * leaves less room than one.
 */
const RENDER_BOUND = 210;

test("board stack: every screen, both languages, renders in a small, measured part of the board's stack", async () => {
	const idle = await largestSurviving((k) => `renderProbe.idleBelow(${k})`, 0, BOARD_STACK);
	const need = async (names: readonly string[]) => idle - (await largestSurviving((k) => `renderProbe.renderBelow(${k}, ${JSON.stringify(names)})`, 0, idle));
	const all = await need([]);
	const first = await need(["network-connecting"]);
	const code = await need(["code-activating"]);
	console.log(`render stack slots (xsnap, board stack ${BOARD_STACK}): any screen ${all}, the first screen ${first}, the code screen ${code}`);
	assert.ok(idle > BOARD_STACK / 2, `the harness itself uses ${BOARD_STACK - idle} slots`);
	assert.ok(first > 0 && code > 0 && all >= Math.max(first, code), "each render needs some stack, and all of them at least as much as any one");
	assert.ok(all <= RENDER_BOUND, `a render needs ${all} slots (bound ${RENDER_BOUND}): a call level was added on the draw path`);
});
