/* Our declaration of the Moddable "time" module: only what this project uses. */

declare module "time" {
	const Time: {
		/** Sets the wall clock, in seconds since 1970. */
		set(seconds: number): void;
		/** Monotonic milliseconds. */
		readonly ticks: number;
		timezone: number;
		dst: number;
		delta(start: number, end?: number): number;
	};
	export default Time;
}
