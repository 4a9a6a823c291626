import js from "@eslint/js";
import tseslint from "typescript-eslint";

const moddableGlobals = {
	trace: "readonly",
	native: "readonly",
	Native: "readonly",
	screen: "writable",
	device: "readonly",
	Resource: "readonly",
	issueCommand: "readonly",
	print: "readonly",
};

const NODE_MODULES = ["node:*", "fs", "https", "tls", "crypto", "os", "path", "child_process"];
const MODDABLE_MODULES = ["timer", "preference", "securesocket", "commodetto/*", "embedded:*", "pins/*", "mc/*", "http", "net", "wifi", "time", "Resource", "neopixel", "file", "sntp", "system", "dns/*", "socket"];
const NOT_DEVICE_CODE = ["**/desktop/**", "**/test/**"];

export default tseslint.config(
	{ ignores: ["node_modules/", "build/", ".cache/", "out/", "**/*.d.ts"] },
	js.configs.recommended,
	...tseslint.configs.recommended,
	{
		languageOptions: { globals: moddableGlobals },
		rules: {
			"@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
			"@typescript-eslint/consistent-type-imports": "error",
		},
	},
	{
		// Pure device code runs unchanged on Node, XS and the board: no Node or Moddable module may leak in.
		files: ["modules/**/*.ts"],
		ignores: ["modules/moddable-adapters/**"],
		rules: {
			"no-restricted-imports": [
				"error",
				{
					patterns: [
						{ group: NODE_MODULES, message: "device code is host-free: take a port from activation/interfaces instead." },
						{ group: MODDABLE_MODULES, message: "pure device code: Moddable modules belong in modules/moddable-adapters or a board platform." },
						{ group: NOT_DEVICE_CODE, message: "device code imports device code only (test/architecture/imports.test.ts)." },
					],
				},
			],
		},
	},
	{
		// Device code on Moddable (adapters, board platforms, main.ts): never Node, desktop tools or tests.
		files: ["modules/moddable-adapters/**/*.ts", "hosts/**/*.ts", "main.ts"],
		rules: {
			"no-restricted-imports": [
				"error",
				{
					patterns: [
						{ group: NODE_MODULES, message: "device code runs on Moddable, not Node." },
						{ group: NOT_DEVICE_CODE, message: "device code imports device code only (test/architecture/imports.test.ts)." },
					],
				},
			],
		},
	},
	{
		files: ["**/*.js", "**/*.mjs"],
		languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } },
	},
);
