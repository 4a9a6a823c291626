/* Stand-in for the SDK's "system" module: System.restart() reboots the board run (board-entry.ts). */
export const restartRequests = { count: 0 };

const System = Object.freeze({
	restart(): void {
		restartRequests.count++;
	},
});

export default System;
