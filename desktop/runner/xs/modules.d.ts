/* The few parts of @agoric/xsnap and tmp the runner uses (neither ships TypeScript types). */
declare module "@agoric/xsnap" {
	export interface XsnapMeterUsage {
		meterType: string;
		allocate: number | null;
		compute: number | null;
		currentHeapCount: number | null;
		timestamps: number[] | null;
	}
	export interface XsnapOptions {
		os: string;
		spawn: typeof import("node:child_process").spawn;
		fs: object;
		handleCommand?: (request: Uint8Array) => Promise<Uint8Array>;
		name?: string;
		debug?: boolean;
		stdout?: "ignore" | "inherit" | "pipe";
		stderr?: "ignore" | "inherit" | "pipe";
		meteringLimit?: number;
	}
	export interface Xsnap {
		evaluate(code: string): Promise<{ reply: Uint8Array; meterUsage: XsnapMeterUsage }>;
		close(): Promise<void>;
		terminate(): Promise<void>;
	}
	export function xsnap(options: XsnapOptions): Promise<Xsnap>;
}

declare module "tmp" {
	const tmp: { tmpName(options?: object, callback?: (error: Error | null, name: string) => void): void };
	export default tmp;
}
