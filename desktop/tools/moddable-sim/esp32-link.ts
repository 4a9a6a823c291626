/*
 * `npm run check:esp32`: the JavaScript side of the ESP32-S3 app and of the board self-test,
 * built with a real mcconfig, where no ESP-IDF can be installed. mcconfig generates the board build (-p esp32:./hosts/esp32s3)
 * against a stand-in IDF_PATH (an empty git repo tagged v6.0, which is all its version check
 * reads); then make builds only the host-side targets: every TypeScript module compiled by
 * tsc for esp32, every module compiled by xsc and linked by xsl (preloads run, imports
 * resolved), resources converted. Then the board's own C (hosts/esp32s3/native) is checked
 * against that build: every host function the board's modules bind with native()/Native()
 * is one the linker declares (mc.xs.h) and one our C defines, and each C file compiles
 * warning-free with the build's generated mc.xs.h (its externs checked against our
 * definitions) and the SDK's XS headers (host gcc, our IDF declarations: there is no xtensa
 * toolchain or ESP-IDF here).
 *
 * Needs $MODDABLE (an SDK built by hand); without it, says it was skipped (not a pass).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";

import { missingGlyphsProblem } from "../prerequisites.ts";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const BOARD = join(ROOT, "hosts/esp32s3");
const NATIVE = join(BOARD, "native");

/** Problems with the board's C against the build in appDir (empty: none). */
function checkBoardNatives(appDir: string, moddable: string): string[] {
	const problems: string[] = [];
	const linked = readFileSync(join(appDir, "mc.xs.h"), "utf8");
	const sources = readdirSync(NATIVE).filter((name) => name.endsWith(".c"));
	const defined = sources.map((name) => readFileSync(join(NATIVE, name), "utf8")).join("\n");
	const bound = readdirSync(BOARD)
		.filter((name) => name.endsWith(".ts"))
		.flatMap((name) => [...readFileSync(join(BOARD, name), "utf8").matchAll(/\b[Nn]ative\("(\w+)"\)/g)].map((match) => match[1]!));
	for (const name of new Set(bound)) {
		if (!new RegExp(`extern void ${name}\\(`).test(linked)) problems.push(`${name} is bound in hosts/esp32s3 but the linker did not declare it (mc.xs.h)`);
		if (!new RegExp(`^void ${name}\\(`, "m").test(defined)) problems.push(`${name} is linked but no C in hosts/esp32s3/native defines it`);
	}
	for (const source of sources) {
		const compile = spawnSync(
			"gcc",
			["-Wall", "-Wextra", "-Werror", "-std=gnu17", "-fsyntax-only", "-DBOARD_IDF_SHIM", `-I${appDir}`, `-I${moddable}/xs/includes`, `-I${moddable}/xs/platforms`, `-I${NATIVE}`, join(NATIVE, source)],
			{ encoding: "utf8" },
		);
		if (compile.status !== 0) problems.push(`${source} does not compile against the build's headers:\n${compile.stderr}`);
	}
	if (!bound.length) problems.push("no native() bindings found in hosts/esp32s3");
	console.log(`board C: ${new Set(bound).size} host functions bound, linked and defined; ${sources.join(", ")} compile against the build's mc.xs.h`);
	return problems;
}

/** The apps built for the board: the firmware, and the board self-test (hosts/esp32s3/self-test). mcconfig names each build after its manifest's folder. */
const APPS = Object.freeze([
	Object.freeze({ name: "the app", manifest: "./manifest.json", folder: basename(ROOT.replace(/\/$/, "")) }),
	Object.freeze({ name: "the board self-test", manifest: "./hosts/esp32s3/self-test/manifest.json", folder: "self-test" }),
]);

/** Generates one app's board build and makes its host-side targets; the problems found (empty: none). */
function buildApp(app: (typeof APPS)[number], scratch: string, env: NodeJS.ProcessEnv, moddable: string): string[] {
	const out = join(scratch, `build-${app.folder}`);
	mkdirSync(out);
	// mcconfig writes the makefile, then fails where it would start ESP-IDF (no export.sh): expected.
	spawnSync("mcconfig", ["-d", "-m", "-p", "esp32:./hosts/esp32s3", "-t", "build", "-o", out, app.manifest], { cwd: ROOT, env, encoding: "utf8" });
	const appDir = join(out, "tmp/esp32/bread_compact_ml307/debug", app.folder);
	if (!existsSync(join(appDir, "makefile"))) return [`${app.name}: mcconfig wrote no makefile under ${appDir} (${readdirSync(out).join(", ")})`];
	const make = spawnSync("make", ["-f", "makefile", "-j8", join(appDir, "mc.xs.c"), join(appDir, "mc.resources.c"), `SDKCONFIG_H=${join(scratch, "sdkconfig.h")}`], {
		cwd: appDir,
		env,
		encoding: "utf8",
	});
	const report = (make.stdout + make.stderr).split("\n").filter((line) => line && !/^# (xsc|cc|tsc|xsid|copy|png2bmp) /.test(line));
	console.log(`${app.name} (${app.manifest}):\n${report.join("\n")}`);
	if (make.status !== 0) return [`${app.name}: make exited with ${make.status}`];
	return checkBoardNatives(appDir, moddable).map((problem) => `${app.name}: ${problem}`);
}

function main(): number {
	const moddable = process.env.MODDABLE;
	if (!moddable || !existsSync(join(moddable, "build/bin/lin/release/mcconfig"))) {
		console.log("check:esp32 SKIPPED: no Moddable SDK ($MODDABLE with built Linux tools). Nothing was checked; this is not a pass.");
		return 0;
	}
	const noGlyphs = missingGlyphsProblem();
	if (noGlyphs) {
		console.error(`check:esp32 FAILED: ${noGlyphs}`);
		return 1;
	}
	const scratch = mkdtempSync(join(tmpdir(), "xiaozhi-esp32-link-"));
	try {
		const idf = join(scratch, "esp-idf");
		mkdirSync(idf);
		const git = (...args: string[]): void => void execFileSync("git", ["-c", "user.email=check@localhost", "-c", "user.name=check", ...args], { cwd: idf, stdio: "ignore" });
		git("init", "-q");
		git("commit", "-q", "--allow-empty", "-m", "stand-in for ESP-IDF v6.0");
		git("tag", "-a", "v6.0", "-m", "v6.0");
		writeFileSync(join(scratch, "sdkconfig.h"), "");
		const env = {
			...process.env,
			IDF_PATH: idf,
			PATH: [join(ROOT, "node_modules/.bin"), join(moddable, "build/bin/lin/release"), process.env.PATH].join(delimiter),
		};
		const problems = APPS.flatMap((app) => buildApp(app, scratch, env, moddable));
		if (problems.length) {
			console.error(`check:esp32 FAILED:\n${problems.join("\n")}`);
			return 1;
		}
		console.log("check:esp32 PASSED: for esp32/bread_compact_ml307, the app and the board self-test: TypeScript compiled, modules linked, resources built, the board's C checked");
		return 0;
	} finally {
		rmSync(scratch, { recursive: true, force: true });
	}
}

process.exit(main());
