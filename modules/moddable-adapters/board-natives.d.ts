/*
 * The raw chip facts the board's C natives hand to TypeScript
 * (hosts/esp32s3/native/board-natives.c, bound in hosts/esp32s3/board-natives.ts). The
 * simulator's stand-in (hosts/lin/board-natives.ts) gives the same shapes from a device
 * profile, so system-facts.ts and efuse-signer.ts turn both into report values the same way.
 * Every member throws an Error naming the IDF call when the chip refuses.
 */

export interface RawChip {
	/** CONFIG_IDF_TARGET, e.g. "esp32s3". */
	readonly modelName: string;
	/** esp_chip_model_t: ESP32-S3 is 9. */
	readonly model: number;
	readonly cores: number;
	/** MXX form: v0.2 is 2. */
	readonly revision: number;
	/** CHIP_FEATURE_* bits. */
	readonly features: number;
}

export interface RawApp {
	readonly name: string;
	readonly version: string;
	/** __DATE__ of the build, e.g. "Nov 15 2025". */
	readonly date: string;
	/** __TIME__ of the build, e.g. "16:51:32". */
	readonly time: string;
	readonly idfVersion: string;
	/** 32 bytes. */
	readonly elfSha256: ArrayBuffer;
}

export interface RawPartition {
	readonly label: string;
	readonly type: number;
	readonly subtype: number;
	readonly address: number;
	readonly size: number;
}

export interface BoardNatives {
	chip(): RawChip;
	flashSize(): number;
	minimumFreeHeap(): number;
	/** Wi-Fi STA MAC, 6 bytes. */
	staMac(): ArrayBuffer;
	app(): RawApp;
	/** In partition-table order. */
	partitions(): RawPartition[];
	runningPartition(): string;
	/** eFuse BLOCK3 (USER_DATA), 32 bytes; all zero when no serial number is burned. */
	efuseSerial(): ArrayBuffer;
	/** HMAC-SHA256 of 1 to 256 bytes with the HMAC peripheral and eFuse KEY0: 32 bytes. */
	hmacKey0(message: ArrayBuffer): ArrayBuffer;
	/** 0 to 256 random bytes. */
	random(count: number): ArrayBuffer;
}
