/* The gallery image for the README: every catalog screen in zh-CN and en-US, labelled with our own small face. */
import { renderScreen } from "../../modules/screens/render.ts";
import { createFrame, pixelAt, FRAME_WIDTH, FRAME_HEIGHT } from "../../modules/screens/frame.ts";
import { drawRun, toRun } from "../../modules/screens/text.ts";
import { rgbPng } from "../../tools/frames.ts";
import { SCREEN_CATALOG, LANGUAGES } from "./catalog.ts";

const SCALE = 2;
const PAD = 10;
const LABEL_HEIGHT = 12;
const COLUMNS = 2; // screens per row, each shown in both languages side by side
const BEZEL = 3;

export function renderGallery(): Buffer {
	const cellWidth = FRAME_WIDTH * SCALE + 2 * BEZEL;
	const cellHeight = LABEL_HEIGHT + FRAME_HEIGHT * SCALE + 2 * BEZEL;
	const perRow = COLUMNS * LANGUAGES.length;
	const rows = Math.ceil(SCREEN_CATALOG.length / COLUMNS);
	const width = PAD + perRow * (cellWidth + PAD);
	const height = PAD + rows * (cellHeight + PAD);
	const image = new Uint8Array(width * height); // 0 page, 1 bezel, 2 dark pixel, 3 lit pixel, 4 label
	SCREEN_CATALOG.forEach((entry, i) => {
		LANGUAGES.forEach((language, l) => {
			const column = (i % COLUMNS) * LANGUAGES.length + l;
			const x0 = PAD + column * (cellWidth + PAD);
			const y0 = PAD + Math.floor(i / COLUMNS) * (cellHeight + PAD);
			const label = createFrame();
			drawRun(label, toRun(`${entry.name} ${language}`), 0, 8);
			for (let y = 0; y < 10; y++) for (let x = 0; x < FRAME_WIDTH; x++) if (pixelAt(label, x, y)) image[(y0 + y) * width + x0 + x] = 4;
			const frame = renderScreen(entry.view, language, entry.frameIndex === undefined ? {} : { frameIndex: entry.frameIndex });
			for (let y = 0; y < FRAME_HEIGHT * SCALE + 2 * BEZEL; y++)
				for (let x = 0; x < cellWidth; x++) {
					const fx = Math.floor((x - BEZEL) / SCALE);
					const fy = Math.floor((y - BEZEL) / SCALE);
					const inside = x >= BEZEL && y >= BEZEL && fx < FRAME_WIDTH && fy < FRAME_HEIGHT;
					image[(y0 + LABEL_HEIGHT + y) * width + x0 + x] = inside ? (pixelAt(frame, fx, fy) ? 3 : 2) : 1;
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
