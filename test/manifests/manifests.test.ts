/*
 * The board files that only a real build would otherwise check: the partition table is the
 * captured device's, the board manifest carries the OLED's wiring, and every module path the
 * manifests name exists (mcconfig would only warn, and the app would fail at run time).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const readJson = (path: string): Record<string, any> => JSON.parse(readFileSync(join(root, path), "utf8")); // eslint-disable-line @typescript-eslint/no-explicit-any

function parseSize(text: string): number {
	return text.startsWith("0x") ? parseInt(text, 16) : Number(text);
}

const TYPES: Record<string, number> = { app: 0, data: 1 };
const SUBTYPES: Record<string, number> = { ota: 0, phy: 1, nvs: 2, ota_0: 0x10, ota_1: 0x11, spiffs: 0x82, factory: 0 };

test("partitions.csv is the captured device's partition table, in order", () => {
	const rows = readFileSync(join(root, "hosts/esp32s3/sdkconfig/partitions.csv"), "utf8")
		.split("\n")
		.map((line) => line.trim())
		.filter((line) => line && !line.startsWith("#"))
		.map((line) => line.split(",").map((cell) => cell.trim()));
	const table = rows.map(([label, type, subtype, offset, size]) => ({
		label,
		type: TYPES[type!],
		subtype: SUBTYPES[subtype!],
		address: parseSize(offset!),
		size: parseSize(size!),
	}));
	const captured = readJson("test/fixtures/ota-request-1.json");
	assert.deepEqual(table, captured.partition_table);
	const end = Math.max(...table.map((row) => row.address + row.size));
	assert.equal(end, 16 * 1024 * 1024, "fills the 16 MB flash");
	assert.match(readFileSync(join(root, "hosts/esp32s3/sdkconfig/sdkconfig.defaults"), "utf8"), /^CONFIG_ESPTOOLPY_FLASHSIZE_16MB=y$/m);
});

test("the board manifest wires the SSD1306 128x32 on I2C 41/42 at 0x3C, 400 kHz, Gray256, rotated 180°", () => {
	const board = readJson("hosts/esp32s3/manifest.json");
	assert.equal(board.build.ESP32_SUBCLASS, "esp32s3");
	assert.deepEqual(board.defines.ssd1306, { width: 128, height: 32, i2c: true, address: "0x3C", hz: 400000, sda_pin: 41, scl_pin: 42 });
	assert.equal(board.config.screen, "ssd1306");
	assert.equal(board.config.format, "Gray256");
	assert.equal(board.config.rotation, 180);
	assert.ok(board.creation.stack >= 768, "the simulator run peaked at ~480 stack slots");
});

function modulePaths(manifestPath: string): string[] {
	const manifest = readJson(manifestPath);
	const paths: string[] = [];
	const collect = (modules: Record<string, string | string[]> | undefined): void => {
		for (const [name, value] of Object.entries(modules ?? {})) {
			if (name === "~") continue;
			for (const path of Array.isArray(value) ? value : [value]) if (path.startsWith("./")) paths.push(join(root, dirname(manifestPath), path));
		}
	};
	collect(manifest.modules);
	for (const platform of Object.values(manifest.platforms ?? {}) as { modules?: Record<string, string | string[]> }[]) collect(platform.modules);
	return paths;
}

test("every project module a manifest names exists", () => {
	const missing: string[] = [];
	for (const manifest of ["manifest.json", "hosts/esp32s3/manifest.json", "modules/activation/manifest.json"]) {
		for (const path of modulePaths(manifest)) {
			if (path.endsWith("*")) {
				if (!existsSync(dirname(path))) missing.push(path);
			} else if (![".ts", ".js", ".c", ".d.ts"].some((extension) => existsSync(path + extension))) missing.push(path);
		}
	}
	assert.deepEqual(missing, []);
});

test("the app manifest replaces the SDK's setup/network on ESP32 and maps the simulator on lin", () => {
	const app = readJson("manifest.json");
	// The app manifest maps it (merged after the SDK's network manifests, so ours wins); the file is the board's.
	assert.equal(app.platforms.esp32.modules["setup/network"], "./hosts/esp32s3/setup-network");
	assert.equal(app.platforms.lin.modules["board/platform"], "./hosts/lin/platform");
	assert.equal(readJson("hosts/esp32s3/manifest.json").modules["board/platform"], "./platform");
});

/** Every project manifest: the app's, each device area's, the board's, the bare client's. */
function projectManifests(dir = ""): string[] {
	const out: string[] = [];
	for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
		if (["node_modules", ".git", ".cache", "build", "out", "test"].includes(entry.name)) continue;
		const path = dir ? `${dir}/${entry.name}` : entry.name;
		if (entry.isDirectory()) out.push(...projectManifests(path));
		else if (entry.name === "manifest.json") out.push(path);
	}
	return out;
}

/** The "./" and "../" paths a manifest names (module sources, resources, data, the root it builds from). */
function relativePaths(value: unknown, out: string[] = []): string[] {
	if (typeof value === "string") {
		if (/^\.\.?\//.test(value) && !value.includes("*") && !value.includes("$(")) out.push(value);
	} else if (Array.isArray(value)) for (const item of value) relativePaths(item, out);
	else if (value && typeof value === "object") for (const item of Object.values(value)) relativePaths(item, out);
	return out;
}

test("every path a project manifest names exists (generated .cache folders: inside this checkout)", () => {
	const manifests = projectManifests();
	assert.ok(manifests.length >= 8, manifests.join(", "));
	const missing: string[] = [];
	for (const manifest of manifests)
		for (const path of relativePaths(readJson(manifest))) {
			const target = relative(root, join(root, dirname(manifest), path));
			if (target.startsWith("..")) missing.push(`${manifest}: ${path} leaves the checkout`);
			else if (target.startsWith(".cache/")) continue; // made by desktop/tools/moddable-sim before a build
			else if (!["", ".ts", ".js", ".c", ".d.ts", ".json", ".html"].some((extension) => existsSync(join(root, target + extension)))) missing.push(`${manifest}: ${path}`);
		}
	assert.deepEqual(missing, []);
});
