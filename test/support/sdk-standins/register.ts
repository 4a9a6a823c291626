/*
 * Import this first in a test of device code on the SDK stand-ins, then import the device code
 * dynamically: from then on its SDK imports ("preference", "timer", "http", …) resolve to the
 * stand-ins of desktop/sdk-standins (the same the board run bundles), on the Node host that
 * `sdk` is (virtual time, flash, the far ends; test/support/sdk-standins/node-host.ts).
 * resetSdk() gives every test a fresh board.
 */
import { register } from "node:module";
import { installStandinHost } from "../../../desktop/sdk-standins/host.ts";
import { NodeSdkHost } from "./node-host.ts";

register("../../../desktop/sdk-standins/node-loader.mjs", import.meta.url);

// XS's String.fromArrayBuffer, which the simulator's profile reader uses: strict UTF-8, as in XS.
const xsString = String as unknown as { fromArrayBuffer?: (buffer: ArrayBufferLike) => string };
xsString.fromArrayBuffer ??= (buffer) => new TextDecoder("utf-8", { fatal: true }).decode(new Uint8Array(buffer));

export const sdk = new NodeSdkHost();
installStandinHost(sdk.host);

const { closeAllPins } = await import("sdk-standins/digital");
const { resetRadio } = await import("sdk-standins/wifi");
const { closeSerialPorts } = await import("sdk-standins/serial-port");

/** A fresh board: the host's state and the stand-ins' own (open pins, the radio, the serial port). */
export function resetSdk(): void {
	closeAllPins();
	resetRadio();
	closeSerialPorts();
	sdk.reset();
}
