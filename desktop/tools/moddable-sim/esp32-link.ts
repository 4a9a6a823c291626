/*
 * `npm run check:esp32`: the ESP32-S3 app's JavaScript side built with a real mcconfig, where
 * no ESP-IDF can be installed. mcconfig generates the board build (-p esp32:./hosts/esp32s3)
 * against a stand-in IDF_PATH (an empty git repo tagged v6.0, which is all its version check
 * reads); then make builds only the host-side targets: every TypeScript module compiled by
 * tsc for esp32, every module compiled by xsc and linked by xsl (preloads run, imports
 * resolved), resources converted. The C is not compiled here (no xtensa toolchain).
 *
 * Needs $MODDABLE (an SDK built by hand); without it, says it was skipped (not a pass).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";

import { missingGlyphsProblem } from "../prerequisites.ts";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

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
		const sdkconfig = join(scratch, "sdkconfig.h");
		writeFileSync(sdkconfig, "");
		const out = join(scratch, "build");
		mkdirSync(out);
		const env = {
			...process.env,
			IDF_PATH: idf,
			PATH: [join(ROOT, "node_modules/.bin"), join(moddable, "build/bin/lin/release"), process.env.PATH].join(delimiter),
		};
		// mcconfig writes the makefile, then fails where it would start ESP-IDF (no export.sh): expected.
		spawnSync("mcconfig", ["-d", "-m", "-p", "esp32:./hosts/esp32s3", "-t", "build", "-o", out, "./manifest.json"], { cwd: ROOT, env, encoding: "utf8" });
		const appDir = join(out, "tmp/esp32/bread_compact_ml307/debug", basename(ROOT.replace(/\/$/, "")));
		if (!existsSync(join(appDir, "makefile"))) {
			console.error(`check:esp32 FAILED: mcconfig wrote no makefile under ${appDir} (${readdirSync(out).join(", ")})`);
			return 1;
		}
		const make = spawnSync("make", ["-f", "makefile", "-j8", join(appDir, "mc.xs.c"), join(appDir, "mc.resources.c"), `SDKCONFIG_H=${sdkconfig}`], {
			cwd: appDir,
			env,
			encoding: "utf8",
		});
		const report = (make.stdout + make.stderr).split("\n").filter((line) => line && !/^# (xsc|cc|tsc|xsid|copy|png2bmp) /.test(line));
		console.log(report.join("\n"));
		if (make.status !== 0) {
			console.error(`check:esp32 FAILED: make exited with ${make.status}`);
			return 1;
		}
		console.log("check:esp32 PASSED: TypeScript compiled, modules linked and resources built for esp32/bread_compact_ml307");
		return 0;
	} finally {
		rmSync(scratch, { recursive: true, force: true });
	}
}

process.exit(main());
