/* Our declaration of the Moddable "securesocket" module: only what this project uses. */

declare module "securesocket" {
	export default class SecureSocket {
		constructor(options: object);
		close(): void;
	}
}
