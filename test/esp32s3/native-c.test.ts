/*
 * The board natives' C: the XS glue compiles warning-free against real XS headers (those
 * @agoric/xsnap ships, and the SDK's when $MODDABLE is set) with our IDF declarations, and
 * the IDF logic passes its unit tests built against a fake IDF (test/esp32s3/native/).
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
const testDir = join(root, "test/esp32s3/native");
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

/** Include folders (under $IDF_PATH/components) of the IDF headers the natives use, for an ESP32-S3. */
const IDF_INCLUDES = [
	"esp_common/include", "esp_hw_support/include", "esp_hw_support/include/soc", "esp_system/include", "spi_flash/include",
	"esp_partition/include", "app_update/include", "esp_app_format/include", "efuse/include", "efuse/esp32s3/include",
	"efuse/esp32s3/private_include", "esp_security/include", "soc/esp32s3/include", "soc/esp32s3/register", "soc/include",
	"hal/include", "hal/esp32s3/include", "hal/platform_port/include", "log/include", "esp_rom/include",
	"esp_rom/esp32s3/include", "esp_rom/esp32s3/include/esp32s3", "heap/include", "xtensa/include", "xtensa/esp32s3/include",
	"esp_hal_security/include", "esp_hal_security/esp32s3/include", "bootloader_support/include", "esp_hal_mspi/include",
	"esp_hal_mspi/esp32s3/include", "esp_blockdev/include", "esp_bootloader_format/include",
];

test("the natives compile against the real ESP-IDF headers ($IDF_PATH) for the ESP32-S3", (t) => {
	const idf = process.env.IDF_PATH;
	const moddable = process.env.MODDABLE;
	if (!idf || !existsSync(join(idf, "components/efuse/include/esp_efuse.h")) || !moddable) {
		t.skip("IDF_PATH (an ESP-IDF checkout) or MODDABLE not set: checked against our IDF declarations only");
		return;
	}
	const includes = IDF_INCLUDES.map((dir) => join(idf, "components", dir)).filter((dir) => existsSync(dir)).map((dir) => `-I${dir}`);
	for (const file of ["board-core.c", "board-natives.c"]) {
		execFileSync(
			"gcc",
			["-Wall", "-Wextra", "-Werror", "-std=gnu17", "-fsyntax-only", `-I${join(testDir, "idf-sdkconfig")}`, ...includes,
				`-I${moddable}/xs/includes`, `-I${moddable}/xs/platforms`, `-I${testDir}`, `-I${nativeDir}`, join(nativeDir, file)],
			{ stdio: "pipe" },
		);
	}
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
