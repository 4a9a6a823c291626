/* xsnap's TextEncoder/TextDecoder (UTF-8), for the device typecheck of the board run (Node's config has them from lib.dom). */
declare class TextEncoder {
	encode(text?: string): Uint8Array;
}
declare class TextDecoder {
	constructor(label?: string, options?: { fatal?: boolean });
	decode(bytes?: Uint8Array): string;
}
