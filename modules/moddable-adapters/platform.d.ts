/*
 * What main.ts needs from the platform it runs on: only low-level parts. The board
 * (hosts/esp32s3/platform.ts) and the simulator (hosts/lin/platform.ts) each export one
 * `platform` under the module name "board/platform"; the manifest picks which. Everything
 * that decides (network choice, modem bring-up, screens, BOOT button, flow) is the device
 * composition's (modules/device/device.ts).
 */
import type { Clock, KeyValueStore, Log } from "activation/interfaces";
import type { ButtonInput } from "device/boot-button";
import type { DeviceEvent, DeviceOutcome, NetworkOption } from "device/device";
import type { Timers } from "ml307/io";
import type { AppConfig } from "moddable-adapters/app-config";
import type { BoardNatives } from "moddable-adapters/board-natives";
import type { DisplayFacts } from "moddable-adapters/system-facts";

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
	/** Cancellable timers on the platform's clock (modem driver, button timing). */
	readonly timers: Timers;
	/** Called once before the device starts (the simulator seeds NVS from its device profile). */
	prepare(context: PlatformContext): void;
	/** The two networks of the dual-network board; only the chosen one is built. */
	networks(context: PlatformContext): { readonly ml307: () => NetworkOption; readonly wifi: () => NetworkOption };
	/** GPIO0 (BOOT), when the platform has one. */
	button(): ButtonInput | undefined;
	/**
	 * Runs one screen draw in the turn main.ts gives it, when the platform wants to watch draws
	 * (the simulator measures the XS stack in them); without it, main.ts calls the draw itself.
	 */
	runDraw?(draw: () => void): void;
	/** Every device event (the screen draws it in a later turn). */
	onEvent(event: DeviceEvent): void;
	/** Reboots once the switch notice has been seen (a BOOT double-click after the run gave up). */
	restart(): void;
	/** The device's end (or the error that ended it); "restart" asks for a reboot. */
	finished(outcome: DeviceOutcome | Error): void;
}
