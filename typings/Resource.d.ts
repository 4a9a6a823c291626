/* Our declaration of the Moddable "Resource" module: only what this project uses. */

declare module "Resource" {
	export default class Resource implements HostBuffer {
		constructor(path: string);
		readonly byteLength: number;
		slice(begin: number, end?: number): ArrayBuffer;
		static exists(path: string): boolean;
	}
}
