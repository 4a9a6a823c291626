/* Our declaration of the Moddable "sntp" module: only what this project uses. */

declare module "sntp" {
	export default class SNTP {
		constructor(options: { host: string }, callback: (message: number, value?: unknown) => void);
		close(): void;
		static readonly time: 1;
		static readonly retry: 2;
		static readonly error: -1;
	}
}
