/* Stand-in for "commodetto/Bitmap": the description the Poco stand-in reads. */
export default class Bitmap {
	static readonly Monochrome = 3;
	static readonly Gray256 = 5;
	constructor(
		readonly width: number,
		readonly height: number,
		readonly pixelFormat: number,
		readonly buffer: ArrayBuffer,
		readonly offset: number,
	) {}
}
