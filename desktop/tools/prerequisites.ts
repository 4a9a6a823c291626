/*
 * What a build and the tests need from the machine, checked in a second instead of found
 * after minutes as golden-image diffs: the Debian packages, and the files `npm ci` makes
 * from them (the zh-CN glyphs from xfonts-wqy, the spoken clips from espeak-ng and sox).
 * A build whose CJK face is empty draws every zh-CN screen (the default language's) as
 * boxes: `npm run check:esp32` and `npm run test:moddable` refuse it, `npm run activate`
 * says so on its first line.
 *
 * Usage: node --import tsx desktop/tools/prerequisites.ts   (the first step of `npm test`)
 * Prints one line and exits 1 when something is missing.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { WQY_FONT_PATH } from "./fonts/build.ts";

const CJK_SOURCE = fileURLToPath(new URL("../../modules/screens/font-cjk.ts", import.meta.url));
const SOUNDS_INFO = fileURLToPath(new URL("../../sounds/generated.json", import.meta.url));

/** A Debian package and how to tell it is installed. */
interface Requirement {
	readonly debian: string;
	readonly present: () => boolean;
}

function hasCommand(command: string): boolean {
	return spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
}

/** What `npm test` needs (`.ci/run` installs the same list). */
export const TEST_REQUIREMENTS: readonly Requirement[] = Object.freeze([
	{ debian: "chromium", present: () => hasCommand("chromium") },
	{ debian: "openssl", present: () => hasCommand("openssl") },
	{ debian: "gcc", present: () => hasCommand("gcc") },
	{ debian: "make", present: () => hasCommand("make") },
	{ debian: "xfonts-wqy", present: () => existsSync(WQY_FONT_PATH) },
	{ debian: "espeak-ng", present: () => hasCommand("espeak-ng") },
	{ debian: "sox", present: () => hasCommand("sox") },
	{ debian: "pocketsphinx", present: () => hasCommand("pocketsphinx_continuous") },
	{ debian: "pocketsphinx-en-us", present: () => existsSync("/usr/share/pocketsphinx/model/en-us/en-us") },
]);

/** How many glyphs the generated zh-CN face holds (0 when it was made without xfonts-wqy, or never made). */
export function cjkGlyphCount(source = CJK_SOURCE): number {
	if (!existsSync(source)) return 0;
	const chars = /\bchars: ("(?:[^"\\]|\\.)*")/.exec(readFileSync(source, "utf8"));
	return chars ? [...(JSON.parse(chars[1]!) as string)].length : 0;
}

/** One line for a build without zh-CN glyphs, or undefined when the face is there. */
export function missingGlyphsProblem(source = CJK_SOURCE): string | undefined {
	if (cjkGlyphCount(source) > 0) return undefined;
	const cause = existsSync(WQY_FONT_PATH) ? "it was generated before xfonts-wqy was installed" : "Debian's xfonts-wqy is not installed";
	return `this build has no zh-CN glyphs (modules/screens/font-cjk.ts is empty or missing: ${cause}), so the default language's screens would be boxes; install it and regenerate: sudo apt-get install -y xfonts-wqy && npm run fonts`;
}

/** Whether the clips were made by the speech engine (a build without espeak-ng/sox gets tones and says so). */
function spokenClipsProblem(): string | undefined {
	if (!existsSync(SOUNDS_INFO)) return "the speaker's clips were never generated: npm run sounds";
	const info = JSON.parse(readFileSync(SOUNDS_INFO, "utf8")) as { source?: string };
	return info.source?.startsWith("espeak-ng") ? undefined : `the speaker's clips are tones, not speech (${info.source ?? "unknown source"}): npm run sounds`;
}

/** Every problem, each one line: missing packages first (with the command that installs them), then stale generated files. */
export function prerequisiteProblems(requirements: readonly Requirement[] = TEST_REQUIREMENTS): string[] {
	const missing = requirements.filter((requirement) => !requirement.present()).map((requirement) => requirement.debian);
	if (missing.length > 0) return [`missing Debian packages: ${missing.join(" ")}; install them with: sudo apt-get install -y ${missing.join(" ")} && npm run postinstall`];
	return [missingGlyphsProblem(), spokenClipsProblem()].filter((problem): problem is string => problem !== undefined);
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const problems = prerequisiteProblems();
	if (problems.length > 0) {
		console.error(`npm test cannot run: ${problems.join("; and ")}`);
		process.exit(1);
	}
}
