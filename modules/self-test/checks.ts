/*
 * The board self-test's checks as data: each runs in turn, within its own time limit, and
 * ends as PASS, FAIL (with the reason) or "needs the board" (a host that cannot run it: the
 * simulator has no speaker, LED or BOOT button). One console line per check; three rows of
 * summary for the OLED.
 */

export type CheckStatus = "pass" | "fail" | "needs-board";

export interface CheckResult {
	readonly name: string;
	readonly status: CheckStatus;
	readonly detail: string;
}

export interface Verdict {
	readonly ok: boolean;
	readonly detail: string;
}

export interface Check {
	readonly name: string;
	/** Absent: this host cannot run the check; `why` says what it needs. */
	readonly run?: () => Promise<Verdict>;
	readonly why?: string;
	/** Longest the check may take (default DEFAULT_CHECK_MS). */
	readonly timeoutMs?: number;
}

export interface CheckTimers {
	set(callback: () => void, ms: number): unknown;
	clear(handle: unknown): void;
}

export const DEFAULT_CHECK_MS = 30_000;

const STATUS_WORDS: Readonly<Record<CheckStatus, string>> = Object.freeze({ pass: "PASS", fail: "FAIL", "needs-board": "needs the board" });

/** The console line of one check: `PASS nvs: …`, `FAIL uart 921600: …`, `needs the board speaker: …`. */
export function resultLine(result: CheckResult): string {
	return `${STATUS_WORDS[result.status]} ${result.name}: ${result.detail}`;
}

function errorText(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

/** Runs `check` within its time limit; a throw or a timeout is a FAIL with the reason. */
export async function runCheck(check: Check, timers: CheckTimers): Promise<CheckResult> {
	const { name, run } = check;
	if (!run) return { name, status: "needs-board", detail: check.why ?? "this host cannot run it" };
	const limit = check.timeoutMs ?? DEFAULT_CHECK_MS;
	let timer: unknown;
	const timeout = new Promise<Verdict>((resolve) => {
		timer = timers.set(() => resolve({ ok: false, detail: `no result within ${limit / 1000} s` }), limit);
	});
	try {
		const verdict = await Promise.race([run(), timeout]);
		return { name, status: verdict.ok ? "pass" : "fail", detail: verdict.detail };
	} catch (error) {
		return { name, status: "fail", detail: errorText(error) };
	} finally {
		timers.clear(timer);
	}
}

/** Runs the checks one after the other, reporting each result as it ends. */
export async function runChecks(checks: readonly Check[], timers: CheckTimers, report: (result: CheckResult) => void): Promise<CheckResult[]> {
	const results: CheckResult[] = [];
	for (const check of checks) {
		const result = await runCheck(check, timers);
		results.push(result);
		report(result);
	}
	return results;
}

export interface Tally {
	readonly passed: number;
	readonly failed: number;
	readonly needsBoard: number;
}

export function tally(results: readonly CheckResult[]): Tally {
	let passed = 0;
	let failed = 0;
	let needsBoard = 0;
	for (const result of results) {
		if (result.status === "pass") passed++;
		else if (result.status === "fail") failed++;
		else needsBoard++;
	}
	return { passed, failed, needsBoard };
}

/** The last console line: counts, then `SELF-TEST PASSED` only when nothing failed. */
export function finalLine(results: readonly CheckResult[]): string {
	const { passed, failed, needsBoard } = tally(results);
	return `SELF-TEST ${failed ? "FAILED" : "PASSED"}: ${passed} passed, ${failed} failed, ${needsBoard} need the board`;
}

/** Three short rows for the 128x32 OLED: the verdict, the counts, the failed checks' names. */
export function summaryRows(results: readonly CheckResult[]): readonly [string, string, string] {
	const { passed, failed, needsBoard } = tally(results);
	const failedNames = results.filter((result) => result.status === "fail").map((result) => result.name);
	const counts = `${passed} ok ${failed} bad ${needsBoard} n/a`;
	return failed ? ["SELF-TEST FAILED", counts, failedNames.join(", ")] : ["SELF-TEST PASSED", counts, needsBoard ? "n/a: needs the board" : "all checks ran"];
}
