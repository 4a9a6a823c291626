/*
 * Bundles an XS-side entry (TypeScript, manifest-style specifiers from tsconfig paths)
 * into one IIFE script that xsnap can evaluate.
 */
import { build, type Plugin } from "esbuild";
import { fileURLToPath } from "node:url";

const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const cache = new Map<string, Promise<string>>();

export const DEVICE_ENTRY = fileURLToPath(new URL("./xs/device-entry.ts", import.meta.url));
/** The 4G device: simulated ML307R inside XS (a separate bundle keeps the direct one small). */
export const MODEM_DEVICE_ENTRY = fileURLToPath(new URL("./xs/modem-device-entry.ts", import.meta.url));
/** The board's own main.ts + hosts/esp32s3/platform.ts with the SDK's leaf modules stood in (`--board`). */
export const BOARD_ENTRY = fileURLToPath(new URL("./xs/board-entry.ts", import.meta.url));

/**
 * The SDK modules the board's code imports, and their stand-ins for the board run: only
 * leaves (I/O, time, storage, pixels); everything of the project's is bundled as it is.
 */
const BOARD_STAND_INS: Readonly<Record<string, string>> = Object.freeze({
	"mc/config": "mc-config.ts",
	"embedded:io/serial": "serial.ts",
	"esp32s3/modem-serial": "modem-serial.ts",
	"embedded:io/digital": "digital.ts",
	"embedded:io/i2c": "i2c.ts",
	// The board's facts from where the board has them: its own host provider, bundled as it is.
	"embedded:provider/builtin": "../../../../hosts/esp32s3/host/provider.js",
	system: "system.ts",
	Resource: "resource.ts",
	timer: "timer.ts",
	time: "time.ts",
	preference: "preference.ts",
	"commodetto/Poco": "poco.ts",
	"commodetto/Bitmap": "bitmap.ts",
	http: "http.ts",
	securesocket: "securesocket.ts",
	wifi: "wifi.ts",
	net: "net.ts",
	sntp: "sntp.ts",
	"pins/audioout": "audioout.ts",
	neopixel: "neopixel.ts",
	"dns/server": "dns-server.ts",
});

const boardStandIns: Plugin = {
	name: "board-stand-ins",
	setup(builder) {
		const names = Object.keys(BOARD_STAND_INS).map((name) => name.replace(/[/:]/g, "\\$&"));
		builder.onResolve({ filter: new RegExp(`^(${names.join("|")})$`) }, (args) => ({
			path: fileURLToPath(new URL(`./xs/board/${BOARD_STAND_INS[args.path]}`, import.meta.url)),
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
