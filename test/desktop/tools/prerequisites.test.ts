/*
 * The machine check `npm test` starts with: a missing Debian package or a build made without
 * the zh-CN glyphs is one line in a second, not minutes of golden-image diffs.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { TEST_REQUIREMENTS, cjkGlyphCount, missingGlyphsProblem, prerequisiteProblems } from "../../../desktop/tools/prerequisites.ts";

const SCRIPT = fileURLToPath(new URL("../../../desktop/tools/prerequisites.ts", import.meta.url));

test("prerequisites: a missing package is one line naming it and the command that installs it", () => {
	const problems = prerequisiteProblems([
		{ debian: "xfonts-wqy", present: () => false },
		{ debian: "sox", present: () => true },
		{ debian: "espeak-ng", present: () => false },
	]);
	assert.deepEqual(problems, ["missing Debian packages: xfonts-wqy espeak-ng; install them with: sudo apt-get install -y xfonts-wqy espeak-ng && npm run postinstall"]);
});

test("prerequisites: this machine has everything npm test needs, and the generated zh-CN face has its glyphs", () => {
	assert.deepEqual(prerequisiteProblems(), []);
	assert.ok(cjkGlyphCount() > 50, `${cjkGlyphCount()} CJK glyphs`);
	assert.equal(missingGlyphsProblem(), undefined);
});

test("prerequisites: a CJK face generated without xfonts-wqy (0 glyphs) is refused with the fix", () => {
	const dir = mkdtempSync(join(tmpdir(), "prerequisites-"));
	try {
		const empty = join(dir, "font-cjk.ts");
		writeFileSync(empty, `/** 0 glyphs, 0 bytes of glyph data. */\nexport const CJK_FACE: FontData = Object.freeze({\n\tascent: 10,\n\tdescent: 1,\n\tchars: "",\n\tglyphs:\n,\n});\n`);
		assert.equal(cjkGlyphCount(empty), 0);
		assert.match(missingGlyphsProblem(empty)!, /no zh-CN glyphs.*apt-get install -y xfonts-wqy && npm run fonts$/);
		assert.match(missingGlyphsProblem(join(dir, "never-generated.ts"))!, /no zh-CN glyphs/);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});

test("prerequisites: run as npm test's first step on a machine without sox, it fails at once with one line", () => {
	const bin = mkdtempSync(join(tmpdir(), "prerequisites-path-"));
	try {
		// A PATH with every command npm test needs but sox.
		for (const command of ["sh", "chromium", "openssl", "gcc", "make", "espeak-ng", "pocketsphinx_continuous"]) {
			const found = spawnSync("sh", ["-c", `command -v ${command}`], { encoding: "utf8" }).stdout.trim();
			assert.ok(found, `${command} is on this machine`);
			symlinkSync(found, join(bin, command));
		}
		const run = spawnSync(process.execPath, ["--import", "tsx", SCRIPT], { encoding: "utf8", env: { ...process.env, PATH: bin } });
		assert.equal(run.status, 1);
		const lines = run.stderr.trim().split("\n");
		assert.equal(lines.length, 1, run.stderr);
		assert.match(lines[0]!, /^npm test cannot run: missing Debian packages: sox; install them with: sudo apt-get install -y sox/);
		// "At once": npm test runs the check before the typecheck, the lint and the tests, so
		// nothing slow comes first (asserted on the script, not on a timing).
		const scripts = (JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { scripts: Record<string, string> }).scripts;
		assert.match(scripts.test!, /^npm run prerequisites && /);
	} finally {
		rmSync(bin, { recursive: true, force: true });
	}
});

test("prerequisites: .ci/run installs every package the check asks for", () => {
	const ci = readFileSync(new URL("../../../.ci/run", import.meta.url), "utf8");
	for (const requirement of TEST_REQUIREMENTS) assert.ok(ci.includes(`missing+=(${requirement.debian})`), `.ci/run installs ${requirement.debian}`);
});
