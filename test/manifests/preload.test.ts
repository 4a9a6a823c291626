/*
 * Every device module is preloaded, and is fit to be.
 *
 * mcconfig applies wildcard `preload` patterns ("activation/*") only to JavaScript modules,
 * never to TypeScript ones (the SDK's tools/mcconfig.js), so a wildcard silently preloads nothing
 * and the module, its tables and its fonts are built in RAM on every boot. This test reads
 * the manifests as mcconfig merges them for each platform (esp32 with hosts/esp32s3, and
 * lin), follows the run-time imports from `main` (and the esp32 `setup/network`) through
 * the manifests' module maps, and fails when a project module the firmware links is not
 * named in that platform's preload list.
 *
 * A preloaded module's top level runs once, at build time, inside the linker; its objects
 * land in flash and the linker freezes its functions and classes. So a preloaded module
 * must do nothing at load time that a boot would have to redo or that the device writes
 * later. Checked on the TypeScript syntax of each linked module's top level: only imports,
 * types, functions, classes (no writable static fields, since the class is frozen), `const`
 * declarations whose value is not a bare mutable literal or `new …` (wrap those in
 * Object.freeze), and `Object.freeze(…)` statements. A top-level `let` is state written at
 * run time (XS keeps a RAM pointer for it); it must say so with a "run-time state:" comment.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = fileURLToPath(new URL("../../", import.meta.url));
type ModuleMap = Record<string, string | string[]>;
interface ManifestPart {
	include?: string | string[];
	modules?: ModuleMap;
	preload?: string | string[];
	platforms?: Record<string, ManifestPart>;
}
const readManifest = (path: string): ManifestPart => JSON.parse(readFileSync(join(root, path), "utf8")) as ManifestPart;

interface Build {
	readonly name: string;
	readonly platform: "esp32" | "lin";
	/** Specifier → absolute paths without extension (or with a trailing `*`). */
	readonly modules: Map<string, string[]>;
	readonly preload: string[];
	readonly entries: readonly string[];
}

function merge(build: Build, manifestPath: string, part: ManifestPart | undefined): void {
	if (!part) return;
	for (const [name, value] of Object.entries(part.modules ?? {})) {
		if (name === "~") continue;
		const paths = (Array.isArray(value) ? value : [value]).filter(isRelative).map((p) => join(root, dirname(manifestPath), p));
		if (paths.length) build.modules.set(name, [...(build.modules.get(name) ?? []), ...paths]);
	}
	const preload = part.preload === undefined ? [] : Array.isArray(part.preload) ? part.preload : [part.preload];
	build.preload.push(...preload);
}

const isRelative = (path: string): boolean => path.startsWith("./") || path.startsWith("../");

/** The board self-test, an app of its own with the board's subplatform. */
const SELF_TEST = "hosts/esp32s3/self-test/manifest.json";

function buildFor(name: "esp32" | "lin", app = "manifest.json"): Build {
	const build: Build = {
		name: app === "manifest.json" ? name : `${name} (${app})`,
		platform: name,
		modules: new Map(),
		preload: [],
		entries: name === "esp32" ? ["main", "setup/network"] : ["main"],
	};
	// The project's own manifests, following their relative includes as mcconfig does.
	const pending = [app, ...(name === "esp32" ? ["hosts/esp32s3/manifest.json"] : [])];
	const seen = new Set<string>();
	for (let path = pending.shift(); path !== undefined; path = pending.shift()) {
		if (seen.has(path)) continue;
		seen.add(path);
		const manifest = readManifest(path);
		for (const part of [manifest, manifest.platforms?.[name]]) {
			merge(build, path, part);
			const includes = part?.include === undefined ? [] : Array.isArray(part.include) ? part.include : [part.include];
			for (const include of includes) if (isRelative(include)) pending.push(join(dirname(path), include));
		}
	}
	return build;
}

/** The project's TypeScript file behind a specifier in this build, if it is one of ours. */
function resolve(build: Build, specifier: string): string | undefined {
	const candidates: string[] = [];
	for (const [name, paths] of build.modules) {
		if (name === "*") {
			for (const path of paths) if (path.endsWith(`/${specifier}`)) candidates.push(path);
		} else if (name.endsWith("/*") && specifier.startsWith(name.slice(0, -1))) {
			for (const path of paths) if (path.endsWith("*")) candidates.push(path.slice(0, -1) + specifier.slice(name.length - 1));
		} else if (name === specifier) candidates.push(...paths);
	}
	return candidates.map((path) => `${path}.ts`).find((path) => existsSync(path));
}

/** Run-time imports (type-only ones are erased by tsc). */
function runtimeImports(source: ts.SourceFile): string[] {
	const found: string[] = [];
	for (const statement of source.statements) {
		if ((ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
			if (ts.isImportDeclaration(statement) && statement.importClause?.isTypeOnly) continue;
			if (ts.isExportDeclaration(statement) && statement.isTypeOnly) continue;
			found.push(statement.moduleSpecifier.text);
		}
	}
	return found;
}

function parse(path: string): ts.SourceFile {
	return ts.createSourceFile(path, readFileSync(path, "utf8"), ts.ScriptTarget.ES2022, true);
}

/** Specifier → file of every project module the firmware links, following imports from the entries. */
function linked(build: Build): Map<string, string> {
	const seen = new Map<string, string>();
	const queue = [...build.entries];
	while (queue.length) {
		const specifier = queue.shift()!;
		if (seen.has(specifier)) continue;
		const file = resolve(build, specifier);
		if (!file) continue; // an SDK module
		seen.set(specifier, file);
		queue.push(...runtimeImports(parse(file)));
	}
	return seen;
}

/** Every TypeScript module a build maps: mcconfig runs tsc on each, linked or not. */
function compiled(build: Build): string[] {
	const files: string[] = [];
	for (const [, paths] of build.modules)
		for (const path of paths) {
			if (path.endsWith("*")) {
				const dir = path.slice(0, -1);
				if (existsSync(dir)) for (const name of readdirSync(dir)) if (name.endsWith(".ts") && !name.endsWith(".d.ts")) files.push(join(dir, name));
			} else if (existsSync(`${path}.ts`)) files.push(`${path}.ts`);
		}
	return files;
}

const BUILDS = [buildFor("esp32"), buildFor("lin"), buildFor("esp32", SELF_TEST), buildFor("lin", SELF_TEST)];

test("preload lists name modules one by one: mcconfig ignores wildcards for TypeScript", () => {
	for (const build of BUILDS) assert.deepEqual(build.preload.filter((name) => name.includes("*")), [], build.name);
});

/** The specifiers under which a build can import `file` (a path with its extension). */
function specifiersOf(build: Build, file: string): string[] {
	const bare = file.replace(/\.ts$/, "");
	const names: string[] = [];
	for (const [name, paths] of build.modules)
		for (const path of paths) {
			if (name === "*") {
				if (path === bare) names.push(bare.slice(bare.lastIndexOf("/") + 1));
			} else if (name.endsWith("/*") && path.endsWith("*")) {
				const prefix = path.slice(0, -1);
				if (bare.startsWith(prefix) && !bare.slice(prefix.length).includes("/")) names.push(name.slice(0, -1) + bare.slice(prefix.length));
			} else if (path === bare) names.push(name);
		}
	return names;
}

const DEVICE_DIRS = ["modules", "hosts/esp32s3", "hosts/lin"];

function deviceFiles(): string[] {
	const files: string[] = [];
	for (const dir of DEVICE_DIRS)
		for (const entry of readdirSync(join(root, dir), { recursive: true, withFileTypes: true }))
			if (entry.isFile() && entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) files.push(join(entry.parentPath, entry.name));
	return files;
}

/** SDK modules that must not be preloaded on a platform, and why. */
const NOT_PRELOADABLE: Record<string, Record<string, string>> = {
	// The simulator's Preference is JavaScript ($(MODULES)/files/preference/lin) that keeps its
	// cache in a static field: preloaded (as any preloaded importer makes it), the cache is
	// in ROM and its JSON.stringify on save throws "read only value". On the ESP32 it is
	// native and the SDK preloads it.
	lin: { preference: "the simulator's Preference keeps its cache in a static field" },
};

/** Whether `specifier`'s run-time imports in `build` reach the SDK module `sdk`. */
function reaches(build: Build, specifier: string, sdk: string, seen = new Set<string>()): boolean {
	if (specifier === sdk) return true;
	if (seen.has(specifier)) return false;
	seen.add(specifier);
	const file = resolve(build, specifier);
	return file !== undefined && runtimeImports(parse(file)).some((next) => reaches(build, next, sdk, seen));
}

test("every device module is preloaded: all of modules/ a build maps, and every host module it links", () => {
	for (const build of BUILDS) {
		const modules = linked(build);
		assert.ok(modules.size > 30, `${build.name}: only ${modules.size} linked modules found; the import walk is broken`);
		const required = new Set(modules.keys());
		for (const file of deviceFiles())
			if (relative(root, file).startsWith("modules/")) for (const name of specifiersOf(build, file)) required.add(name);
		// Modules that import what must not be preloaded here load at run time (and only those).
		for (const sdk of Object.keys(NOT_PRELOADABLE[build.platform] ?? {})) {
			for (const name of [...required]) if (reaches(build, name, sdk)) required.delete(name);
			const wrongly = build.preload.filter((name) => reaches(build, name, sdk));
			assert.deepEqual(wrongly, [], `${build.name}: preloaded, but they import ${sdk} (${NOT_PRELOADABLE[build.platform]![sdk]})`);
		}
		const missing = [...required].filter((specifier) => !build.preload.includes(specifier));
		assert.deepEqual(missing, [], `${build.name}: device modules missing from the preload list`);
		const unknown = build.preload.filter((name) => /^(activation|screens|ml307|host|board|sim)\//.test(name) && resolve(build, name) === undefined);
		assert.deepEqual(unknown, [], `${build.name}: preloaded names that are no project module (a typo?)`);
	}
});

test("every device module (modules/, the Moddable hosts) is part of the board or the simulator build", () => {
	const unmapped = deviceFiles()
		.filter((file) => BUILDS.every((build) => specifiersOf(build, file).length === 0))
		.map((file) => relative(root, file));
	assert.deepEqual(unmapped, [], "device code that no manifest maps");
	const linkedFiles = new Set(BUILDS.flatMap((build) => [...linked(build).values()]));
	const hostsUnlinked = deviceFiles()
		.filter((file) => relative(root, file).startsWith("hosts/") && !linkedFiles.has(file))
		.map((file) => relative(root, file));
	assert.deepEqual(hostsUnlinked, [], "host code that no firmware imports");
});

/** Why a top-level statement is not fit for preloading, or undefined when it is. */
export function preloadProblem(statement: ts.Statement, source: ts.SourceFile): string | undefined {
	if (
		ts.isImportDeclaration(statement) ||
		ts.isExportDeclaration(statement) ||
		ts.isInterfaceDeclaration(statement) ||
		ts.isTypeAliasDeclaration(statement) ||
		ts.isFunctionDeclaration(statement)
	)
		return undefined;
	if (ts.isExportAssignment(statement)) return ts.isIdentifier(statement.expression) ? undefined : "export default of a computed value";
	if (ts.isClassDeclaration(statement)) {
		for (const member of statement.members) {
			const modifiers = ts.canHaveModifiers(member) ? ts.getModifiers(member) : undefined;
			const isStatic = modifiers?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword);
			const isReadonly = modifiers?.some((m) => m.kind === ts.SyntaxKind.ReadonlyKeyword);
			if (isStatic && ts.isPropertyDeclaration(member) && !isReadonly) return `class ${statement.name?.text}: writable static field (the class is frozen in flash)`;
			if (ts.isClassStaticBlockDeclaration(member)) return `class ${statement.name?.text}: static block`;
		}
		return undefined;
	}
	if (ts.isExpressionStatement(statement)) {
		const e = statement.expression;
		if (ts.isCallExpression(e) && e.expression.getText(source) === "Object.freeze") return undefined;
		return `top-level statement \`${e.getText(source).slice(0, 40)}\``;
	}
	if (ts.isVariableStatement(statement)) {
		const isConst = (statement.declarationList.flags & ts.NodeFlags.Const) !== 0;
		if (!isConst) {
			const comments = ts.getLeadingCommentRanges(source.text, statement.getFullStart()) ?? [];
			if (comments.some((c) => source.text.slice(c.pos, c.end).includes("run-time state:"))) return undefined;
			return `top-level \`${statement.declarationList.getText(source).slice(0, 40)}\` without a "run-time state:" comment`;
		}
		for (const declaration of statement.declarationList.declarations) {
			let value = declaration.initializer;
			while (value && (ts.isAsExpression(value) || ts.isSatisfiesExpression(value) || ts.isParenthesizedExpression(value))) value = value.expression;
			if (!value) continue;
			if (ts.isObjectLiteralExpression(value) || ts.isArrayLiteralExpression(value) || ts.isNewExpression(value))
				return `const ${declaration.name.getText(source)} is a mutable ${ts.SyntaxKind[value.kind]} (freeze it)`;
		}
		return undefined;
	}
	if (ts.isEnumDeclaration(statement) || ts.isModuleDeclaration(statement)) return `${ts.SyntaxKind[statement.kind]} builds an object at load`;
	if (ts.isEmptyStatement(statement)) return undefined;
	return `top-level ${ts.SyntaxKind[statement.kind]}`;
}

test("preloaded modules only define frozen constants, functions and classes at load", () => {
	const problems: string[] = [];
	const files = new Set(BUILDS.flatMap((build) => [...linked(build).values()]));
	for (const file of files) {
		const source = parse(file);
		for (const statement of source.statements) {
			const problem = preloadProblem(statement, source);
			if (problem) problems.push(`${relative(root, file)}:${source.getLineAndCharacterOfPosition(statement.getStart()).line + 1}: ${problem}`);
		}
	}
	assert.deepEqual(problems, []);
});

test("the load-time check catches what it should", () => {
	const sample = [
		"export const TABLE = { a: 1 };",
		"export const LIST = [1, 2];",
		"const MAP = new Map();",
		"let counter = 0;",
		"register();",
		"export class Counter { static count = 0; }",
		"enum Kind { A }",
		// fit:
		"// run-time state: read once from a resource\nlet loaded: string | undefined;",
		"export const FROZEN = Object.freeze({ a: 1 });",
		"Object.freeze(FROZEN);",
		"export class Fine { static readonly LIMIT = 3; #x = 0; }",
		"export function f(): void {}",
		'import { x } from "y";',
		"export type T = number;",
	].join("\n");
	const source = ts.createSourceFile("sample.ts", sample, ts.ScriptTarget.ES2022, true);
	const problems = source.statements.map((s) => preloadProblem(s, source));
	assert.equal(problems.slice(0, 7).filter(Boolean).length, 7, JSON.stringify(problems));
	assert.deepEqual(problems.slice(7), [undefined, undefined, undefined, undefined, undefined, undefined, undefined]);
});

test("the bare HTTPS client (test:moddable's yardstick) is built with the app's simulator creation numbers", () => {
	const app = readManifest("manifest.json") as ManifestPart & { platforms: Record<string, { creation?: unknown }> };
	const bare = readManifest("desktop/tools/moddable-sim/bare-client/manifest.json") as ManifestPart & { platforms: Record<string, { creation?: unknown }> };
	assert.ok(app.platforms.lin?.creation, "the app sets lin creation numbers");
	assert.deepEqual(bare.platforms.lin?.creation, app.platforms.lin?.creation);
});

test("the simulator runs with the board's creation numbers, so test:moddable checks them", () => {
	const app = readManifest("manifest.json") as ManifestPart & { platforms: Record<string, { creation?: unknown }> };
	const board = readManifest("hosts/esp32s3/manifest.json") as ManifestPart & { creation?: unknown };
	assert.deepEqual(app.platforms.lin?.creation, board.creation);
});

/** Every import of the project's own specifiers, type-only ones included (mcconfig's tsc resolves those through the manifests too). */
function projectImports(source: ts.SourceFile): string[] {
	const found: string[] = [];
	for (const statement of source.statements)
		if ((ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier))
			if (PROJECT_SPECIFIER.test(statement.moduleSpecifier.text)) found.push(statement.moduleSpecifier.text);
	return found;
}
const PROJECT_SPECIFIER = /^(activation|device|screens|ml307|announcer|led|wifi-setup|moddable-adapters|self-test|uart-model|esp32s3|lin|board)\//;

test("every project specifier a module the build compiles imports, type-only ones included, is mapped by the build's manifests", () => {
	for (const build of BUILDS) {
		const unmapped: string[] = [];
		for (const file of new Set([...linked(build).values(), ...compiled(build)]))
			for (const specifier of projectImports(parse(file))) {
				const mapped = [".ts", ".d.ts"].some((extension) => {
					const found = resolve(build, specifier);
					if (found) return true;
					for (const [name, paths] of build.modules)
						for (const path of paths) {
							const target = name === specifier ? path : name.endsWith("/*") && path.endsWith("*") && specifier.startsWith(name.slice(0, -1)) ? path.slice(0, -1) + specifier.slice(name.length - 1) : undefined;
							if (target && existsSync(`${target}${extension}`)) return true;
						}
					return false;
				});
				if (!mapped) unmapped.push(`${relative(root, file)} imports ${specifier}`);
			}
		assert.deepEqual(unmapped, [], `${build.name}: specifiers no manifest maps (mcconfig's tsc would fail)`);
	}
});
