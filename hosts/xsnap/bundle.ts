/*
 * Bundles an XS-side entry (TypeScript, manifest-style specifiers from tsconfig paths)
 * into one IIFE script that xsnap can evaluate.
 */
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const cache = new Map<string, Promise<string>>();

export const DEVICE_ENTRY = fileURLToPath(new URL("./device-entry.ts", import.meta.url));
/** The 4G device: simulated ML307R inside XS (a separate bundle keeps the direct one small). */
export const MODEM_DEVICE_ENTRY = fileURLToPath(new URL("./modem-device-entry.ts", import.meta.url));

async function bundle(entry: string): Promise<string> {
	const result = await build({
		entryPoints: [entry],
		bundle: true,
		format: "iife",
		target: "es2022",
		platform: "neutral",
		// tsconfig.json holds the `paths` that map activation/*, screens/*, ml307/* to modules/.
		tsconfig: `${PROJECT_ROOT}tsconfig.json`,
		absWorkingDir: PROJECT_ROOT,
		write: false,
		logLevel: "silent",
		legalComments: "none",
		charset: "utf8",
	});
	const file = result.outputFiles[0];
	if (!file) throw new Error(`esbuild produced nothing for ${entry}`);
	return file.text;
}

/** The script for `entry` (an absolute path), built once per process. */
export function bundleForXs(entry: string): Promise<string> {
	let script = cache.get(entry);
	if (!script) {
		script = bundle(entry);
		cache.set(entry, script);
		script.catch(() => cache.delete(entry));
	}
	return script;
}
