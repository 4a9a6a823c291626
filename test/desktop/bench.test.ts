/*
 * `npm run bench` is not part of `npm test` (it prints figures and takes minutes), so a moved
 * file would break it unseen, as the relayout of issue 11 did (its fixtures path kept the old
 * depth). Every path the bench names relative to its own files must exist.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const benchDir = join(root, "desktop/bench");

/** Paths given to `here(…)` or `new URL(…, import.meta.url)`; a template keeps its text before the first `${`. */
function namedPaths(source: string): string[] {
	const paths: string[] = [];
	for (const match of source.matchAll(/(?:here\(|new URL\()\s*(["'`])([^"'`]+)\1?/g)) paths.push(match[2]!.split("${")[0]!);
	return paths;
}

test("every path the bench names exists (its fixtures, its XS entries, its sections)", () => {
	const files = readdirSync(benchDir, { recursive: true, withFileTypes: true })
		.filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
		.map((entry) => join(entry.parentPath, entry.name));
	const missing: string[] = [];
	let checked = 0;
	for (const file of files) {
		for (const path of namedPaths(readFileSync(file, "utf8"))) {
			if (!path.startsWith(".")) continue;
			checked++;
			const target = join(dirname(file), path);
			if (!existsSync(target)) missing.push(`${relative(root, file)}: ${path}`);
		}
	}
	assert.ok(checked >= 4, `only ${checked} paths found: the pattern no longer matches the bench's code`);
	assert.deepEqual(missing, []);
});
