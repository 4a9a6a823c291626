/*
 * Stand-in for the SDK's "system" module as the ESP32 build maps it ($(MODULES)/io/system):
 * importing it installs globalThis.System (no default export); System.restart() asks the
 * host to reboot the board.
 */
import { hostPart } from "./host.ts";

(globalThis as unknown as { System: unknown }).System = Object.freeze({
	restart(): void {
		hostPart("restart", "System")();
	},
});
