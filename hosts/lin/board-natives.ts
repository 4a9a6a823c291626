/*
 * Stand-ins for the ESP32-only natives on Moddable's Linux simulator. They answer with the
 * raw shapes the C natives give (modules/moddable-adapters/board-natives.d.ts), built from the device
 * profile, so the simulator exercises the same TypeScript conversion as the board. The
 * HMAC "peripheral" is a software HMAC-SHA256 with the profile's TEST key.
 */
import { Digest } from "crypt";
import HMAC from "hmac";
import RNG from "rng";
import type { BoardNatives, RawApp, RawChip, RawPartition } from "moddable-adapters/board-natives";
import { bufferOf, bytesFromHex, utf8Encode } from "moddable-adapters/bytes";
import { simProfile } from "lin/device-profile";

const SERIAL_BYTES = 32;

export const simNatives: BoardNatives = Object.freeze({
	chip(): RawChip {
		const { system } = simProfile();
		return { modelName: system.chipModelName, ...system.chipInfo };
	},
	flashSize(): number {
		return simProfile().system.flashSize;
	},
	minimumFreeHeap(): number {
		return simProfile().system.minimumFreeHeapSize;
	},
	staMac(): ArrayBuffer {
		return bufferOf(Uint8Array.from(simProfile().system.mac));
	},
	app(): RawApp {
		const app = simProfile().system.application;
		return {
			name: app.name,
			version: app.version,
			date: app.compileDate,
			time: app.compileTime,
			idfVersion: app.idfVersion,
			elfSha256: bufferOf(bytesFromHex(app.elfSha256, "application.elfSha256")),
		};
	},
	partitions(): RawPartition[] {
		return simProfile().system.partitions.map((partition) => ({ ...partition }));
	},
	runningPartition(): string {
		return simProfile().system.runningPartition;
	},
	efuseSerial(): ArrayBuffer {
		const serial = simProfile().serialNumber;
		const block = new Uint8Array(SERIAL_BYTES);
		if (serial !== undefined) {
			const bytes = utf8Encode(serial);
			if (bytes.length > SERIAL_BYTES) throw new RangeError(`device profile: serialNumber is longer than ${SERIAL_BYTES} bytes`);
			block.set(bytes);
		}
		return block.buffer;
	},
	hmacKey0(message: ArrayBuffer): ArrayBuffer {
		const keyHex = simProfile().hmacKeyHex;
		if (!keyHex) throw new Error("HMAC: this device profile has no KEY0 (a v1 device)");
		if (message.byteLength === 0 || message.byteLength > 256) throw new RangeError(`challenge must be 1 to 256 bytes, not ${message.byteLength}`);
		return new HMAC(new Digest("SHA256"), bufferOf(bytesFromHex(keyHex, "hmacKeyHex"))).process(message);
	},
	random(count: number): ArrayBuffer {
		if (!Number.isInteger(count) || count < 0 || count > 256) throw new RangeError("random takes a count of 0 to 256 bytes");
		return RNG.get(count);
	},
});
