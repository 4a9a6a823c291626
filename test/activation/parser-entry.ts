/*
 * XS side of the parser's stress tests (board-stack.test.ts): the status-query parser as
 * global functions, and a way to run one of them with part of the stack already in use.
 * Results go back to Node through issueCommand, one JSON message per call.
 */
import { parseCheckResponse } from "activation/response";
import { report, withStackUsed } from "../support/board-stack-probe.ts";

/** "activated", "challenge", "failed <kind>: <detail>", or "threw <error>". */
function outcomeOf(body: string): string {
	try {
		const result = parseCheckResponse(200, body, "2.0.4");
		if (!result.ok) return `failed ${result.reason.kind}: ${result.reason.detail}`;
		return result.answer.activation ? "challenge" : "activated";
	} catch (error) {
		return `threw ${String(error)}`;
	}
}

const parserProbe = {
	/** Parses every body and reports the outcomes, in order. */
	outcomes(bodies: readonly string[]): void {
		report(bodies.map(outcomeOf));
	},
	/** Parses `body` with `slots` stack slots already in use, then reports "survived". */
	parseBelow(slots: number, body: string): void {
		withStackUsed(slots, () => void outcomeOf(body));
		report("survived");
	},
	/** The same, with nothing to do at the bottom: the baseline of parseBelow. */
	idleBelow(slots: number): void {
		withStackUsed(slots, () => undefined);
		report("survived");
	},
	/** JSON.parse with no guard, as the parser did before (to show the worker's stack is the board's). */
	rawParse(body: string): void {
		JSON.parse(body);
		report("survived");
	},
};
(globalThis as unknown as { parserProbe: typeof parserProbe }).parserProbe = parserProbe;
