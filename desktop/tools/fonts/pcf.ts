/*
 * A reader for X11 PCF bitmap fonts (the format Debian's xfonts-wqy ships), enough to pull a
 * few glyphs out by code point. Format notes: the table of contents is little-endian; each
 * table starts with its own format word saying its byte order, bit order and row padding.
 */
import { readFileSync } from "node:fs";

const PCF_PROPERTIES = 1;
const PCF_ACCELERATORS = 2;
const PCF_METRICS = 4;
const PCF_BITMAPS = 8;
const PCF_BDF_ENCODINGS = 32;
const PCF_BDF_ACCELERATORS = 256;
const PCF_COMPRESSED_METRICS = 0x100;

export interface PcfGlyph {
	/** Ink box width and height in pixels. */
	readonly width: number;
	readonly height: number;
	/** Left bearing: pixels from the pen position to the first ink column. */
	readonly left: number;
	/** Rows above the baseline. */
	readonly ascent: number;
	/** Pen advance in pixels. */
	readonly advance: number;
	/** Row-major pixels, 1 = ink. */
	readonly pixels: Uint8Array;
}

export interface PcfFont {
	readonly ascent: number;
	readonly descent: number;
	readonly properties: ReadonlyMap<string, string | number>;
	glyph(codePoint: number): PcfGlyph | undefined;
}

class TableReader {
	private position: number;
	readonly bigEndian: boolean;
	constructor(
		private readonly data: Buffer,
		offset: number,
		readonly format: number,
	) {
		this.position = offset + 4;
		this.bigEndian = (format & 4) !== 0;
	}
	int32(): number {
		const v = this.bigEndian ? this.data.readInt32BE(this.position) : this.data.readInt32LE(this.position);
		this.position += 4;
		return v;
	}
	int16(): number {
		const v = this.bigEndian ? this.data.readInt16BE(this.position) : this.data.readInt16LE(this.position);
		this.position += 2;
		return v;
	}
	uint16(): number {
		const v = this.bigEndian ? this.data.readUInt16BE(this.position) : this.data.readUInt16LE(this.position);
		this.position += 2;
		return v;
	}
	uint8(): number {
		return this.data[this.position++]!;
	}
	at(): number {
		return this.position;
	}
	skip(n: number): void {
		this.position += n;
	}
}

interface PcfMetric {
	readonly left: number;
	readonly right: number;
	readonly width: number;
	readonly ascent: number;
	readonly descent: number;
}

interface PcfBitmaps {
	readonly offsets: readonly number[];
	readonly base: number;
	readonly rowPad: number;
	readonly msbBitFirst: boolean;
}

/** Properties (for the record: family, pixel size, copyright). */
function readProperties(data: Buffer, r: TableReader): Map<string, string | number> {
	const properties = new Map<string, string | number>();
	const n = r.int32();
	const entries: { name: number; isString: boolean; value: number }[] = [];
	for (let i = 0; i < n; i++) entries.push({ name: r.int32(), isString: r.uint8() !== 0, value: r.int32() });
	r.skip((4 - (n & 3)) & 3);
	r.int32(); // string pool size
	const pool = r.at();
	const str = (offset: number): string => {
		const start = pool + offset;
		const end = data.indexOf(0, start);
		return data.toString("latin1", start, end);
	};
	for (const e of entries) properties.set(str(e.name), e.isString ? str(e.value) : e.value);
	return properties;
}

function readMetrics(metricsTable: TableReader): PcfMetric[] {
	const metrics: PcfMetric[] = [];
	if (metricsTable.format & PCF_COMPRESSED_METRICS) {
		const n = metricsTable.int16();
		for (let i = 0; i < n; i++) {
			const [left, right, width, asc, desc] = [0, 0, 0, 0, 0].map(() => metricsTable.uint8() - 0x80) as [number, number, number, number, number];
			metrics.push({ left, right, width, ascent: asc, descent: desc });
		}
	} else {
		const n = metricsTable.int32();
		for (let i = 0; i < n; i++) {
			const [left, right, width, asc, desc] = [0, 0, 0, 0, 0].map(() => metricsTable.int16()) as [number, number, number, number, number];
			metricsTable.uint16();
			metrics.push({ left, right, width, ascent: asc, descent: desc });
		}
	}
	return metrics;
}

/** Glyph offsets and row layout. LSB bit order with multi-byte scan units would need byte swapping; the fonts we read use neither. */
function readBitmaps(bitmaps: TableReader): PcfBitmaps {
	const glyphCount = bitmaps.int32();
	const offsets: number[] = [];
	for (let i = 0; i < glyphCount; i++) offsets.push(bitmaps.int32());
	bitmaps.skip(16);
	return { offsets, base: bitmaps.at(), rowPad: 1 << (bitmaps.format & 3), msbBitFirst: (bitmaps.format & 8) !== 0 };
}

/** Code point → glyph index, from the BDF encodings table. */
function readEncoding(data: Buffer, enc: TableReader): (codePoint: number) => number | undefined {
	const minByte2 = enc.int16();
	const maxByte2 = enc.int16();
	const minByte1 = enc.int16();
	const maxByte1 = enc.int16();
	enc.int16(); // default char
	const encBase = enc.at();
	const cols = maxByte2 - minByte2 + 1;
	return (codePoint) => {
		const b1 = (codePoint >> 8) & 0xff;
		const b2 = codePoint & 0xff;
		if (codePoint > 0xffff || b1 < minByte1 || b1 > maxByte1 || b2 < minByte2 || b2 > maxByte2) return undefined;
		const slot = encBase + 2 * ((b1 - minByte1) * cols + (b2 - minByte2));
		const index = enc.bigEndian ? data.readUInt16BE(slot) : data.readUInt16LE(slot);
		return index === 0xffff ? undefined : index;
	};
}

function glyphAt(data: Buffer, m: PcfMetric, bitmaps: PcfBitmaps, index: number): PcfGlyph {
	const width = m.right - m.left;
	const height = m.ascent + m.descent;
	const stride = Math.ceil(Math.ceil(width / 8) / bitmaps.rowPad) * bitmaps.rowPad;
	const pixels = new Uint8Array(width * height);
	const start = bitmaps.base + bitmaps.offsets[index]!;
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			const byte = data[start + y * stride + (x >> 3)]!;
			const bit = bitmaps.msbBitFirst ? (byte >> (7 - (x & 7))) & 1 : (byte >> (x & 7)) & 1;
			pixels[y * width + x] = bit;
		}
	}
	return { width, height, left: m.left, ascent: m.ascent, advance: m.width, pixels };
}

export function readPcf(path: string): PcfFont {
	const data = readFileSync(path);
	if (data.toString("latin1", 0, 4) !== "\x01fcp") throw new Error(`${path}: not a PCF font`);
	const count = data.readInt32LE(4);
	const tables = new Map<number, { format: number; offset: number }>();
	for (let i = 0; i < count; i++) {
		const base = 8 + 16 * i;
		tables.set(data.readInt32LE(base), { format: data.readInt32LE(base + 4), offset: data.readInt32LE(base + 12) });
	}
	const table = (type: number): TableReader => {
		const t = tables.get(type);
		if (!t) throw new Error(`${path}: PCF table ${type} missing`);
		const format = data.readInt32LE(t.offset);
		return new TableReader(data, t.offset, format);
	};

	const properties = readProperties(data, table(PCF_PROPERTIES));
	const accel = table(tables.has(PCF_BDF_ACCELERATORS) ? PCF_BDF_ACCELERATORS : PCF_ACCELERATORS);
	accel.skip(8);
	const ascent = accel.int32();
	const descent = accel.int32();
	const metrics = readMetrics(table(PCF_METRICS));
	const bitmaps = readBitmaps(table(PCF_BITMAPS));
	const glyphIndex = readEncoding(data, table(PCF_BDF_ENCODINGS));

	return {
		ascent,
		descent,
		properties,
		glyph(codePoint) {
			const index = glyphIndex(codePoint);
			return index === undefined ? undefined : glyphAt(data, metrics[index]!, bitmaps, index);
		},
	};
}
