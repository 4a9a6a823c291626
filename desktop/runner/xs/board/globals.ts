/*
 * The globals the board's code finds on the ESP32 build, for the board run: `native()`
 * (the board's C natives, answered from the device profile: chip, flash, heap, MAC, app,
 * partitions, eFuse serial; KEY0's HMAC by the profile's test key on the Node side),
 * `trace` (the serial console, line by line to Node, which may answer with a BOOT gesture)
 * and `screen` (the SSD1306's pixel output, Gray256 as the build renders).
 */
import type { ButtonAction } from "../../bridge-protocol.ts";
import { call } from "../xs-bridge.ts";
import { pressButton } from "./buttons.ts";
import { boardTimeline } from "./host.ts";
import { boardSetup } from "./setup.ts";
import { standinScreen } from "../../../sdk-standins/pixels-out.ts";

const natives = boardSetup.natives;
const bytes = (values: readonly number[]): ArrayBuffer => Uint8Array.from(values).buffer;
const HEX = /^[0-9a-f]{64}$/;

const NATIVE_FUNCTIONS: Readonly<Record<string, (...args: never[]) => unknown>> = Object.freeze({
	xs_board_chip: () => ({ ...natives.chip }),
	xs_board_flash_size: () => natives.flashSize,
	xs_board_minimum_free_heap: () => natives.minimumFreeHeap,
	xs_board_sta_mac: () => bytes(natives.staMac),
	xs_board_app: () => ({ ...natives.app, elfSha256: bytes(natives.app.elfSha256) }),
	xs_board_partitions: () => natives.partitions.map((partition) => ({ ...partition })),
	xs_board_running_partition: () => natives.runningPartition,
	xs_board_efuse_serial: () => bytes(natives.efuseSerial),
	xs_board_hmac_key0: (message: ArrayBuffer) => {
		const hex = call({ op: "signer.hmac", challenge: new TextDecoder().decode(new Uint8Array(message)) }) as string;
		if (!HEX.test(hex)) throw new Error("esp_hmac_calculate failed");
		const out = new Uint8Array(32);
		for (let i = 0; i < 32; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
		return out.buffer;
	},
	xs_board_random: (count: number) => bytes(call({ op: "random", count }) as number[]),
});

/** The console's last complete lines are watched by the driver (board-entry.ts). */
export const consoleWatch: { onLine: (line: string) => void } = { onLine: () => {} };

let partial = "";

function boardTrace(...parts: unknown[]): void {
	partial += parts.map(String).join("");
	for (let end = partial.indexOf("\n"); end >= 0; end = partial.indexOf("\n")) {
		const line = partial.slice(0, end);
		partial = partial.slice(end + 1);
		const action = call({ op: "board.trace", line }) as ButtonAction | undefined;
		consoleWatch.onLine(line);
		if (action) pressButton(boardTimeline, action);
	}
}

export function installBoardGlobals(): void {
	const global = globalThis as unknown as Record<string, unknown>;
	global.native = (name: string) => {
		const fn = NATIVE_FUNCTIONS[name];
		if (!fn) throw new Error(`native: no ${name} on this board`);
		return fn;
	};
	global.trace = boardTrace;
	global.screen = standinScreen(128, 32);
}
