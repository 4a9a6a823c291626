/* Our declaration of ECMA-419 "embedded:io/digital" as Moddable implements it: only what this project uses. */

declare module "embedded:io/digital" {
	export default class Digital {
		constructor(options: { pin: number; mode: number; edge?: number; onReadable?: (this: Digital) => void });
		read(): 0 | 1;
		write(value: 0 | 1): void;
		close(): void;
		static readonly Input: number;
		static readonly InputPullUp: number;
		static readonly Output: number;
		static readonly Rising: number;
		static readonly Falling: number;
	}
}
