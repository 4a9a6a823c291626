/* Our declaration of the Moddable "hmac" module: only what this project uses. */

declare module "hmac" {
	import type { Digest } from "crypt";
	export default class HMAC {
		constructor(digest: Digest, key: ArrayBuffer, bits?: number);
		/** HMAC of the concatenated items. */
		process(...items: (ArrayBuffer | string)[]): ArrayBuffer;
	}
}
