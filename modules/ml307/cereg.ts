/*
 * +CEREG lines, query form `+CEREG: <n>,<stat>[,"tac","ci"[,AcT]]` and URC form
 * `+CEREG: <stat>[,"tac","ci"[,AcT]]`, told apart as esp-ml307 does: an unquoted integer
 * second argument means the query form. One deliberate difference: a one-argument URC
 * (`+CEREG: 3`) is read as that stat, where the library reads 0 and misses a denial.
 */

import type { CeregFact } from "activation/interfaces";
import { integerArgument, type AtArgument } from "ml307/at-parse";

/** Registration stats that mean "registered": 1 home, 5 roaming. */
export function isRegistered(stat: number): boolean {
	return stat === 1 || stat === 5;
}

export const CEREG_DENIED = 3;

export function parseCereg(args: readonly AtArgument[]): CeregFact | undefined {
	if (args.length === 0) return undefined;
	const queryForm = args.length >= 2 && integerArgument(args[1]) !== undefined;
	const statIndex = queryForm ? 1 : 0;
	const stat = integerArgument(args[statIndex]);
	if (stat === undefined) return undefined;
	const rest = args.slice(statIndex + 1);
	if (rest.length < 2) return { stat };
	const tac = rest[0]!.text;
	const ci = rest[1]!.text;
	const act = integerArgument(rest[2]);
	const fact: { stat: number; tac?: string; ci?: string; AcT?: number } = { stat };
	if (tac) fact.tac = tac;
	if (ci) fact.ci = ci;
	if (act !== undefined) fact.AcT = act;
	return fact;
}
