/*
 * What both runs of the CLI (the plain runner and `--board`) open before the device starts:
 * the device's NVS (its file written once at once, so a file that cannot be written is a
 * usage error before the run, not a run that says "activated" and saved nothing) and the
 * embedded emulator, announced on the run's reporter.
 */
import { readFileSync } from "node:fs";
import { startEmulator, type Emulator, type EmulatorProfile } from "../emulator/server.ts";
import type { NodeClock, VirtualClock } from "../node/clock.ts";
import { NvsStore, type NvsContents } from "../node/nvs-store.ts";
import type { RunReporter } from "./reporter.ts";
import { outsideLine } from "./terminal-text.ts";

export class UsageError extends Error {
	override name = "UsageError";
}

/** The NVS of the run: the profile's, under what `file` holds; `file` written once now. */
export function openNvsStore(file: string | undefined, initial: NvsContents): NvsStore {
	let store: NvsStore;
	try {
		store = new NvsStore({ initial, ...(file !== undefined ? { file } : {}) });
	} catch (error) {
		throw new UsageError(`--nvs ${outsideLine(file ?? "")} cannot be read: ${(error as Error).message}`, { cause: error });
	}
	if (file === undefined) return store;
	try {
		store.flush();
	} catch (error) {
		throw new UsageError(`--nvs ${outsideLine(file)} cannot be written: ${(error as Error).message}`, { cause: error });
	}
	return store;
}

/** The PEM of `--ca`, or a usage error saying what is wrong with the file. */
export function readCa(file: string): string {
	let pem: string;
	try {
		pem = readFileSync(file, "utf8");
	} catch (error) {
		throw new UsageError(`cannot read --ca ${outsideLine(file)}: ${(error as Error).message}`, { cause: error });
	}
	if (!pem.includes("-----BEGIN CERTIFICATE-----")) throw new UsageError(`--ca ${outsideLine(file)} holds no PEM certificate`);
	return pem;
}

export interface EmulatorChoice {
	readonly emulatorProfile: EmulatorProfile;
	readonly virtualTime: boolean;
	readonly autoBindSeconds?: number;
}

/** The embedded emulator (no --ota-url), on the run's clock, announced as an event or two lines. */
export async function startEmbeddedEmulator(options: EmulatorChoice, clock: NodeClock, reporter: RunReporter): Promise<Emulator> {
	const emulator = await startEmulator({
		profile: options.emulatorProfile,
		...(options.virtualTime ? { clock: clock as VirtualClock } : {}),
		...(options.autoBindSeconds !== undefined ? { autoBindAfterMs: options.autoBindSeconds * 1000 } : {}),
		// Like the official server's long-poll: the device hears about the bind within the hold.
		...(options.emulatorProfile === "official" ? { holdActivateMs: 25000 } : {}),
		// The run never reads the record: keep it small, so a run of any length stays bounded.
		maxRecordedRequests: 16,
	});
	reporter.consoleUrl = emulator.consoleUrl;
	if (reporter.json) reporter.emit({ type: "emulator", profile: options.emulatorProfile, otaUrl: emulator.otaUrl, consoleUrl: emulator.consoleUrl });
	else {
		reporter.line(`Embedded Xiaozhi emulator (${options.emulatorProfile}) at ${emulator.otaUrl}`);
		reporter.line(`Console: ${emulator.consoleUrl}${options.autoBindSeconds !== undefined ? ` (binds by itself after ${options.autoBindSeconds} s)` : ""}`);
	}
	return emulator;
}
