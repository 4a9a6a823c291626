/* Fake of Moddable's "crypt" Digest on Node's hashes. */
import { createHash, type Hash } from "node:crypto";

const NAMES: Record<string, string> = { SHA1: "sha1", SHA256: "sha256", SHA512: "sha512", MD5: "md5" };

export class Digest {
	readonly algorithm: string;
	#hash: Hash;
	constructor(algorithm: string) {
		const name = NAMES[algorithm];
		if (!name) throw new Error(`Digest: unsupported ${algorithm}`);
		this.algorithm = name;
		this.#hash = createHash(name);
	}
	write(data: ArrayBuffer | string): void {
		this.#hash.update(typeof data === "string" ? Buffer.from(data) : Buffer.from(data));
	}
	close(): ArrayBuffer {
		return new Uint8Array(this.#hash.digest()).buffer;
	}
	reset(): void {
		this.#hash = createHash(this.algorithm);
	}
}
