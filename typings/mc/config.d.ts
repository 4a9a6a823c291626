/* Our declaration of the Moddable "mc/config" module: only what this project uses. */

declare module "mc/config" {
	/** The manifest's "config" block merged with mcconfig's key=value arguments; frozen. */
	const config: Readonly<Record<string, unknown>>;
	export default config;
}
