/*
 * The captured device (test/fixtures/ota-request-1.json) as facts, the way a board
 * would read them; specs vary the fields that changed between captures.
 */
import type { BoardFacts, SystemFacts } from "activation/interfaces";

export const CAPTURED_UUID = "e2314aed-0a16-43f0-8128-766fbd3207f2";

export function capturedSystem(minimumFreeHeapSize = 8425044): SystemFacts {
	return {
		flashSize: 16777216,
		minimumFreeHeapSize,
		mac: [0x94, 0xa9, 0x90, 0x2c, 0x84, 0xb8],
		chipModelName: "esp32s3",
		chipInfo: { model: 9, cores: 2, revision: 2, features: 18 },
		application: {
			name: "xiaozhi",
			version: "2.0.4",
			compileDate: "Nov 15 2025",
			compileTime: "16:51:32",
			idfVersion: "v5.5.1-dirty",
			elfSha256: "EC236BC87BAEF23231029A0A90CAF2B9B5EB462BC616AD8C5C5313187082FFDF",
		},
		partitions: [
			{ label: "nvs", type: 1, subtype: 2, address: 36864, size: 16384 },
			{ label: "otadata", type: 1, subtype: 0, address: 53248, size: 8192 },
			{ label: "phy_init", type: 1, subtype: 1, address: 61440, size: 4096 },
			{ label: "ota_0", type: 0, subtype: 16, address: 131072, size: 4128768 },
			{ label: "ota_1", type: 0, subtype: 17, address: 4259840, size: 4128768 },
			{ label: "assets", type: 1, subtype: 130, address: 8388608, size: 8388608 },
		],
		runningPartition: "ota_0",
		display: { monochrome: true, width: 128, height: 32 },
	};
}

export function capturedBoard(csq = 24, ci = "015B290F"): BoardFacts {
	return {
		network: "ml307",
		type: "bread-compact-ml307",
		name: "bread-compact-ml307",
		revision: "ML307R-DL-MBRH0S00",
		carrier: "CHINA MOBILE",
		csq,
		imei: "869663071312008",
		iccid: "898604670224D0049048",
		cereg: { stat: 1, tac: "2490", ci, AcT: 7 },
	};
}

/** A fixture file's body: the files end with a newline that the wire body does not have. */
export function wireBody(fileText: string): string {
	return fileText.endsWith("\n") ? fileText.slice(0, -1) : fileText;
}
