/*
 * Frames for people: on the terminal (half-block characters, one character per pixel
 * column and two pixel rows) and as PNG files (written here with node:zlib, no dependency).
 * Also reads those PNGs back, for the golden-frame tests, and FrameSink: the host runner's
 * view of the OLED (events in, frames on the terminal and in PNG files out).
 */
import { deflateSync, inflateSync } from "node:zlib";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createFrame, framesEqual, FRAME_HEIGHT, FRAME_WIDTH, pixelAt, setPixel, type Frame } from "../../modules/screens/frame.ts";
import { renderScreen } from "../../modules/screens/render.ts";
import { INITIAL_VIEW, screenViewFor, type ScreenView } from "../../modules/screens/view.ts";
import type { Language } from "../../modules/screens/strings.ts";
import type { ActivationEvent } from "../../modules/activation/events.ts";

/** 16 lines of 128 characters: ▀ top pixel lit, ▄ bottom, █ both, space neither. */
export function frameToTerminal(frame: Frame): string {
	const lines: string[] = [];
	for (let y = 0; y < FRAME_HEIGHT; y += 2) {
		let line = "";
		for (let x = 0; x < FRAME_WIDTH; x++) {
			const top = pixelAt(frame, x, y);
			const bottom = pixelAt(frame, x, y + 1);
			line += top && bottom ? "█" : top ? "▀" : bottom ? "▄" : " ";
		}
		lines.push(line);
	}
	return lines.join("\n");
}

const CRC_TABLE = (() => {
	const table = new Uint32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		table[n] = c >>> 0;
	}
	return table;
})();

function crc32(bytes: Uint8Array): number {
	let c = 0xffffffff;
	for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
	const head = Buffer.alloc(8);
	head.writeUInt32BE(data.length, 0);
	head.write(type, 4, "latin1");
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
	return Buffer.concat([head, data, crc]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Lit pixels in the OLED's colour on a dark panel, as a person sees it. */
const LIT = [0x9e, 0xe8, 0xff] as const;
const DARK = [0x06, 0x0a, 0x10] as const;

/** Writes an RGB PNG of a width x height image, pixel colour from `colour(x, y)`. */
export function rgbPng(width: number, height: number, colour: (x: number, y: number) => readonly [number, number, number]): Buffer {
	const raw = Buffer.alloc((width * 3 + 1) * height);
	for (let y = 0; y < height; y++) {
		const row = y * (width * 3 + 1);
		raw[row] = 0; // filter: none
		for (let x = 0; x < width; x++) {
			const [r, g, b] = colour(x, y);
			raw[row + 1 + 3 * x] = r;
			raw[row + 2 + 3 * x] = g;
			raw[row + 3 + 3 * x] = b;
		}
	}
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(width, 0);
	ihdr.writeUInt32BE(height, 4);
	ihdr[8] = 8; // bit depth
	ihdr[9] = 2; // colour type: RGB
	return Buffer.concat([PNG_SIGNATURE, chunk("IHDR", ihdr), chunk("IDAT", deflateSync(raw, { level: 9 })), chunk("IEND", new Uint8Array(0))]);
}

/** The frame as a PNG, each pixel a scale x scale square. */
export function frameToPng(frame: Frame, scale = 4): Buffer {
	if (!Number.isInteger(scale) || scale < 1 || scale > 64) throw new RangeError(`frameToPng: scale must be an integer 1..64, got ${scale}`);
	return rgbPng(FRAME_WIDTH * scale, FRAME_HEIGHT * scale, (x, y) =>
		pixelAt(frame, Math.floor(x / scale), Math.floor(y / scale)) ? LIT : DARK,
	);
}

interface DecodedPng {
	readonly width: number;
	readonly height: number;
	/** Luminance-ish: the sum of the channels, per pixel, row-major. */
	readonly level: (x: number, y: number) => number;
}

/** Reads an 8-bit RGB or grey PNG (what frameToPng writes; any filter type). */
export function decodePng(png: Buffer): DecodedPng {
	if (!png.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error("not a PNG file");
	let offset = 8;
	let width = 0;
	let height = 0;
	let channels = 0;
	const idat: Buffer[] = [];
	while (offset < png.length) {
		const length = png.readUInt32BE(offset);
		const type = png.toString("latin1", offset + 4, offset + 8);
		const data = png.subarray(offset + 8, offset + 8 + length);
		if (type === "IHDR") {
			width = data.readUInt32BE(0);
			height = data.readUInt32BE(4);
			if (data[8] !== 8 || data[12] !== 0) throw new Error("PNG: only 8-bit, non-interlaced images are read");
			channels = data[9] === 2 ? 3 : data[9] === 0 ? 1 : data[9] === 6 ? 4 : 0;
			if (!channels) throw new Error(`PNG: colour type ${data[9]} not read`);
		} else if (type === "IDAT") idat.push(data);
		offset += 12 + length;
	}
	const raw = inflateSync(Buffer.concat(idat));
	const stride = width * channels;
	const pixels = Buffer.alloc(stride * height);
	for (let y = 0; y < height; y++) {
		const filter = raw[y * (stride + 1)]!;
		for (let i = 0; i < stride; i++) {
			const x = raw[y * (stride + 1) + 1 + i]!;
			const a = i >= channels ? pixels[y * stride + i - channels]! : 0;
			const b = y > 0 ? pixels[(y - 1) * stride + i]! : 0;
			const c = y > 0 && i >= channels ? pixels[(y - 1) * stride + i - channels]! : 0;
			let value: number;
			if (filter === 0) value = x;
			else if (filter === 1) value = x + a;
			else if (filter === 2) value = x + b;
			else if (filter === 3) value = x + ((a + b) >> 1);
			else if (filter === 4) {
				const p = a + b - c;
				const pa = Math.abs(p - a);
				const pb = Math.abs(p - b);
				const pc = Math.abs(p - c);
				value = x + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
			} else throw new Error(`PNG: bad filter ${filter}`);
			pixels[y * stride + i] = value & 0xff;
		}
	}
	return {
		width,
		height,
		level: (x, y) => {
			let sum = 0;
			for (let ch = 0; ch < Math.min(channels, 3); ch++) sum += pixels[y * stride + x * channels + ch]!;
			return channels === 1 ? sum * 3 : sum;
		},
	};
}

/** A frame back from a PNG written by frameToPng at any scale: a pixel is lit when its square's centre is bright. */
export function pngToFrame(png: Buffer): Frame {
	const image = decodePng(png);
	const scale = image.width / FRAME_WIDTH;
	if (!Number.isInteger(scale) || image.height !== FRAME_HEIGHT * scale)
		throw new Error(`PNG is ${image.width}x${image.height}, not a whole multiple of ${FRAME_WIDTH}x${FRAME_HEIGHT}`);
	const frame = createFrame();
	const centre = Math.floor(scale / 2);
	for (let y = 0; y < FRAME_HEIGHT; y++)
		for (let x = 0; x < FRAME_WIDTH; x++) if (image.level(x * scale + centre, y * scale + centre) > 3 * 128) setPixel(frame, x, y);
	return frame;
}

export interface FrameSinkOptions {
	readonly language: Language;
	/** Write each new frame here as `NNN-<screen>.png` (the runner's `--frames DIR`). */
	readonly framesDir?: string;
	/** Where terminal frames go (default: stdout); `null` for none. */
	readonly write?: ((text: string) => void) | null;
	/** PNG pixel size (default 4). */
	readonly scale?: number;
	/** Draw a countdown's every tick on the terminal (default true; PNG files never get ticks). */
	readonly countdownFrames?: boolean;
}

/**
 * What the host runner needs to show the OLED: feed it every activation event; each time
 * the frame changes it prints the frame (1:1 pixels in half blocks) and, with a folder,
 * writes it as a numbered PNG when it differs from the last PNG written. A countdown's
 * ticks (one per second) are no new screen: a failing server on virtual time would
 * otherwise leave thousands of files.
 */
export class FrameSink {
	#view: ScreenView = INITIAL_VIEW;
	#last: Frame | undefined;
	#lastWritten: Frame | undefined;
	readonly #options: FrameSinkOptions;
	/** Frames drawn (changes of the screen). */
	frames = 0;
	/** PNG files written, and the newest one's path. */
	filesWritten = 0;
	lastFile: string | undefined;

	constructor(options: FrameSinkOptions) {
		this.#options = options;
		if (options.framesDir) mkdirSync(options.framesDir, { recursive: true });
	}

	get view(): ScreenView {
		return this.#view;
	}

	/** Returns whether the frame changed. */
	onEvent(event: ActivationEvent): boolean {
		return this.showView(screenViewFor(this.#view, event), event.type !== "countdown");
	}

	/** `newScreen` false: a tick of the same screen (drawn on the terminal only, when countdownFrames allows). */
	showView(view: ScreenView, newScreen = true): boolean {
		this.#view = view;
		if (!newScreen && this.#options.countdownFrames === false) return false;
		const frame = renderScreen(view, this.#options.language);
		if (this.#last && framesEqual(frame, this.#last)) return false;
		this.#last = frame;
		this.frames++;
		const write = this.#options.write === undefined ? (text: string) => void process.stdout.write(text) : this.#options.write;
		if (write) {
			const border = `+${"-".repeat(FRAME_WIDTH)}+`;
			write(`${border}\n${frameToTerminal(frame).split("\n").map((line) => `|${line}|`).join("\n")}\n${border}\n`);
		}
		if (this.#options.framesDir && newScreen && !(this.#lastWritten && framesEqual(frame, this.#lastWritten))) {
			this.#lastWritten = frame;
			this.filesWritten++;
			const path = join(this.#options.framesDir, `${String(this.filesWritten).padStart(3, "0")}-${view.kind}.png`);
			writeFileSync(path, frameToPng(frame, this.#options.scale ?? 4));
			this.lastFile = path;
		}
		return true;
	}
}
