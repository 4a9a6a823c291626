/*
 * The modem HTTP stack's `+MHTTPURC: "err",<id>,<code>` codes (vendor HTTP manual; the
 * texts are esp-ml307's ErrorCodeToString) and the AT-level +CME codes of the MHTTP
 * commands, mapped onto the core's transport failure kinds.
 */

import type { TransportFailureKind } from "activation/interfaces";

export interface ModemHttpError {
	readonly kind: TransportFailureKind;
	readonly text: string;
}

export const MHTTP_URC_ERRORS: Readonly<Record<number, ModemHttpError>> = Object.freeze({
	1: Object.freeze({ kind: "dns", text: "Domain name resolution failed" }),
	2: Object.freeze({ kind: "connect", text: "Connection to server failed" }),
	3: Object.freeze({ kind: "timeout", text: "Connection to server timeout" }),
	4: Object.freeze({ kind: "tls", text: "SSL handshake failed" }),
	5: Object.freeze({ kind: "io", text: "Connection abnormal disconnection" }),
	6: Object.freeze({ kind: "timeout", text: "Request response timeout" }),
	7: Object.freeze({ kind: "modem", text: "Data reception parsing failed" }),
	8: Object.freeze({ kind: "modem", text: "Cache space insufficient" }),
	9: Object.freeze({ kind: "modem", text: "Data packet loss" }),
	10: Object.freeze({ kind: "modem", text: "File write failed" }),
	255: Object.freeze({ kind: "modem", text: "Unknown error" }),
} satisfies Record<number, ModemHttpError>);

/** An `"err"` URC as a failure; `afterHeader` turns a dropped connection into a truncated body. */
export function modemHttpError(code: number, afterHeader: boolean): { kind: TransportFailureKind; detail: string } {
	const known = MHTTP_URC_ERRORS[code];
	const text = known ? known.text : "Unknown error";
	let kind: TransportFailureKind = known ? known.kind : "modem";
	if (afterHeader && (code === 5 || code === 9)) kind = "truncated";
	return { kind, detail: `modem HTTP error ${code}: ${text}${afterHeader ? " (after the response head)" : ""}` };
}

export const MHTTP_CME_ERRORS: Readonly<Record<number, string>> = Object.freeze({
	3: "operation not allowed",
	23: "memory allocation failed",
	50: "parameter error",
	650: "unknown error",
	651: "no free HTTP client",
	652: "HTTP client not created",
	653: "HTTP client busy",
	654: "URL parse failed",
	655: "SSL not enabled",
	656: "connect failed",
	657: "data send failed",
	658: "open file failed",
});

export function cmeText(code: number | undefined): string {
	if (code === undefined) return "error";
	return `+CME ERROR: ${code} (${MHTTP_CME_ERRORS[code] ?? "unknown"})`;
}
