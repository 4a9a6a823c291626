/*
 * XS side of the spec runner: installs the fixture table the runner injected, runs every
 * registered portable spec in order (awaiting async ones) and reports each result to Node.
 */
import { registeredSpecs, setFixtureReader } from "../spec.ts";
import "./index.ts";

declare const specFixtures: Readonly<Record<string, string>>;

function report(message: unknown): void {
	issueCommand(new TextEncoder().encode(JSON.stringify(message)).buffer as ArrayBuffer);
}

setFixtureReader((name) => {
	if (!Object.prototype.hasOwnProperty.call(specFixtures, name)) throw new Error(`no fixture named ${name}`);
	return specFixtures[name]!;
});

async function runAll(): Promise<void> {
	const cases = registeredSpecs();
	report({ type: "plan", names: cases.map((c) => c.name) });
	for (const { name, fn } of cases) {
		try {
			await fn();
			report({ type: "result", name, ok: true });
		} catch (error) {
			const e = error instanceof Error ? error : new Error(String(error));
			report({ type: "result", name, ok: false, error: `${e.name}: ${e.message}`, stack: e.stack ?? "" });
		}
	}
	report({ type: "finished" });
}

void runAll();
