/*
 * An xsnap worker with the board's stack. xsnap has no stack-size option (its
 * xsnap-worker.c creates every machine with 4,096 slots), so this compiles the installed
 * package's own xsnap-worker.c once, with fxCreateMachine routed through
 * board-stack/board-creation.c, and links it with the objects the package's install already
 * built. The result lives in .cache/ (gitignored), keyed by xsnap's version and the stack size; a stack overflow
 * in it is the same abort the board would suffer.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import ts from "typescript";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../../", import.meta.url));

/** The board's `creation.stack`, read from its manifest (the number the device runs with). */
export function boardStackSlots(): number {
	const manifest = JSON.parse(readFileSync(join(root, "hosts/esp32s3/manifest.json"), "utf8")) as { creation: { stack: number } };
	return manifest.creation.stack;
}

function xsnapPackageDir(): string {
	const require = createRequire(import.meta.url);
	return dirname(dirname(require.resolve("@agoric/xsnap/src/xsnap.js")));
}

const building = new Map<number, Promise<string>>();

/** Path of an xsnap-worker whose machines have `stackSlots` stack slots; builds it on first use. */
export function boardXsnapWorker(stackSlots = boardStackSlots()): Promise<string> {
	let worker = building.get(stackSlots);
	if (!worker) {
		worker = build(stackSlots);
		building.set(stackSlots, worker);
	}
	return worker;
}

async function build(stackSlots: number): Promise<string> {
	if (!Number.isInteger(stackSlots) || stackSlots < 64) throw new RangeError(`stack of ${stackSlots} slots`);
	const pkg = xsnapPackageDir();
	const native = join(pkg, "xsnap-native/xsnap");
	const xs = join(pkg, "moddable/xs");
	const objects = join(native, "build/tmp/lin/release/xsnap-worker");
	const version = (JSON.parse(readFileSync(join(pkg, "package.json"), "utf8")) as { version: string }).version;
	const outDir = join(root, `.cache/xsnap-${version}-board-stack-${stackSlots}`);
	const binary = join(outDir, "xsnap-worker");
	if (existsSync(binary)) return binary;
	if (!existsSync(objects)) throw new Error(`no xsnap objects at ${objects} (the package's install build did not run?)`);
	mkdirSync(outDir, { recursive: true });
	// The options of the package's makefiles/lin/xsnap-worker.mk (release), so both halves agree.
	const options = [
		"-fno-common", "-DINCLUDE_XSPLATFORM", '-DXSPLATFORM="xsnapPlatform.h"', `-DXSNAP_VERSION="${version}"`,
		"-DXSNAP_TEST_RECORD=0", "-DmxLockdown=1", "-DmxMetering=1", "-DmxDebug=1", "-UmxInstrument", "-DmxNoConsole=1",
		"-DmxBoundsCheck=1", "-DmxParse=1", "-DmxRun=1", "-DmxSloppy=1", "-DmxSnapshot=1",
		"-DmxRegExpUnicodePropertyEscapes=1", "-DmxStringNormalize=1", "-DmxMinusZero=1", "-O2",
		"-Wno-misleading-indentation", "-Wno-implicit-fallthrough",
		`-I${join(xs, "includes")}`, `-I${join(xs, "platforms")}`, `-I${join(xs, "sources")}`, `-I${join(native, "sources")}`, `-I${objects}`,
	];
	// Per-process scratch, then one rename: two test processes may build at the same time.
	const scratch = join(outDir, `build-${process.pid}`);
	mkdirSync(scratch, { recursive: true });
	const workerObject = join(scratch, "xsnap-worker.o");
	const shimObject = join(scratch, "board-creation.o");
	await run("cc", [join(native, "sources/xsnap-worker.c"), ...options, "-DfxCreateMachine=fxBoardCreateMachine", "-c", "-o", workerObject]);
	await run("cc", [join(root, "desktop/runner/board-stack/board-creation.c"), ...options, `-DXSNAP_BOARD_STACK=${stackSlots}`, "-c", "-o", shimObject]);
	const shared = readdirSync(objects).filter((name) => name.endsWith(".o") && name !== "xsnap-worker.o").map((name) => join(objects, name));
	const partial = join(scratch, "xsnap-worker");
	await run("cc", ["-rdynamic", ...shared, workerObject, shimObject, "-ldl", "-lm", "-lpthread", "-o", partial]);
	renameSync(partial, binary);
	rmSync(scratch, { recursive: true, force: true });
	return binary;
}

/**
 * What the XS runner adds to the board's stack need, in slots, for a whole-device run of
 * `bundle`: esbuild's IIFE makes every module's top-level binding a local of one function
 * whose frame stays under every call (on the board each module has its own, preloaded
 * scope), and each host call encodes and decodes its JSON in JavaScript (the board calls
 * its natives and HTTP client in C). Counted from the bundle, plus a fixed share for the
 * bridge. The parser alone runs on the board's exact stack (test/activation/board-stack.test.ts).
 */
export function runnerStackAllowance(bundle: string): number {
	return topLevelBindings(bundle) + BRIDGE_STACK_SLOTS;
}

/** The bridge's call(): encode, issueCommand, decode with its reviver, a few frames deep. */
const BRIDGE_STACK_SLOTS = 128;

function topLevelBindings(bundle: string): number {
	const source = ts.createSourceFile("bundle.js", bundle, ts.ScriptTarget.ES2022, false);
	let count = 0;
	for (const statement of source.statements) {
		if (!ts.isExpressionStatement(statement) || !ts.isCallExpression(statement.expression)) continue;
		let callee: ts.Expression = statement.expression.expression;
		while (ts.isParenthesizedExpression(callee)) callee = callee.expression;
		if (!(ts.isArrowFunction(callee) || ts.isFunctionExpression(callee)) || !ts.isBlock(callee.body)) continue;
		for (const inner of callee.body.statements) {
			if (ts.isVariableStatement(inner)) count += inner.declarationList.declarations.length;
			else if (ts.isFunctionDeclaration(inner) || ts.isClassDeclaration(inner)) count++;
		}
	}
	if (count === 0) throw new Error("no IIFE found in the bundle: is it still esbuild's iife format?");
	return count;
}
