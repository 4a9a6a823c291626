/*
 * The 4 KB echo through the modem's HTTP stack: a body whose every 64-byte line says where
 * it belongs (so a lost, doubled or moved piece shows where), and the check of what came
 * back. Two kinds of echo server are understood: one that answers the body verbatim (the
 * project's emulator, POST /echo) and one that answers JSON carrying it in "data" (public
 * echo services such as postman-echo.com/post and httpbin.org/post).
 */
import type { Verdict } from "self-test/checks";

export const ECHO_BYTES = 4096;
const LINE_BYTES = 64;
const FILL = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** `length` bytes of printable ASCII: lines of `NNNNN:` (the line's offset) + filler + LF. */
export function echoPayload(length = ECHO_BYTES): string {
	const lines: string[] = [];
	for (let at = 0; at < length; at += LINE_BYTES) {
		const head = `${String(at).padStart(5, "0")}:`;
		const size = Math.min(LINE_BYTES, length - at);
		const shift = (at / LINE_BYTES) % FILL.length;
		const filler = (FILL.slice(shift) + FILL.slice(0, shift)).slice(0, Math.max(0, LINE_BYTES - head.length - 1));
		lines.push((head + filler + "\n").slice(0, size));
	}
	return lines.join("");
}

function firstDifference(a: string, b: string): number {
	const length = Math.min(a.length, b.length);
	for (let i = 0; i < length; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return i;
	return length;
}

/** The text a JSON echo carries in "data", if the body is one. */
function jsonEchoData(body: string): string | undefined {
	if (!body.startsWith("{")) return undefined;
	try {
		const data = (JSON.parse(body) as { data?: unknown }).data;
		return typeof data === "string" ? data : undefined;
	} catch {
		return undefined;
	}
}

/** Whether `body` (an answer with `status`) echoes `sent` exactly, and if not, where it first differs. */
export function echoVerdict(sent: string, status: number, body: string): Verdict {
	if (status !== 200) return { ok: false, detail: `the echo server answered ${status}` };
	const echoed = body === sent ? body : (jsonEchoData(body) ?? body);
	if (echoed === sent) return { ok: true, detail: `${sent.length} bytes echoed${echoed === body ? "" : " (in JSON data)"}` };
	const at = firstDifference(sent, echoed);
	return { ok: false, detail: `the echo differs from byte ${at} (sent ${sent.length}, got ${echoed.length})` };
}
