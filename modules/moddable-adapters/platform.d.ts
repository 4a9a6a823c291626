/*
 * What main.ts needs from the platform it runs on: only low-level parts. The board
 * (hosts/esp32s3/platform.ts) and the simulator (hosts/lin/platform.ts) each export one
 * `platform` under the module name "board/platform"; the manifest picks which. Everything
 * that decides (network choice, modem bring-up, screens, BOOT button, flow) is the device
 * composition's (modules/device/device.ts).
 */
import type { KeyValueStore, Log, Timers } from "activation/interfaces";
import type { AudioOutput } from "announcer/announcer";
import type { ButtonInput } from "device/boot-button";
import type { DeviceEvent, DeviceOutcome, NetworkOption } from "device/device";
import type { LedOutput } from "led/led";
import type { AppConfig } from "moddable-adapters/app-config";
import type { BoardNatives } from "moddable-adapters/board-natives";
import type { DisplayFacts } from "moddable-adapters/system-facts";

export interface PlatformContext {
	readonly config: AppConfig;
	readonly store: KeyValueStore;
	/** The device's time (moddable-adapters/time). */
	readonly timers: Timers;
	readonly log: Log;
}

export interface Platform {
	readonly name: string;
	readonly natives: BoardNatives;
	readonly display: DisplayFacts;
	/** Called once before the device starts (the simulator seeds NVS from its device profile). */
	prepare(context: PlatformContext): void;
	/** The two networks of the dual-network board; only the chosen one is built. */
	networks(context: PlatformContext): { readonly ml307: () => NetworkOption; readonly wifi: () => NetworkOption };
	/** The BOOT button, when the platform has one. */
	button(): ButtonInput | undefined;
	/** The speaker the device's announcer speaks on (only the output: the device decides what is said and when). */
	speaker(context: PlatformContext): AudioOutput | undefined;
	/** The status LED the device shows its pattern on. */
	led(): LedOutput | undefined;
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
