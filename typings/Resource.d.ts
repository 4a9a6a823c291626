/* Our declaration of the Moddable "Resource" module: only what this project uses. */

declare module "Resource" {
	export default class Resource extends HostBuffer {
		constructor(path: string);
		slice(begin: number, end?: number): ArrayBuffer;
		static exists(path: string): boolean;
	}
}
