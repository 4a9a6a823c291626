/*
 * XS side of test/support/board-stack.ts: what an entry reports goes back to Node through
 * xsnap's issueCommand, and a probe runs with part of the stack already in use.
 */

export function report(message: unknown): void {
	issueCommand(new TextEncoder().encode(JSON.stringify(message)).buffer as ArrayBuffer);
}

/** Calls `probe` below `slots` argument slots pushed on the XS stack (a spread call puts each argument there). */
export function withStackUsed(slots: number, probe: () => void): void {
	function below(..._slots: undefined[]): void {
		probe();
	}
	below(...new Array<undefined>(slots));
}
