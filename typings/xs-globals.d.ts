/*
 * Globals the XS engine and the Moddable runtime provide on every platform. Our own
 * declarations (the npm @moddable/typings 5.6.0 lacks several of these), written for
 * exactly what this project uses, and shaped like the SDK's xs.d.ts so code checked
 * against either compiles against both. (mcconfig builds use the SDK's xs.d.ts.)
 */

/** Writes to the debugger console (xsbug / serial in debug builds; nothing in release). */
declare const trace: (...items: (string | number | boolean)[]) => void;

/**
 * Binds a C host function by name; the argument must be a string literal (xsc resolves it
 * at compile time). The TypeScript-legal form of `function f() @ "xs_f";`.
 */
declare function native(name: string): (...args: any[]) => any;

/** A class whose instances carry host data freed by the named C destructor. */
declare function Native(name: string): new (...args: any[]) => any;

/** Memory owned by the host (resources in flash, mapped partitions). */
declare class HostBuffer {
	readonly byteLength: number;
	private brand: boolean;
}

interface StringConstructor {
	/** XS: decodes UTF-8 bytes into a string (throws on invalid UTF-8). */
	fromArrayBuffer(buffer: ArrayBufferLike): string;
}

/** Installed by importing "system" ($(MODULES)/io/system; the SDK's $MODDABLE/typings/global.d.ts declares it in mcconfig builds): only restart is used. */
declare const System: {
	/** esp_restart(): the chip reboots. */
	restart(): void;
};
