/*
 * Runs the emulator by hand, for a real board or the Moddable simulator:
 *   node --import tsx desktop/emulator/cli.ts --profile official --port 8443 [--hold-ms 25000]
 *        [--auto-bind-ms 10000] [--code-ttl-ms N] [--firmware-version 2.0.5]
 *        [--v2-device SERIAL:HMACKEYHEX]... [--http]
 * Prints the OTA URL, the console URL and the CA path, then one line per request.
 * Bodies and answers are not printed: they carry tokens and MQTT passwords.
 */
import { parseArgs } from "node:util";
import { startEmulator, type EmulatorOptions, type EmulatorProfile } from "./server.ts";
import { escapeControls, requestLine } from "./terminal-text.ts";

const usage = `usage: node --import tsx desktop/emulator/cli.ts [--profile official|manager|single] [--port N]
       [--hold-ms MS] [--auto-bind-ms MS] [--code-ttl-ms MS] [--firmware-version V]
       [--v2-device SERIAL:HMACKEYHEX]... [--http]
  --http   serve plain http:// (like a self-hosted server on port 8003) instead of HTTPS`;

function numberOption(name: string, value: string | undefined): number | undefined {
	if (value === undefined) return undefined;
	const parsed = Number(value);
	if (!Number.isFinite(parsed) || parsed < 0) throw new RangeError(`--${name} must be a number >= 0, got ${JSON.stringify(value)}`);
	return parsed;
}

function parseOptions(argv: string[]): EmulatorOptions {
	const { values } = parseArgs({
		args: argv,
		options: {
			profile: { type: "string", default: "official" },
			port: { type: "string", default: "8443" },
			"hold-ms": { type: "string" },
			"auto-bind-ms": { type: "string" },
			"code-ttl-ms": { type: "string" },
			"firmware-version": { type: "string" },
			"v2-device": { type: "string", multiple: true },
			http: { type: "boolean", default: false },
			help: { type: "boolean", short: "h" },
		},
	});
	if (values.help) {
		console.log(usage);
		process.exit(0);
	}
	const profile = values.profile;
	if (profile !== "official" && profile !== "manager" && profile !== "single") {
		throw new RangeError(`--profile must be official, manager or single, got ${JSON.stringify(profile)}`);
	}
	const v2Devices = (values["v2-device"] ?? []).map((spec) => {
		const [serialNumber, hmacKeyHex] = spec.split(":");
		if (!serialNumber || !hmacKeyHex) throw new RangeError(`--v2-device must be SERIAL:HMACKEYHEX, got ${JSON.stringify(spec)}`);
		return { serialNumber, hmacKeyHex };
	});
	const options: EmulatorOptions = { profile: profile satisfies EmulatorProfile, port: numberOption("port", values.port) ?? 8443 };
	const hold = numberOption("hold-ms", values["hold-ms"]);
	const autoBind = numberOption("auto-bind-ms", values["auto-bind-ms"]);
	const ttl = numberOption("code-ttl-ms", values["code-ttl-ms"]);
	if (hold !== undefined) options.holdActivateMs = hold;
	if (autoBind !== undefined) options.autoBindAfterMs = autoBind;
	if (ttl !== undefined) options.codeTtlMs = ttl;
	if (values["firmware-version"] !== undefined) options.firmwareVersion = values["firmware-version"];
	if (v2Devices.length > 0) options.v2Devices = v2Devices;
	if (values.http) options.plainHttp = true;
	return options;
}

async function main(): Promise<void> {
	let options: EmulatorOptions;
	try {
		options = parseOptions(process.argv.slice(2));
	} catch (error) {
		console.error(`${(error as Error).message}\n${usage}`);
		process.exit(2);
	}
	const emulator = await startEmulator(options);
	const time = (): string => new Date().toISOString().slice(11, 23);
	console.log(`Xiaozhi emulator, profile ${emulator.profile}`);
	console.log(`  OTA URL:          ${emulator.otaUrl}`);
	console.log(`  console:          ${emulator.consoleUrl}`);
	if (!options.plainHttp) console.log(`  CA certificate:   ${emulator.caPath}`);
	console.log(`  wrong-host OTA:   ${emulator.wrongHostOtaUrl}`);
	console.log(options.plainHttp ? "Plain http: no certificate to trust. Ctrl-C stops." : "Trust the CA on the device side (or in the browser for the console). Ctrl-C stops.");
	// Everything below comes from requests: printed with control characters escaped.
	emulator.on("code", ({ deviceId, code }) => console.log(`${time()} code ${code} issued to ${escapeControls(deviceId)}`));
	emulator.on("bound", ({ deviceId }) => console.log(`${time()} ${escapeControls(deviceId)} bound`));
	emulator.on("request", (record) => console.log(requestLine(time(), record)));
	const stop = (): void => {
		void emulator.close().then(() => process.exit(0));
	};
	process.on("SIGINT", stop);
	process.on("SIGTERM", stop);
}

await main();
