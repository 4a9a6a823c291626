/*
 * Text from a request (a Device-Id, a path, a method) printed on the operator's terminal:
 * every C0 and C1 control character and DEL is shown as an escape, so a request cannot
 * move the cursor, clear the screen or retitle the window (C1 0x9b is a one-byte CSI).
 */
export function escapeControls(text: string): string {
	let out = "";
	for (const char of text) {
		const unit = char.charCodeAt(0);
		if (unit < 0x20 || (unit >= 0x7f && unit <= 0x9f)) out += "\\x" + unit.toString(16).padStart(2, "0");
		else if (char === "\\") out += "\\\\";
		else out += char;
	}
	return out;
}

/** The operator's line for one device request; method, path and Device-Id escaped. */
export function requestLine(time: string, record: { readonly method: string; readonly path: string; readonly status: number; readonly headers: Readonly<Record<string, string | undefined>> }): string {
	const deviceId = record.headers["device-id"] ?? "-";
	return `${time} ${escapeControls(record.method)} ${escapeControls(record.path)} device ${escapeControls(deviceId)} -> ${record.status || "reset/unanswered"}`;
}
