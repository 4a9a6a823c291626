/*
 * What main.ts needs from the platform it runs on. The board (hosts/esp32s3/platform.ts)
 * and the simulator (hosts/lin/platform.ts) each export one `platform` under the module
 * name "board/platform"; the manifest picks which.
 */
import type { ActivationEvent, ActivationOutcome } from "activation/events";
import type { Clock, KeyValueStore, Log } from "activation/interfaces";
import type { NetworkStack } from "ml307/network";
import type { AppConfig } from "host/app-config";
import type { BoardNatives } from "host/board-natives";
import type { DisplayFacts } from "host/system-facts";

export interface PlatformContext {
	readonly config: AppConfig;
	readonly store: KeyValueStore;
	readonly clock: Clock;
	readonly log: Log;
}

export interface Platform {
	readonly name: string;
	readonly natives: BoardNatives;
	readonly display: DisplayFacts;
	/** Called once before the flow starts (the simulator seeds NVS from its device profile). */
	prepare(context: PlatformContext): void;
	/** The two networks of the dual-network board; only the chosen one is built. */
	networks(context: PlatformContext): { readonly ml307: () => NetworkStack; readonly wifi: () => NetworkStack };
	/** Every activation event, after the screen has drawn it. */
	onEvent(event: ActivationEvent): void;
	/** The flow's end (or the error that ended it). */
	finished(outcome: ActivationOutcome | Error): void;
}
