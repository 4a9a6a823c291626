/*
 * Import this first in a board test, then import the adapters dynamically: from then on
 * their Moddable imports resolve to the fakes in this folder.
 */
import { register } from "node:module";

register("./moddable-loader.mjs", import.meta.url);

// XS's String.fromArrayBuffer, which the simulator's profile reader uses: strict UTF-8, as in XS.
const xsString = String as unknown as { fromArrayBuffer?: (buffer: ArrayBufferLike) => string };
xsString.fromArrayBuffer ??= (buffer) => new TextDecoder("utf-8", { fatal: true }).decode(new Uint8Array(buffer));

/**
 * Imports a Moddable adapter (modules/moddable-adapters/<name>.ts) through the fakes. The specifier
 * is computed so that the Node typecheck does not follow it into Moddable-typed code
 * (there "http" would be Node's); each test states the adapter's shape as T.
 */
export async function importAdapter<T>(name: string): Promise<T> {
	return (await import(new URL(`../../../modules/moddable-adapters/${name}.ts`, import.meta.url).href)) as T;
}

/** The same for the simulator's modules (hosts/lin/<name>.ts). */
export async function importSimulator<T>(name: string): Promise<T> {
	return (await import(new URL(`../../../hosts/lin/${name}.ts`, import.meta.url).href)) as T;
}
