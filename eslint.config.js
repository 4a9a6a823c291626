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
		// The core runs unchanged on Node, XS and the board: no host module may leak in.
		files: ["modules/**/*.ts"],
		rules: {
			"no-restricted-imports": [
				"error",
				{
					patterns: [
						{ group: ["node:*", "fs", "http", "https", "net", "tls", "crypto", "os", "path", "child_process"], message: "modules/ is host-free: take a host interface instead." },
						{ group: ["timer", "preference", "securesocket", "commodetto/*", "embedded:*", "pins/*", "mc/*", "http", "net", "wifi", "time", "Resource"], message: "modules/ is host-free: Moddable modules belong in hosts/." },
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
