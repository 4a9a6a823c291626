/*
 * Turns the chip's raw facts (BoardNatives) into the SystemFacts the report is built from,
 * with the official firmware's rules: a flash size that cannot be read is 0, the STA MAC is
 * 6 bytes, the ELF SHA-256 is sent as 64 lower-case hex characters.
 */
import type { Log, PartitionFact, SystemFacts } from "activation/interfaces";
import type { BoardNatives, RawPartition } from "moddable-adapters/board-natives";
import { hexFromBytes } from "moddable-adapters/bytes";

export interface DisplayFacts {
	readonly monochrome: boolean;
	readonly width: number;
	readonly height: number;
}

/** The board's OLED, as the firmware's OledDisplay reports it. */
export const SSD1306_128X32: DisplayFacts = Object.freeze({ monochrome: true, width: 128, height: 32 });

function nonNegativeInteger(name: string, value: unknown): number {
	if (typeof value !== "number" || !Number.isInteger(value) || value < 0)
		throw new RangeError(`chip fact ${name} is not a non-negative integer: ${String(value)}`);
	return value;
}

function text(name: string, value: unknown): string {
	if (typeof value !== "string") throw new TypeError(`chip fact ${name} is not a string`);
	return value;
}

function bytes(name: string, buffer: unknown, length: number): Uint8Array {
	if (!(buffer instanceof ArrayBuffer) || buffer.byteLength !== length)
		throw new RangeError(`chip fact ${name} must be ${length} bytes`);
	return new Uint8Array(buffer);
}

function partition(raw: RawPartition, index: number): PartitionFact {
	const where = `partition ${index}`;
	return Object.freeze({
		label: text(`${where} label`, raw.label),
		type: nonNegativeInteger(`${where} type`, raw.type),
		subtype: nonNegativeInteger(`${where} subtype`, raw.subtype),
		address: nonNegativeInteger(`${where} address`, raw.address),
		size: nonNegativeInteger(`${where} size`, raw.size),
	});
}

/**
 * The chip's facts for each report: its identity (chip, flash, MAC, app image, partitions) is
 * read from the natives once, the first time it is asked for (again after a read that
 * failed); only the minimum free heap is read fresh each time.
 */
export function systemFactsOf(natives: BoardNatives, display: DisplayFacts, log: Log): () => SystemFacts {
	let identity: SystemFacts | undefined;
	return () => {
		if (!identity) return (identity = readSystemFacts(natives, display, log));
		return Object.freeze({ ...identity, minimumFreeHeapSize: nonNegativeInteger("minimum free heap", natives.minimumFreeHeap()) });
	};
}

export function readSystemFacts(natives: BoardNatives, display: DisplayFacts, log: Log): SystemFacts {
	let flashSize = 0;
	try {
		flashSize = nonNegativeInteger("flash size", natives.flashSize());
	} catch (error) {
		// The firmware sends 0 when esp_flash_get_size fails; so do we, and say why.
		log.warn(`flash size unknown, reporting 0: ${(error as Error).message}`);
	}
	const chip = natives.chip();
	const app = natives.app();
	return Object.freeze({
		flashSize,
		minimumFreeHeapSize: nonNegativeInteger("minimum free heap", natives.minimumFreeHeap()),
		mac: Object.freeze(Array.from(bytes("STA MAC", natives.staMac(), 6))),
		chipModelName: text("chip model name", chip.modelName),
		chipInfo: Object.freeze({
			model: nonNegativeInteger("chip model", chip.model),
			cores: nonNegativeInteger("cores", chip.cores),
			revision: nonNegativeInteger("revision", chip.revision),
			features: nonNegativeInteger("features", chip.features),
		}),
		application: Object.freeze({
			name: text("app name", app.name),
			version: text("app version", app.version),
			compileDate: text("compile date", app.date),
			compileTime: text("compile time", app.time),
			idfVersion: text("IDF version", app.idfVersion),
			elfSha256: hexFromBytes(bytes("ELF SHA-256", app.elfSha256, 32)),
		}),
		partitions: Object.freeze(natives.partitions().map(partition)),
		runningPartition: text("running partition", natives.runningPartition()),
		display: Object.freeze({ ...display }),
	});
}
