/*
 * Stand-in for the SDK's "crypt" Digest ($(MODULES)/crypt/digest/crypt.js, modCrypt.c): the
 * bytes written (a string as its UTF-8 bytes) are hashed by the host at close(). As the C:
 * an unknown algorithm is "crypt: unsupported digest"; blockSize and outputSize are the
 * algorithm's; reset() starts over.
 */
import type { Digest as SdkDigest } from "crypt";
import { hostPart } from "./host.ts";

const SIZES: Readonly<Record<string, { readonly blockSize: number; readonly outputSize: number }>> = Object.freeze({
	MD5: { blockSize: 64, outputSize: 16 },
	SHA1: { blockSize: 64, outputSize: 20 },
	SHA224: { blockSize: 64, outputSize: 28 },
	SHA256: { blockSize: 64, outputSize: 32 },
	SHA384: { blockSize: 128, outputSize: 48 },
	SHA512: { blockSize: 128, outputSize: 64 },
});

const encoder = new TextEncoder();

export class Digest {
	readonly #algorithm: string;
	#pieces: Uint8Array[] = [];

	constructor(algorithm: string) {
		this.#algorithm = String(algorithm);
		if (!Object.hasOwn(SIZES, this.#algorithm)) throw new Error("crypt: unsupported digest");
	}

	get blockSize(): number {
		return SIZES[this.#algorithm]!.blockSize;
	}

	get outputSize(): number {
		return SIZES[this.#algorithm]!.outputSize;
	}

	write(data: ArrayBuffer | string): void {
		this.#pieces.push(typeof data === "string" ? encoder.encode(data) : new Uint8Array(data.slice(0)));
	}

	close(): ArrayBuffer {
		let length = 0;
		for (const piece of this.#pieces) length += piece.length;
		const whole = new Uint8Array(length);
		let at = 0;
		for (const piece of this.#pieces) {
			whole.set(piece, at);
			at += piece.length;
		}
		return hostPart("digest", "crypt")(this.#algorithm, whole).slice().buffer;
	}

	reset(): void {
		this.#pieces = [];
	}
}
Object.freeze(Digest.prototype);

// Typed as the SDK's API as the project declares it (typings/crypt.d.ts).
Digest satisfies new (algorithm: "SHA1" | "SHA256" | "SHA512" | "MD5") => SdkDigest;
