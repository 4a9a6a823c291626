/*
 * No function over 80 lines. The rule: every function, method, accessor, constructor and
 * arrow function in the project's own TypeScript (device code, board platforms, desktop
 * tools) counts from the line of its start to the line of its end; tests, fixtures and
 * generated files are not counted, and a body that is only a data table (an object or
 * array literal returned whole) or only a page of text (one template literal returned
 * whole, as the emulator's console page) is not a function in disguise.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";

const ROOT = join(import.meta.dirname, "..", "..");
const FOLDERS = ["main.ts", "modules", "hosts", "desktop", "bin"];
const MAX_LINES = 80;
const SKIP = /(^|\/)(node_modules|test)(\/|$)|font-cjk\.ts$|\.d\.ts$/;


function files(path: string): string[] {
	const full = join(ROOT, path);
	if (path.endsWith(".ts")) return [full];
	const out: string[] = [];
	for (const entry of readdirSync(full, { withFileTypes: true })) {
		const child = join(path, entry.name);
		if (SKIP.test(child)) continue;
		if (entry.isDirectory()) out.push(...files(child));
		else if (entry.name.endsWith(".ts")) out.push(join(ROOT, child));
	}
	return out;
}

function nameOf(node: ts.Node): string {
	const named = node as { name?: ts.Node };
	if (named.name && ts.isIdentifier(named.name)) return named.name.text;
	if (named.name && ts.isPrivateIdentifier(named.name)) return named.name.text;
	if (ts.isConstructorDeclaration(node)) return `${nameOf(node.parent)}.constructor`;
	const parent = node.parent;
	if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
	if (parent && ts.isPropertyAssignment(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
	return "(anonymous)";
}

function isTableOrText(expression: ts.Expression): boolean {
	return ts.isObjectLiteralExpression(expression) || ts.isArrayLiteralExpression(expression) || ts.isTemplateExpression(expression) || ts.isNoSubstitutionTemplateLiteral(expression);
}

/** A body that only returns (or is) an object or array literal, or one template of text: data, not logic. */
function isDataTable(node: ts.FunctionLikeDeclaration): boolean {
	const body = node.body;
	if (!body) return true;
	if (!ts.isBlock(body)) return isTableOrText(body);
	if (body.statements.length !== 1) return false;
	const only = body.statements[0]!;
	return ts.isReturnStatement(only) && only.expression !== undefined && isTableOrText(only.expression);
}

function longFunctions(): Map<string, number> {
	const found = new Map<string, number>();
	for (const file of FOLDERS.flatMap(files)) {
		const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
		const visit = (node: ts.Node): void => {
			if (ts.isFunctionLike(node) && "body" in node && node.body) {
				const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
				const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
				const lines = end - start + 1;
				if (lines > MAX_LINES && !isDataTable(node as ts.FunctionLikeDeclaration)) {
					const owner = node.parent && ts.isClassLike(node.parent) && node.parent.name ? `${node.parent.name.text}.` : "";
					found.set(`${relative(ROOT, file)}:${owner}${nameOf(node)}`, lines);
				}
			}
			ts.forEachChild(node, visit);
		};
		visit(source);
	}
	return found;
}

test(`no function over ${MAX_LINES} lines outside data tables and tests`, () => {
	const long = [...longFunctions()].map(([key, lines]) => `${key} (${lines} lines)`);
	assert.deepEqual(long, [], `split these into smaller functions or a class:\n${long.join("\n")}`);
});

test("the length check sees a long function and skips a data table", () => {
	const body = Array.from({ length: MAX_LINES }, (_, i) => `\tstep${i}();`).join("\n");
	const source = ts.createSourceFile("x.ts", `function big() {\n${body}\n}\nfunction table() {\n\treturn {\n${body.replace(/step(\d+)\(\);/g, "k$1: 1,")}\n\t};\n}`, ts.ScriptTarget.ES2022, true);
	const [big, table] = source.statements as unknown as ts.FunctionDeclaration[];
	const lines = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getEnd()).line - source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
	assert.ok(lines(big!) > MAX_LINES && !isDataTable(big!));
	assert.ok(lines(table!) > MAX_LINES && isDataTable(table!));
});
