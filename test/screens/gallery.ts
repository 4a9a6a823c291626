/*
 * The gallery image for the README: every catalog screen, zh-CN on the left and en-US on the
 * right of each pair, labelled with the project's own small face.
 */
import { renderScreen } from "../../modules/screens/render.ts";
import { createFrame, pixelAt, FRAME_WIDTH, FRAME_HEIGHT } from "../../modules/screens/frame.ts";
import { drawRun, toRun } from "../../modules/screens/text.ts";
import { rgbPng } from "../../desktop/tools/frames.ts";
import { SCREEN_CATALOG, LANGUAGES } from "./catalog.ts";

const SCALE = 2;
const PAD = 10;
const LABEL_HEIGHT = 12;
const PAIRS_PER_ROW = 2;
const BEZEL = 3;
const PAGE = 0;
const BEZEL_COLOUR = 1;
const DARK = 2;
const LIT = 3;
const INK = 4;

export function renderGallery(): Buffer {
	const cellWidth = FRAME_WIDTH * SCALE + 2 * BEZEL;
	const frameHeight = FRAME_HEIGHT * SCALE + 2 * BEZEL;
	const pairWidth = LANGUAGES.length * cellWidth + (LANGUAGES.length - 1) * 4;
	const rowHeight = LABEL_HEIGHT + frameHeight;
	const rows = Math.ceil(SCREEN_CATALOG.length / PAIRS_PER_ROW);
	const width = PAD + PAIRS_PER_ROW * (pairWidth + 2 * PAD);
	const height = PAD + LABEL_HEIGHT + rows * (rowHeight + PAD);
	const image = new Uint8Array(width * height).fill(PAGE);

	/** Text in the small face at 1x, any length (drawn through as many 128-px frames as it needs). */
	const label = (text: string, x0: number, y0: number): void => {
		const run = toRun(text);
		for (let part = 0; part * FRAME_WIDTH < 4 * FRAME_WIDTH; part++) {
			const strip = createFrame();
			drawRun(strip, run, -part * FRAME_WIDTH, 8);
			for (let y = 0; y < 10; y++)
				for (let x = 0; x < FRAME_WIDTH; x++) {
					const px = x0 + part * FRAME_WIDTH + x;
					if (px < width && pixelAt(strip, x, y)) image[(y0 + y) * width + px] = INK;
				}
		}
	};

	for (let pair = 0; pair < PAIRS_PER_ROW; pair++)
		LANGUAGES.forEach((language, l) => label(language, PAD + pair * (pairWidth + 2 * PAD) + l * (cellWidth + 4), PAD));

	SCREEN_CATALOG.forEach((entry, i) => {
		const x0 = PAD + (i % PAIRS_PER_ROW) * (pairWidth + 2 * PAD);
		const y0 = PAD + LABEL_HEIGHT + Math.floor(i / PAIRS_PER_ROW) * (rowHeight + PAD);
		label(entry.name, x0, y0);
		LANGUAGES.forEach((language, l) => {
			const frame = renderScreen(entry.view, language, entry.frameIndex === undefined ? {} : { frameIndex: entry.frameIndex });
			const fx0 = x0 + l * (cellWidth + 4);
			for (let y = 0; y < frameHeight; y++)
				for (let x = 0; x < cellWidth; x++) {
					const fx = Math.floor((x - BEZEL) / SCALE);
					const fy = Math.floor((y - BEZEL) / SCALE);
					const inside = x >= BEZEL && y >= BEZEL && fx < FRAME_WIDTH && fy < FRAME_HEIGHT;
					image[(y0 + LABEL_HEIGHT + y) * width + fx0 + x] = inside ? (pixelAt(frame, fx, fy) ? LIT : DARK) : BEZEL_COLOUR;
				}
		});
	});
	const palette: readonly (readonly [number, number, number])[] = [
		[0xf4, 0xf4, 0xf0],
		[0x30, 0x34, 0x3a],
		[0x06, 0x0a, 0x10],
		[0x9e, 0xe8, 0xff],
		[0x20, 0x20, 0x20],
	];
	return rgbPng(width, height, (x, y) => palette[image[y * width + x]!]!);
}
