/*
 * Text from a request (a Device-Id, a path, a method) printed on the operator's terminal.
 * The escaping is the desktop tools' one (desktop/runner/terminal-text.ts: C0, DEL, C1 — 0x9b
 * is a one-byte CSI — and the invisible bidi and line-separator controls), so a request cannot
 * move the cursor, clear the screen or retitle the window. A backslash is doubled first, so
 * an escape shown here is never one the request itself typed.
 */
import { visibleControls } from "../runner/terminal-text.ts";

export function escapeControls(text: string): string {
	return visibleControls(text.replace(/\\/g, "\\\\"));
}

/** The operator's line for one device request; method, path and Device-Id escaped. */
export function requestLine(time: string, record: { readonly method: string; readonly path: string; readonly status: number; readonly headers: Readonly<Record<string, string | undefined>> }): string {
	const deviceId = record.headers["device-id"] ?? "-";
	return `${time} ${escapeControls(record.method)} ${escapeControls(record.path)} device ${escapeControls(deviceId)} -> ${record.status || "reset/unanswered"}`;
}
