/*
 * The board's C (the natives and the modem port): the XS glue compiles warning-free against
 * real XS headers (those @agoric/xsnap ships, and the SDK's when $MODDABLE is set) with our
 * IDF declarations, everything compiles against the real ESP-IDF headers when $IDF_PATH is
 * set, and the IDF logic passes its unit tests built against fake IDFs (test/esp32s3/native/):
 * the modem port's under ASan, UBSan and LeakSanitizer.
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
const SOURCES = ["board-natives.c", "board-core.c", "modem-serial.c", "modem-serial-core.c"];

function compileGlue(xsDir: string): void {
	execFileSync(
		"gcc",
		[...strict, "-fsyntax-only", `-I${xsDir}/includes`, `-I${xsDir}/platforms`, `-I${testDir}`, `-I${nativeDir}`, ...SOURCES.map((file) => join(nativeDir, file))],
		{ stdio: "pipe" },
	);
}

test("the board's C compiles with -Wall -Wextra -Werror against the XS headers of @agoric/xsnap", () => {
	compileGlue(xsnapXs);
});

test("the board's C compiles against the Moddable SDK's XS headers ($MODDABLE)", (t) => {
	const moddable = process.env.MODDABLE;
	if (!moddable || !existsSync(join(moddable, "xs/includes/xsmc.h"))) {
		t.skip("MODDABLE not set: only the xsnap headers were used");
		return;
	}
	compileGlue(join(moddable, "xs"));
});

/** Include folders (under $IDF_PATH/components) of the IDF headers the board's C uses, for an ESP32-S3. */
const IDF_INCLUDES = [
	"esp_common/include", "esp_hw_support/include", "esp_hw_support/include/soc", "esp_system/include", "spi_flash/include",
	"esp_partition/include", "app_update/include", "esp_app_format/include", "efuse/include", "efuse/esp32s3/include",
	"efuse/esp32s3/private_include", "esp_security/include", "soc/esp32s3/include", "soc/esp32s3/register", "soc/include",
	"hal/include", "hal/esp32s3/include", "hal/platform_port/include", "log/include", "esp_rom/include",
	"esp_rom/esp32s3/include", "esp_rom/esp32s3/include/esp32s3", "heap/include", "xtensa/include", "xtensa/esp32s3/include",
	"esp_hal_security/include", "esp_hal_security/esp32s3/include", "bootloader_support/include", "esp_hal_mspi/include",
	"esp_hal_mspi/esp32s3/include", "esp_blockdev/include", "esp_bootloader_format/include",
	"freertos/FreeRTOS-Kernel/include", "freertos/config/include", "freertos/config/include/freertos", "freertos/config/xtensa/include",
	"freertos/FreeRTOS-Kernel/portable/xtensa/include", "freertos/FreeRTOS-Kernel/portable/xtensa/include/freertos",
	"freertos/esp_additions/include", "esp_driver_uart/include", "esp_hal_uart/include",
];

test("the board's C compiles against the real ESP-IDF headers ($IDF_PATH) for the ESP32-S3", (t) => {
	const idf = process.env.IDF_PATH;
	const moddable = process.env.MODDABLE;
	if (!idf || !existsSync(join(idf, "components/efuse/include/esp_efuse.h")) || !moddable) {
		t.skip("IDF_PATH (an ESP-IDF checkout) or MODDABLE not set: checked against our IDF declarations only");
		return;
	}
	// The IDF's headers as system headers (their own 32-bit casts do not warn on a 64-bit PC), parsed as
	// for the Xtensa target; the C library's IDF additions after the PC's own headers.
	const includes = IDF_INCLUDES.map((dir) => join(idf, "components", dir)).filter((dir) => existsSync(dir)).flatMap((dir) => ["-isystem", dir]);
	for (const file of SOURCES) {
		execFileSync(
			"gcc",
			["-Wall", "-Wextra", "-Werror", "-std=gnu17", "-fsyntax-only", "-D__XTENSA__", `-I${join(testDir, "idf-sdkconfig")}`, ...includes,
				"-idirafter", join(idf, "components/esp_libc/platform_include"),
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

test("modem-serial-core.c passes its unit tests against a fake IDF UART, under ASan, UBSan and LeakSanitizer", () => {
	const dir = mkdtempSync(join(tmpdir(), "modem-serial-"));
	try {
		const flags = [...strict, "-g", "-fsanitize=address,undefined", "-fno-sanitize-recover=all", "-fno-omit-frame-pointer", `-I${nativeDir}`, `-I${testDir}`];
		const core = join(dir, "core.o");
		// Only the core's own allocations go through the fake (so a test can make one fail).
		execFileSync("gcc", [...flags, "-include", join(testDir, "fake-alloc.h"), "-c", "-o", core, join(nativeDir, "modem-serial-core.c")], { stdio: "pipe" });
		const program = join(dir, "modem-serial-test");
		execFileSync("gcc", [...flags, "-o", program, core, join(testDir, "fake-uart.c"), join(testDir, "modem-serial-test.c")], { stdio: "pipe" });
		const run = spawnSync(program, { encoding: "utf8", env: { ...process.env, ASAN_OPTIONS: "detect_leaks=1" } });
		const failed = run.stdout.split("\n").filter((line) => line.startsWith("not ok"));
		assert.deepEqual(failed, [], run.stdout + run.stderr);
		assert.equal(run.status, 0, run.stdout + run.stderr);
		const passed = run.stdout.split("\n").filter((line) => line.startsWith("ok - ")).length;
		assert.ok(passed >= 190, `expected the full C suite to run, saw ${passed} checks`);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});
