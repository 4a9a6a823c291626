/*
 * Stand-in for "Resource" on the board run: the resources the board's code reads here are
 * the speaker's clips (`<clip>.maud`), whose headers Node sends in the setup, and the Wi-Fi
 * setup page, whose bytes it sends; the modem does the 4G TLS and Node the Wi-Fi TLS, so no
 * certificate is read.
 */
import { boardSetup } from "./setup.ts";
import { bytesOfHex } from "./sockets.ts";

const names = new WeakMap<object, string>();

export default class Resource {
	constructor(path: string) {
		const file = boardSetup.resources[path];
		const header = boardSetup.clipHeaders[path];
		if (!header && file === undefined) throw new Error(`Resource: ${path} is not in this board run`);
		// Like the SDK's Resource, an ArrayBuffer-like view of the data (a clip: its header).
		const buffer = header ? new Uint8Array(header).buffer : bytesOfHex(file!).buffer;
		names.set(buffer, path);
		return buffer as unknown as Resource;
	}

	static exists(path: string): boolean {
		return boardSetup.clipHeaders[path] !== undefined || boardSetup.resources[path] !== undefined;
	}
}

/** The name a stand-in resource was opened with. */
export function resourceName(resource: unknown): string {
	return (typeof resource === "object" && resource !== null && names.get(resource)) || "?";
}
