/*
 * Runs node:test over the project's test files: Node 20 has no glob in `--test`.
 * Usage: node desktop/tools/run-tests.ts [dir-or-file ...]  (default: test/)
 */
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

function collect(path: string, out: string[]): void {
	if (statSync(path).isDirectory()) {
		for (const name of readdirSync(path).sort()) collect(join(path, name), out);
	} else if (path.endsWith(".test.ts")) {
		out.push(path);
	}
}

const roots = process.argv.slice(2);
const files: string[] = [];
for (const root of roots.length ? roots : ["test"]) collect(root, files);
if (files.length === 0) {
	console.error(`no test files under ${roots.join(" ")}`);
	process.exit(1);
}
const result = spawnSync(
	process.execPath,
	["--import", "tsx", "--test", "--test-concurrency=2", "--test-reporter=spec", ...files],
	{ stdio: "inherit" },
);
process.exit(result.status ?? 1);
