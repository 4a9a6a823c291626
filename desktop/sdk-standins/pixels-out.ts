/*
 * Stand-in for the display driver the SDK hands Poco (the board's SSD1306 build: Gray256, whole
 * frames only). The Poco stand-in renders each frame itself and gives it to the host's display,
 * so nothing drives this driver's pixel calls: a call to one is a caller bypassing Poco, which
 * the board's app never does, and it throws rather than drawing nothing.
 */
import type { PixelsOut } from "commodetto/PixelsOut";

const GRAY256 = 5;

function notThroughPoco(): never {
	throw new Error("PixelsOut: the stand-in screen is drawn only through Poco");
}

export function standinScreen(width = 128, height = 32): PixelsOut {
	return Object.freeze({
		width,
		height,
		pixelFormat: GRAY256,
		begin: notThroughPoco,
		send: notThroughPoco,
		end: notThroughPoco,
		adaptInvalid(area: { x: number; y: number; width: number; height: number }): void {
			// The SSD1306 updates the whole panel: every area widens to the screen.
			area.x = 0;
			area.y = 0;
			area.width = width;
			area.height = height;
		},
	});
}
