/*
 * The folder tree is the architecture: this test reads every import in the repository and
 * fails on one that goes the wrong way (docs/architecture.md has the picture).
 *
 *   modules/<area>/            device code, pure: no Moddable, no Node, nothing outside modules/
 *   modules/moddable-adapters/ device code on Moddable's modules: modules/ and the SDK only
 *   hosts/esp32s3/, hosts/lin/ the board platforms: device code, the SDK, their own folder
 *   main.ts                    the board's entry: device code and the platform ("board/platform")
 *   desktop/                   everything that runs on a desktop: anything but test/
 *   test/                      anything
 *
 * Device code never imports a platform, desktop tools or tests; desktop tools never import tests.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SOURCE = /\.(ts|mts|js|mjs)$/;
const SKIP = new Set(["node_modules", ".git", ".cache", "build", "out", "fixtures"]);

type Layer = "pure" | "adapters" | "platform" | "main" | "desktop" | "test" | "other";

function layerOf(path: string): Layer {
	if (path === "main.ts") return "main";
	if (path.startsWith("modules/moddable-adapters/")) return "adapters";
	if (path.startsWith("modules/")) return "pure";
	if (path.startsWith("hosts/")) return "platform";
	if (path.startsWith("desktop/")) return "desktop";
	if (path.startsWith("test/")) return "test";
	return "other";
}

/** Module specifiers as the manifests and tsconfig.json map them (board/platform: any platform). */
function specifierTarget(specifier: string): string | undefined {
	const paths = (JSON.parse(readFileSync(join(ROOT, "tsconfig.json"), "utf8")) as { compilerOptions: { paths: Record<string, string[]> } }).compilerOptions.paths;
	for (const [pattern, targets] of Object.entries(paths)) {
		const prefix = pattern.replace(/\*$/, "");
		if (pattern.endsWith("*") ? specifier.startsWith(prefix) : specifier === pattern) {
			const target = targets[0]!.replace(/^\.\//, "").replace(/\*$/, "");
			return pattern.endsWith("*") ? target + specifier.slice(prefix.length) : target;
		}
	}
	return undefined;
}

function walk(dir: string, out: string[]): string[] {
	for (const name of readdirSync(join(ROOT, dir))) {
		if (SKIP.has(name)) continue;
		const path = dir ? `${dir}/${name}` : name;
		if (statSync(join(ROOT, path)).isDirectory()) walk(path, out);
		else if (SOURCE.test(name) && !name.endsWith(".d.ts")) out.push(path);
	}
	return out;
}

function importsOf(path: string): string[] {
	const source = ts.createSourceFile(path, readFileSync(join(ROOT, path), "utf8"), ts.ScriptTarget.ES2022, true);
	const found: string[] = [];
	const visit = (node: ts.Node): void => {
		if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) found.push(node.moduleSpecifier.text);
		else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) found.push(node.arguments[0].text);
		ts.forEachChild(node, visit);
	};
	visit(source);
	return found;
}

/** Where an import lands: a repository path, "sdk" (Moddable), "node" (Node or npm) or "platform" (board/platform). */
function resolveImport(from: string, specifier: string): string {
	if (specifier.startsWith(".")) return relative(ROOT, join(ROOT, dirname(from), specifier)).replace(/\\/g, "/");
	if (specifier.startsWith("board/")) return "hosts/"; // the platform the manifest picks
	const mapped = specifierTarget(specifier);
	if (mapped) return mapped;
	if (specifier.startsWith("node:") || NPM_PACKAGES.has(packageName(specifier))) return "node";
	return "sdk";
}

const NPM_PACKAGES: ReadonlySet<string> = new Set(Object.keys((JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { devDependencies: Record<string, string> }).devDependencies));
const packageName = (specifier: string): string => specifier.split("/").slice(0, specifier.startsWith("@") ? 2 : 1).join("/");

const ALLOWED: Readonly<Record<Layer, (target: string, from: string) => boolean>> = {
	pure: (t) => layerOf(t) === "pure",
	adapters: (t) => t === "sdk" || layerOf(t) === "pure" || layerOf(t) === "adapters",
	platform: (t, from) => t === "sdk" || layerOf(t) === "pure" || layerOf(t) === "adapters" || t.startsWith(from.split("/").slice(0, 2).join("/") + "/") || t === "hosts/",
	main: (t) => t === "sdk" || t === "hosts/" || layerOf(t) === "pure" || layerOf(t) === "adapters",
	desktop: (t) => layerOf(t) !== "test",
	test: () => true,
	other: (t) => layerOf(t) !== "test",
};

test("every import goes the way the layers allow: device code imports no platform, desktop or test code; desktop no tests", () => {
	const wrong: string[] = [];
	const files = walk("", []);
	assert.ok(files.length > 100, `only ${files.length} source files found`);
	for (const file of files) {
		const layer = layerOf(file);
		for (const specifier of importsOf(file)) {
			const target = resolveImport(file, specifier);
			if (!ALLOWED[layer](target, file)) wrong.push(`${file} (${layer}) imports ${specifier} → ${target}`);
		}
	}
	assert.deepEqual(wrong, []);
});

test("the rule catches a wrong import (device code importing desktop code)", () => {
	assert.equal(ALLOWED.pure("desktop/runner/cli.ts", "modules/activation/machine.ts"), false);
	assert.equal(ALLOWED.pure("sdk", "modules/activation/machine.ts"), false);
	assert.equal(ALLOWED.adapters("test/support/memory-store.ts", "modules/moddable-adapters/bytes.ts"), false);
	assert.equal(ALLOWED.desktop("test/support/memory-store.ts", "desktop/bench/run.ts"), false);
	assert.equal(ALLOWED.platform("desktop/node/clock.ts", "hosts/lin/platform.ts"), false);
});
