/*
 * Stand-in for the SDK's "securesocket" ($(MODULES)/crypt/securesocket): the http client
 * stand-in knows it by its identity and asks the host for a TLS connection (the host does
 * the TLS, with the trust the request's `secure` options name). Made, it checks the TLS
 * session's options as ssl/session_original.js does (protocolVersion 0x301-0x303, "not
 * supported" else), and the host may refuse the session (the board: no memory for it). A write over TLS has 128
 * bytes less room than the socket under it, as the SDK estimates the record's overhead.
 */
import type SdkSecureSocket from "securesocket";
import { hostPart } from "./host.ts";

/** The SDK's estimate of a TLS record's overhead, taken off the socket's room. */
export const TLS_OVERHEAD_BYTES = 128;

/** ssl/session_original.js's range of protocolVersion (TLS 1.0 to 1.2). */
const PROTOCOL_VERSIONS = Object.freeze({ min: 0x301, max: 0x303 });

class SecureSocket {
	constructor(options: { secure?: { protocolVersion?: number } }) {
		const version = options.secure?.protocolVersion;
		if (version && (version < PROTOCOL_VERSIONS.min || version > PROTOCOL_VERSIONS.max)) throw new Error("protocolVersion: not supported");
		// The TLS session the host may not be able to open (no memory for it, on the board).
		hostPart("http", "securesocket").openTls?.(options.secure ?? {});
	}
	close(): void {}
}
Object.freeze(SecureSocket.prototype);

// Typed as the SDK's API as the project declares it (typings/securesocket.d.ts).
export default SecureSocket satisfies typeof SdkSecureSocket;
