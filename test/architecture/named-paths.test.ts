/*
 * Every path of this repository that a comment or a Markdown file names exists: after a
 * relayout, a comment that still names a folder's old place sends its reader nowhere.
 * A path is a word that starts with one of the repository's top-level folders; a module
 * path without its extension (as manifests and comments write them) may end in any of the
 * extensions a module has; globs are expanded. The SDK's own files are named the SDK's way,
 * `$(MODULES)/…` or `$MODDABLE/…`, so they are never taken for ours.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const TOP_LEVEL = ["modules", "hosts", "desktop", "test", "docs", "typings", "profiles", "bin", "sounds", ".ci"];
/** A path: a top-level folder, then path characters; not inside a longer path or a $(VAR)/ prefix. */
const PATH = new RegExp(`(?<![\\w./$)-])((?:${TOP_LEVEL.map((d) => d.replace(".", "\\.")).join("|")})/[\\w.\\-/*]*[\\w*/])`, "g");
const MODULE_EXTENSIONS = ["", ".ts", ".js", ".c", ".json", ".d.ts", ".mjs"];

/** The comments of a TypeScript or JavaScript file, from the compiler's parse (never the inside of a string or a regular expression). */
function scriptComments(text: string): string[] {
	const source = ts.createSourceFile("file.ts", text, ts.ScriptTarget.Latest, false);
	const starts = new Set<number>();
	const comments: string[] = [];
	const collect = (ranges: ts.CommentRange[] | undefined): void => {
		for (const range of ranges ?? []) {
			if (starts.has(range.pos)) continue;
			starts.add(range.pos);
			comments.push(text.slice(range.pos, range.end));
		}
	};
	const visit = (node: ts.Node): void => {
		collect(ts.getLeadingCommentRanges(text, node.pos));
		collect(ts.getTrailingCommentRanges(text, node.end));
		ts.forEachChild(node, visit);
	};
	visit(source);
	collect(ts.getLeadingCommentRanges(text, source.endOfFileToken.pos));
	return comments.sort((a, b) => text.indexOf(a) - text.indexOf(b));
}

/** The comments of a C file. */
function cComments(text: string): string[] {
	return text.match(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g) ?? [];
}

function globMatches(pattern: string): boolean {
	const parts = pattern.split("/");
	const walk = (dir: string, index: number): boolean => {
		if (index === parts.length) return true;
		const part = parts[index]!;
		if (!part.includes("*")) return existsSync(join(ROOT, dir, part)) && walk(join(dir, part), index + 1);
		if (!existsSync(join(ROOT, dir)) || !statSync(join(ROOT, dir)).isDirectory()) return false;
		const names = readdirSync(join(ROOT, dir));
		if (part === "**") return walk(dir, index + 1) || names.some((name) => statSync(join(ROOT, dir, name)).isDirectory() && walk(join(dir, name), index));
		const matcher = new RegExp(`^${part.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`);
		return names.some((name) => matcher.test(name) && walk(join(dir, name), index + 1));
	};
	return walk("", 0);
}

function exists(path: string): boolean {
	const clean = path.replace(/\/+$/, "").replace(/\.$/, "");
	if (clean.includes("*")) return globMatches(clean);
	return MODULE_EXTENSIONS.some((extension) => existsSync(join(ROOT, clean + extension)));
}

/** What each tracked file says in prose: Markdown whole, code by its comments. */
function prose(path: string): string[] {
	const text = readFileSync(join(ROOT, path), "utf8");
	if (path.endsWith(".md")) return [text];
	if (/\.(ts|js|mjs)$/.test(path)) return scriptComments(text);
	if (/\.(c|h)$/.test(path)) return cComments(text);
	return [];
}

test("every repository path named in a comment or a Markdown file exists", () => {
	const tracked = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" }).split("\n").filter(Boolean);
	const dangling: string[] = [];
	for (const path of tracked) {
		if (!existsSync(join(ROOT, path))) continue;
		for (const text of prose(path)) {
			for (const match of text.matchAll(PATH)) if (!exists(match[1]!)) dangling.push(`${path}: ${match[1]}`);
		}
	}
	assert.deepEqual([...new Set(dangling)], []);
});

test("named paths: the check sees a dangling path in a comment, not in a string, and expands globs", () => {
	const comments = scriptComments('const a = "desktop/runner/board"; // see desktop/runner/board\nconst r = /x\\/y/; /* test/specs/*.spec.ts */');
	assert.deepEqual(comments, ["// see desktop/runner/board", "/* test/specs/*.spec.ts */"]);
	assert.equal(exists("desktop/runner/board"), false);
	assert.equal(exists("test/specs/*.spec.ts"), false);
	assert.equal(exists("test/**/*.spec.ts"), true);
	assert.equal(exists("hosts/esp32s3/platform"), true, "a module path without its extension");
	assert.deepEqual([..."the SDK's $(MODULES)/network/http/http.js and desktop/runner/xs/board".matchAll(PATH)].map((m) => m[1]), ["desktop/runner/xs/board"]);
});
