/* Our declaration of ECMA-419 "embedded:io/digital": only what the BOOT button uses. */

declare module "embedded:io/digital" {
	export default class Digital {
		static readonly Input: number;
		static readonly InputPullUp: number;
		static readonly Rising: number;
		static readonly Falling: number;
		constructor(options: { pin: number; mode: number; edge?: number; onReadable?: (this: Digital) => void });
		read(): 0 | 1;
		close(): void;
	}
}
