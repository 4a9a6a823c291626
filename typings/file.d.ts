/* Our declaration of Moddable's "file" module ($(MODULES)/files/file): only what this project uses. */

declare module "file" {
	export class File {
		constructor(path: string, write?: boolean);
		write(...items: (ArrayBuffer | string)[]): void;
		close(): void;
		readonly length: number;
		static exists(path: string): boolean;
		static delete(path: string): boolean;
	}
}
