/*
 * The ESP32-S3 natives (hosts/esp32s3/native/board-natives.c), bound with native(): chip,
 * flash, heap, MAC, app description, partitions, eFuse serial, HMAC peripheral and RNG.
 * The shapes are declared in hosts/moddable/board-natives.d.ts; TypeScript turns them into
 * report values (hosts/moddable/system-facts.ts, efuse-signer.ts).
 */
import type { BoardNatives, RawApp, RawChip, RawPartition } from "host/board-natives";

export const boardNatives: BoardNatives = Object.freeze({
	chip(): RawChip {
		return native("xs_board_chip")();
	},
	flashSize(): number {
		return native("xs_board_flash_size")();
	},
	minimumFreeHeap(): number {
		return native("xs_board_minimum_free_heap")();
	},
	staMac(): ArrayBuffer {
		return native("xs_board_sta_mac")();
	},
	app(): RawApp {
		return native("xs_board_app")();
	},
	partitions(): RawPartition[] {
		return native("xs_board_partitions")();
	},
	runningPartition(): string {
		return native("xs_board_running_partition")();
	},
	efuseSerial(): ArrayBuffer {
		return native("xs_board_efuse_serial")();
	},
	hmacKey0(message: ArrayBuffer): ArrayBuffer {
		return native("xs_board_hmac_key0")(message);
	},
	random(count: number): ArrayBuffer {
		return native("xs_board_random")(count);
	},
});
