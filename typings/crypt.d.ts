/* Our declaration of the Moddable "crypt" module: only what this project uses. */

declare module "crypt" {
	export class Digest {
		constructor(algorithm: "SHA1" | "SHA256" | "SHA512" | "MD5");
		write(data: ArrayBuffer | string): void;
		close(): ArrayBuffer;
		reset(): void;
		readonly blockSize: number;
	}
}
