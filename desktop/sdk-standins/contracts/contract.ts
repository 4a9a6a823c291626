/*
 * A contract: assertions about one SDK module's behaviour, written once. The Node tests run
 * each contract on its stand-in (test/sdk-standins/contracts.test.ts); `npm run test:moddable
 * -- --profile sdk-contracts` runs the same checks on the SDK's real module in the Linux
 * simulator (desktop/tools/moddable-sim/sdk-contracts), so a stand-in that drifts from the SDK
 * fails. Plain TypeScript (no Node, no Moddable import): the module under test is passed in.
 * A check the lin build cannot show (the ESP32's NVS limits: lin's Preference is a JSON file)
 * says so with `only: "esp32"` and runs on the stand-in alone.
 */

export interface ContractEnv {
	/** Lets `ms` of the board's time pass with the run loop turning (timers fire). */
	wait(ms: number): Promise<void>;
}

export interface ContractCheck {
	readonly name: string;
	/** The SDK platform whose C this check reads; without it the check holds on every platform. */
	readonly only?: "esp32";
	run(env: ContractEnv): void | Promise<void>;
}

export class ContractFailure extends Error {}

function show(value: unknown): string {
	if (value instanceof ArrayBuffer) return `ArrayBuffer[${Array.from(new Uint8Array(value)).join(",")}]`;
	if (typeof value === "string") return JSON.stringify(value);
	if (Array.isArray(value)) return `[${value.map(show).join(", ")}]`;
	return String(value);
}

function same(actual: unknown, expected: unknown): boolean {
	if (actual instanceof ArrayBuffer && expected instanceof ArrayBuffer) return show(actual) === show(expected);
	if (Array.isArray(actual) && Array.isArray(expected)) return actual.length === expected.length && actual.every((each, i) => same(each, expected[i]));
	return Object.is(actual, expected);
}

export function expectEqual(actual: unknown, expected: unknown, what: string): void {
	if (!same(actual, expected)) throw new ContractFailure(`${what}: got ${show(actual)}, expected ${show(expected)}`);
}

/**
 * The C's message as thrown: XS debug builds (mxDebug, as the simulator's and a `-d` device
 * build) append " (in <function>)" to the errors host code throws; release builds do not.
 */
function isMessage(actual: string, message: string): boolean {
	return actual === message || (actual.startsWith(`${message} (in `) && actual.endsWith(")"));
}

/** `run` must throw an error of class `kind` with the C's `message`. */
export function expectThrows(run: () => unknown, kind: ErrorConstructor, message: string, what: string): void {
	let thrown: unknown;
	try {
		run();
	} catch (error) {
		thrown = error;
	}
	// The prototype's name: a constructor's own name is not kept in every XS build.
	const expected = `${(kind.prototype as Error).name} "${message}"`;
	if (thrown === undefined) throw new ContractFailure(`${what}: nothing was thrown, expected ${expected}`);
	const error = thrown as Error;
	if (!(error instanceof kind) || !isMessage(String(error.message), message)) throw new ContractFailure(`${what}: threw ${error.name} "${error.message}", expected ${expected}`);
}

export function expectNoThrow(run: () => unknown, what: string): void {
	try {
		run();
	} catch (error) {
		throw new ContractFailure(`${what}: threw ${(error as Error).name} "${(error as Error).message}"`);
	}
}

/** Runs every check in order, one at a time; `report` gets each outcome (a failure's message, or undefined). */
export async function runContract(
	module: string,
	checks: readonly ContractCheck[],
	env: ContractEnv,
	platform: string,
	report: (module: string, name: string, outcome: "pass" | "fail" | "skip", detail?: string) => void,
): Promise<number> {
	let failed = 0;
	for (const check of checks) {
		if (check.only && check.only !== platform) {
			report(module, check.name, "skip", `${check.only} only`);
			continue;
		}
		try {
			await check.run(env);
			report(module, check.name, "pass");
		} catch (error) {
			failed++;
			report(module, check.name, "fail", `${(error as Error).name}: ${(error as Error).message}`);
		}
	}
	return failed;
}
