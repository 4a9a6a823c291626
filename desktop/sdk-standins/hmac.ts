/*
 * Stand-in for the SDK's "hmac" ($(MODULES)/crypt/etc/hmac.js), which is JavaScript over a
 * Digest: the same construction (a key longer than the block is hashed first, inner and
 * outer pads of 0x36 and 0x5c), over the crypt stand-in's Digest.
 */
import type SdkHMAC from "hmac";
import type { Digest } from "./crypt.ts";

class HMAC {
	readonly #digest: Digest;
	readonly #inner: Uint8Array;
	readonly #outer: Uint8Array;

	constructor(digest: Digest, key: ArrayBuffer, _bits = 0) {
		this.#digest = digest;
		let bytes = new Uint8Array(key);
		if (bytes.length > digest.blockSize) {
			digest.reset();
			digest.write(key);
			bytes = new Uint8Array(digest.close());
		}
		this.#inner = new Uint8Array(digest.blockSize).fill(0x36);
		this.#outer = new Uint8Array(digest.blockSize).fill(0x5c);
		for (let i = 0; i < bytes.length; i++) {
			this.#inner[i] = bytes[i]! ^ 0x36;
			this.#outer[i] = bytes[i]! ^ 0x5c;
		}
	}

	process(...items: (ArrayBuffer | string)[]): ArrayBuffer {
		const digest = this.#digest;
		digest.reset();
		digest.write(this.#inner.slice().buffer);
		for (const item of items) digest.write(item);
		const inner = digest.close();
		digest.reset();
		digest.write(this.#outer.slice().buffer);
		digest.write(inner);
		return digest.close();
	}
}
Object.freeze(HMAC.prototype);

// Typed as the SDK's API as the project declares it (typings/hmac.d.ts).
export default HMAC as unknown as typeof SdkHMAC;
