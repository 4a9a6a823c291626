/*
 * The SDK modules' contracts (desktop/sdk-standins/contracts) on the stand-ins, as the ESP32
 * build: every check runs, the ESP32-only ones too. The same checks run on the SDK's real
 * modules in the simulator: `npm run test:moddable -- --profile sdk-contracts`.
 */
import { resetSdk, sdk } from "../support/sdk-standins/register.ts";
import { test, beforeEach, after } from "node:test";
import { freeTcpPort } from "../../desktop/node/free-port.ts";
import { startEmulator } from "../../desktop/emulator/server.ts";
import { NetworkHttp } from "../support/sdk-standins/node-host.ts";
import { SerialLink } from "../../desktop/ml307-simulator/link.ts";
import { hardwareTimers } from "../../desktop/sdk-standins/timeline.ts";
import type { ContractCheck, ContractEnv } from "sdk-contracts/contract";

const { preferenceContract } = await import("sdk-contracts/preference");
const { timerContract } = await import("sdk-contracts/timer");
const { audioOutContract, CONTRACT_AUDIO } = await import("sdk-contracts/audioout");
const { httpContract } = await import("sdk-contracts/http");
const { Request } = await import("sdk-standins/http");
const { serialContract } = await import("sdk-contracts/serial");
const { default: Serial } = await import("sdk-standins/serial");
const { default: Preference } = await import("sdk-standins/preference");
const { default: Timer } = await import("sdk-standins/timer");
const { default: AudioOut } = await import("sdk-standins/audioout");

/** Virtual time: the timers due in `ms` fire, then the promises they settled run. */
const env: ContractEnv = {
	async wait(ms) {
		sdk.timeline.advance(ms);
		await new Promise((resolve) => setImmediate(resolve));
	},
};

/** For the http contract: virtual time moves, and real time too (the emulator answers in it). */
const networkEnv: ContractEnv = {
	async wait(ms) {
		sdk.timeline.advance(ms);
		await new Promise((resolve) => setTimeout(resolve, 5));
	},
};

const emulator = await startEmulator({ profile: "official", port: 0, plainHttp: true });
after(() => emulator.close());
const echo = new URL(emulator.echoUrl);
const closedPort = await freeTcpPort();

beforeEach(() => {
	resetSdk();
	sdk.audioDefines = { ...CONTRACT_AUDIO };
});

function register(module: string, checks: readonly ContractCheck[]): void {
	for (const check of checks) test(`${module}: ${check.name}${check.only ? ` (${check.only})` : ""}`, () => check.run(env));
}

register("preference", preferenceContract(Preference));
register("timer", timerContract(Timer));
register("pins/audioout", audioOutContract(AudioOut));
/** The board's modem pins (UART1, TX 13, RX 14), wired to a line nobody talks on. */
const MODEM_PINS = { port: 1, transmit: 13, receive: 14 };
for (const check of serialContract(Serial, MODEM_PINS))
	test(`embedded:io/serial: ${check.name} (${check.only})`, () => {
		const link = new SerialLink(hardwareTimers(sdk.timeline));
		sdk.uart = { link: (port, transmit, receive) => (port === MODEM_PINS.port && transmit === MODEM_PINS.transmit && receive === MODEM_PINS.receive ? link : undefined), post: (deliver) => deliver() };
		return check.run(env);
	});
for (const check of httpContract(Request, { host: echo.hostname, port: Number(echo.port), closedPort }))
	test(`http: ${check.name}`, () => {
		sdk.http = new NetworkHttp();
		return check.run(networkEnv);
	});
