/*
 * Stand-in for the SDK's "commodetto/Bitmap" ($(MODULES)/commodetto/commodettoBitmap.js): the
 * description of pixels in a buffer that Poco reads, with the SDK's pixel format numbers.
 */
import type SdkBitmap from "commodetto/Bitmap";

class Bitmap {
	static readonly Default = 1;
	static readonly Monochrome = 3;
	static readonly Gray16 = 4;
	static readonly Gray256 = 5;
	static readonly RGB332 = 6;
	static readonly RGB565LE = 7;
	static readonly RGB565BE = 8;

	constructor(
		readonly width: number,
		readonly height: number,
		readonly pixelFormat: number,
		readonly buffer: ArrayBufferLike,
		readonly offset: number,
	) {}
}
Object.freeze(Bitmap.prototype);

// Typed as the SDK's API as the project declares it (typings/commodetto/commodetto.d.ts).
export default Bitmap satisfies typeof SdkBitmap;
