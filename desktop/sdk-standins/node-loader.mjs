// Node module-resolution hook: the SDK specifiers that device code (modules/, hosts/, main.ts)
// and the stand-ins' contracts import ("preference", "timer", "http", …) resolve to the
// stand-ins in this folder, the same the board run bundles (modules.json). Any other importer,
// and any other specifier, resolves as usual (a Node test's own "node:http" stays Node's).
import table from "./modules.json" with { type: "json" };

const ROOT = new URL("../../", import.meta.url).href;
const DEVICE_CODE = ["modules/", "hosts/", "main.ts", "desktop/sdk-standins/"].map((path) => ROOT + path);

export async function resolve(specifier, context, nextResolve) {
	const file = Object.hasOwn(table, specifier) ? table[specifier] : undefined;
	const parent = context.parentURL ?? "";
	if (file && DEVICE_CODE.some((prefix) => parent.startsWith(prefix))) return nextResolve(new URL(file, import.meta.url).href, context);
	return nextResolve(specifier, context);
}
