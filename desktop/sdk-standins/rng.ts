/* Stand-in for the SDK's "rng" ($(MODULES)/crypt/etc/rng.js): get(n) is n bytes from the host's random source, as an ArrayBuffer. */
import type SdkRNG from "rng";
import { hostPart } from "./host.ts";

const RNG: typeof SdkRNG = Object.freeze({
	get(count: number): ArrayBuffer {
		const bytes = hostPart("random", "rng")(Math.max(0, Number(count) | 0));
		return bytes.slice().buffer;
	},
});

export default RNG;
