/*
 * The ESP32-S3 natives (hosts/esp32s3/native/board-natives.c), bound with native(): chip,
 * flash, heap, MAC, app description, partitions, eFuse serial, HMAC peripheral and RNG.
 * The shapes are declared in modules/moddable-adapters/board-natives.d.ts; TypeScript turns them into
 * report values (modules/moddable-adapters/system-facts.ts, efuse-signer.ts). Each method is only the
 * `native(…).call(this, …)` xsc recognises, so it compiles to a bare host function.
 */
import type { BoardNatives, RawApp, RawChip, RawPartition } from "moddable-adapters/board-natives";

export const boardNatives: BoardNatives = Object.freeze({
	chip(): RawChip {
		return native("xs_board_chip").call(this);
	},
	flashSize(): number {
		return native("xs_board_flash_size").call(this);
	},
	minimumFreeHeap(): number {
		return native("xs_board_minimum_free_heap").call(this);
	},
	staMac(): ArrayBuffer {
		return native("xs_board_sta_mac").call(this);
	},
	app(): RawApp {
		return native("xs_board_app").call(this);
	},
	partitions(): RawPartition[] {
		return native("xs_board_partitions").call(this);
	},
	runningPartition(): string {
		return native("xs_board_running_partition").call(this);
	},
	efuseSerial(): ArrayBuffer {
		return native("xs_board_efuse_serial").call(this);
	},
	hmacKey0(message: ArrayBuffer): ArrayBuffer {
		return native("xs_board_hmac_key0").call(this, message);
	},
	random(count: number): ArrayBuffer {
		return native("xs_board_random").call(this, count);
	},
});
