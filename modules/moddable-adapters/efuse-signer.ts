/*
 * Activation-Version 2 identity from the chip: the serial number burned into eFuse
 * USER_DATA and HMAC-SHA256 by the HMAC peripheral with eFuse KEY0. As in the firmware, a
 * first byte of 0 means "no serial" (version 1), and otherwise the 32 bytes are a C string.
 */
import type { ActivationSigner } from "activation/interfaces";
import type { BoardNatives } from "moddable-adapters/board-natives";
import { bufferOf, hexFromBytes, utf8Encode } from "moddable-adapters/bytes";

/** The serial as the firmware sends it (up to the first NUL), or undefined when none is burned. */
export function serialFromUserData(userData: Uint8Array): string | undefined {
	if (userData.length === 0 || userData[0] === 0) return undefined;
	let serial = "";
	for (let i = 0; i < userData.length && userData[i] !== 0; i++) {
		const byte = userData[i]!;
		// It goes into an HTTP header and a JSON string: anything but printable ASCII is a burn error.
		if (byte < 0x20 || byte > 0x7e) throw new RangeError(`eFuse serial byte ${i} is not printable ASCII (0x${byte.toString(16)})`);
		serial += String.fromCharCode(byte);
	}
	return serial;
}

export class EfuseSigner implements ActivationSigner {
	readonly #natives: BoardNatives;
	#serial: { value: string | undefined } | undefined;

	constructor(natives: BoardNatives) {
		this.#natives = natives;
	}

	serialNumber(): string | undefined {
		// eFuses do not change while running: read once.
		this.#serial ??= { value: serialFromUserData(new Uint8Array(this.#natives.efuseSerial())) };
		return this.#serial.value;
	}

	hmacSha256Hex(challenge: string): string {
		const message = utf8Encode(challenge);
		const hmac = new Uint8Array(this.#natives.hmacKey0(bufferOf(message)));
		if (hmac.length !== 32) throw new RangeError(`HMAC peripheral returned ${hmac.length} bytes, not 32`);
		return hexFromBytes(hmac);
	}
}
