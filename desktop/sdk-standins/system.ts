/*
 * Stand-in for the SDK's "system" module: like it, importing it installs globalThis.System
 * (no default export); System.restart() reboots the board run (board-entry.ts).
 */
export const restartRequests = { count: 0 };

(globalThis as unknown as { System: unknown }).System = Object.freeze({
	restart(): void {
		restartRequests.count++;
	},
});
