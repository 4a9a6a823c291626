/* Our declaration of the Moddable "rng" module: only what this project uses. */

declare module "rng" {
	const RNG: {
		/** `count` pseudo-random bytes (RC4 seeded from c_rand: not for keys). */
		get(count: number): ArrayBuffer;
	};
	export default RNG;
}
