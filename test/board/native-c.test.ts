/*
 * The board natives' C: the XS glue compiles warning-free against real XS headers (those
 * @agoric/xsnap ships, and the SDK's when $MODDABLE is set) with our IDF declarations, and
 * the IDF logic passes its unit tests built against a fake IDF (test/board/native/).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const nativeDir = join(root, "hosts/esp32s3/native");
const testDir = join(root, "test/board/native");
const xsnapXs = join(root, "node_modules/@agoric/xsnap/moddable/xs");
const strict = ["-Wall", "-Wextra", "-Werror", "-std=gnu17", "-DBOARD_IDF_SHIM"];

function compileGlue(xsDir: string): void {
	execFileSync(
		"gcc",
		[...strict, "-fsyntax-only", `-I${xsDir}/includes`, `-I${xsDir}/platforms`, `-I${testDir}`, `-I${nativeDir}`,
			join(nativeDir, "board-natives.c"), join(nativeDir, "board-core.c")],
		{ stdio: "pipe" },
	);
}

test("board-natives.c compiles with -Wall -Wextra -Werror against the XS headers of @agoric/xsnap", () => {
	compileGlue(xsnapXs);
});

test("board-natives.c compiles against the Moddable SDK's XS headers ($MODDABLE)", (t) => {
	const moddable = process.env.MODDABLE;
	if (!moddable || !existsSync(join(moddable, "xs/includes/xsmc.h"))) {
		t.skip("MODDABLE not set: only the xsnap headers were used");
		return;
	}
	compileGlue(join(moddable, "xs"));
});

test("board-core.c passes its unit tests against a fake IDF", () => {
	const dir = mkdtempSync(join(tmpdir(), "board-core-"));
	try {
		const program = join(dir, "core-test");
		execFileSync(
			"gcc",
			[...strict, "-fsanitize=address,undefined", "-fno-omit-frame-pointer", `-I${nativeDir}`, `-I${testDir}`, "-o", program,
				join(nativeDir, "board-core.c"), join(testDir, "fake-idf.c"), join(testDir, "core-test.c")],
			{ stdio: "pipe" },
		);
		// The fake keeps released iterators allocated on purpose (to catch use after release).
		const run = spawnSync(program, { encoding: "utf8", env: { ...process.env, ASAN_OPTIONS: "detect_leaks=0" } });
		const failed = run.stdout.split("\n").filter((line) => line.startsWith("not ok"));
		assert.deepEqual(failed, [], run.stdout + run.stderr);
		assert.equal(run.status, 0, run.stdout + run.stderr);
		const passed = run.stdout.split("\n").filter((line) => line.startsWith("ok - ")).length;
		assert.ok(passed >= 35, `expected the full C suite to run, saw ${passed} checks`);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});
