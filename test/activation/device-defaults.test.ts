/* manifest.json's "config" block (read by mcconfig, which cannot import TypeScript) repeats DEVICE_DEFAULTS: the two must agree. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DEVICE_DEFAULTS } from "../../modules/activation/policy.ts";
import { DEFAULT_OTA_URL } from "../../modules/activation/request.ts";
import { readAppConfig } from "../../modules/moddable-adapters/app-config.ts";

const manifest = JSON.parse(readFileSync(join(import.meta.dirname, "..", "..", "manifest.json"), "utf8")) as { config: Record<string, unknown> };

test("every default the manifest's config repeats equals DEVICE_DEFAULTS", () => {
	const repeated = Object.keys(DEVICE_DEFAULTS).filter((key) => key in manifest.config);
	assert.ok(repeated.length >= 5, `the manifest repeats ${repeated.join(", ")}`);
	for (const key of repeated) assert.equal(manifest.config[key], DEVICE_DEFAULTS[key as keyof typeof DEVICE_DEFAULTS], key);
});

test("an empty mc/config reads as DEVICE_DEFAULTS", () => {
	const config = readAppConfig({});
	assert.equal(DEFAULT_OTA_URL, DEVICE_DEFAULTS.otaUrl);
	for (const key of Object.keys(DEVICE_DEFAULTS) as (keyof typeof DEVICE_DEFAULTS)[]) assert.equal(config[key], DEVICE_DEFAULTS[key], key);
	assert.equal(config.boardName, DEVICE_DEFAULTS.boardType);
	assert.ok(Object.isFrozen(DEVICE_DEFAULTS));
});
