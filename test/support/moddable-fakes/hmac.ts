/* Fake of Moddable's "hmac" ($(MODULES)/crypt/etc/hmac.js) on Node's HMAC. */
import { createHmac } from "node:crypto";
import type { Digest } from "./crypt.ts";

export default class HMAC {
	readonly #algorithm: string;
	readonly #key: Buffer;
	constructor(digest: Digest, key: ArrayBuffer) {
		if (!(key instanceof ArrayBuffer)) throw new TypeError("HMAC: key must be an ArrayBuffer");
		this.#algorithm = digest.algorithm;
		this.#key = Buffer.from(key);
	}
	process(...items: (ArrayBuffer | string)[]): ArrayBuffer {
		const hmac = createHmac(this.#algorithm, this.#key);
		for (const item of items) hmac.update(typeof item === "string" ? Buffer.from(item) : Buffer.from(item));
		return new Uint8Array(hmac.digest()).buffer;
	}
}
