/*
 * Our declaration of the ECMA-419 host provider ("embedded:provider/builtin") for the editor
 * and CI typecheck; mcconfig's build uses the SDK's own (not listed in moddable-build.d.ts).
 * Its board-specific shape is read in modules/moddable-adapters/board-provider.ts.
 */
declare module "embedded:provider/builtin" {
	const device: { readonly pin: { readonly [name: string]: number } };
	export default device;
}
