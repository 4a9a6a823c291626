/*
 * Node side of an xsnap worker: spawns the real XS engine, evaluates scripts in it and
 * answers its `issueCommand` calls with an async handler (JSON in, JSON out). While XS
 * blocks on a call, Node's event loop keeps running (sockets, the emulator, timers).
 */
import "@endo/init";
import { xsnap } from "@agoric/xsnap";
import { spawn, type SpawnOptions } from "node:child_process";
import { createReadStream } from "node:fs";
import { open, stat, unlink } from "node:fs/promises";
import { type as osType } from "node:os";
import tmp from "tmp";
import { decodeMessage, encodeMessage, type BridgeReply } from "./bridge-protocol.ts";

/** What XS used to run one evaluation (one "crank"), as xsnap measures it. */
export interface XsMeter {
	/** XS computrons (a deterministic count of work, independent of machine speed). */
	readonly computrons: number;
	/** Bytes XS holds for its heaps (chunks + slots) at the end; it grows only when a run needs more than the initial 42 MB. */
	readonly reservedHeapBytes: number;
	/** Live heap slots at the end (after XS's last collection). */
	readonly heapSlots: number;
}

export interface XsWorkerOptions {
	/** Answers one request from XS; a thrown error is sent back and rethrown in XS. */
	readonly handle: (request: unknown) => Promise<unknown> | unknown;
	/** Set true to ask XS to stop: carried on the next reply. */
	readonly stopRequested?: () => boolean;
	/** Computron limit per evaluation; 0 = unlimited. Default 1e9. */
	readonly meteringLimit?: number;
	readonly name?: string;
	/** Another xsnap-worker binary (desktop/runner/board-worker.ts builds one with the board's stack). */
	readonly binary?: string;
}

export interface XsWorker {
	evaluate(script: string): Promise<XsMeter>;
	close(): Promise<void>;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function replyTo(error: unknown, stop: boolean): BridgeReply {
	const e = error instanceof Error ? error : new Error(String(error));
	return { ok: false, errorName: e.name, message: e.message, ...(stop ? { stop } : {}) };
}

export async function startXsWorker(options: XsWorkerOptions): Promise<XsWorker> {
	const handleCommand = async (message: Uint8Array): Promise<Uint8Array> => {
		let reply: BridgeReply;
		try {
			const value = await options.handle(decodeMessage(decoder.decode(message)));
			// Asked after the work: a stop that ended this very call must travel with its reply.
			const stop = options.stopRequested?.() ?? false;
			reply = { ok: true, ...(value === undefined ? {} : { value }), ...(stop ? { stop } : {}) };
		} catch (error) {
			reply = replyTo(error, options.stopRequested?.() ?? false);
		}
		return encoder.encode(encodeMessage(reply));
	};
	const worker = await xsnap({
		os: osType(),
		// Own process group: a Ctrl-C at the terminal reaches Node, which stops the flow
		// cleanly, instead of killing the engine mid-call. The worker still exits with its pipes.
		spawn: ((command: string, args: readonly string[], spawnOptions: SpawnOptions) =>
			spawn(options.binary ?? command, args, { ...spawnOptions, detached: true })) as typeof spawn,
		fs: { open, stat, unlink, createReadStream, tmpName: tmp.tmpName },
		handleCommand,
		name: options.name ?? "xs-device",
		stdout: "ignore",
		stderr: "inherit",
		meteringLimit: options.meteringLimit ?? 1e9,
	});
	return {
		async evaluate(script: string): Promise<XsMeter> {
			const { meterUsage } = await worker.evaluate(script);
			return {
				computrons: meterUsage.compute ?? 0,
				reservedHeapBytes: meterUsage.allocate ?? 0,
				heapSlots: meterUsage.currentHeapCount ?? 0,
			};
		},
		close: () => worker.close(),
	};
}
