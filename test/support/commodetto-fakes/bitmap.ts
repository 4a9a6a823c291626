/* A fake commodetto/Bitmap: just the description Poco reads. */
export default class Bitmap {
	static readonly Default = 1;
	static readonly Monochrome = 3;
	static readonly Gray16 = 4;
	static readonly Gray256 = 5;
	static readonly RGB565LE = 7;
	constructor(
		readonly width: number,
		readonly height: number,
		readonly pixelFormat: number,
		readonly buffer: ArrayBufferLike,
		readonly offset: number,
	) {}
}
