/*
 * Bundles an XS-side entry (TypeScript, manifest-style specifiers from tsconfig paths)
 * into one IIFE script that xsnap can evaluate.
 */
import { build, type Plugin } from "esbuild";
import { fileURLToPath } from "node:url";
import STAND_INS from "../sdk-standins/modules.json" with { type: "json" };

const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const cache = new Map<string, Promise<string>>();

export const DEVICE_ENTRY = fileURLToPath(new URL("./xs/device-entry.ts", import.meta.url));
/** The 4G device: simulated ML307R inside XS (a separate bundle keeps the direct one small). */
export const MODEM_DEVICE_ENTRY = fileURLToPath(new URL("./xs/modem-device-entry.ts", import.meta.url));
/** The board's own main.ts + hosts/esp32s3/platform.ts with the SDK's leaf modules stood in (`--board`). */
export const BOARD_ENTRY = fileURLToPath(new URL("./xs/board-entry.ts", import.meta.url));

/**
 * The SDK modules the board's code imports get their stand-ins on the board run
 * (desktop/sdk-standins, the same the Node tests load): only leaves (I/O, time, storage,
 * pixels); everything of the project's is bundled as it is.
 */
const boardStandIns: Plugin = {
	name: "sdk-stand-ins",
	setup(builder) {
		const table: Readonly<Record<string, string>> = STAND_INS;
		const names = Object.keys(table).map((name) => name.replace(/[/:]/g, "\\$&"));
		builder.onResolve({ filter: new RegExp(`^(${names.join("|")})$`) }, (args) => ({
			path: fileURLToPath(new URL(`../sdk-standins/${table[args.path]}`, import.meta.url)),
		}));
	},
};

async function bundle(entry: string): Promise<string> {
	const result = await build({
		plugins: entry === BOARD_ENTRY ? [boardStandIns] : [],
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
