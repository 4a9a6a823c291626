/*
 * Stand-in for "Resource" on the board run: the only resources the board's code reads here
 * are the speaker's clips (`<clip>.maud`), whose headers Node sends in the setup; the modem
 * does the 4G TLS and Node the Wi-Fi TLS, so no certificate is read.
 */
import { boardSetup } from "./setup.ts";

const names = new WeakMap<object, string>();

export default class Resource {
	constructor(path: string) {
		const header = boardSetup.clipHeaders[path];
		if (!header) throw new Error(`Resource: ${path} is not in this board run`);
		// Like the SDK's Resource, an ArrayBuffer-like view of the data (here: its header).
		const buffer = new Uint8Array(header).buffer;
		names.set(buffer, path);
		return buffer as unknown as Resource;
	}

	static exists(path: string): boolean {
		return boardSetup.clipHeaders[path] !== undefined;
	}
}

/** The name a stand-in resource was opened with. */
export function resourceName(resource: unknown): string {
	return (typeof resource === "object" && resource !== null && names.get(resource)) || "?";
}
