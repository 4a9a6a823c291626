/*
 * The Moddable Linux simulator as a platform: chip facts from the device profile, the
 * simulator's 128x32 screen, and the host's network through Moddable's real HTTP client and
 * TLS (whichever network the profile's NVS selects, the board facts come from the profile).
 * Built with `setupHttpPort=` (test:moddable's wifi-setup run), Wi-Fi mode is the board's:
 * the SDK's simulated radio (its canned scan, "invalid!" refused), the setup page on the SDK's
 * real http and DNS servers at those host ports, then the host's network once "joined".
 * At the end it prints one ACTIVATION-RESULT line for the headless runner and asks the
 * simulated screen for a PNG of its framebuffer.
 */
import { device } from "moddable-adapters/board-provider";
import config from "mc/config";
import Resource from "Resource";
import Timer from "timer";
import type { HttpTransport, Log } from "activation/interfaces";
import type { DeviceEvent, DeviceOutcome, NetworkOption } from "device/device";
import { Ecma419SerialPort, type Ecma419Serial } from "ml307/io";
import { ModdableHttpTransport } from "moddable-adapters/http-transport";
import { moddableWifiNetwork } from "moddable-adapters/wifi-network";
import type { Platform, PlatformContext } from "moddable-adapters/platform";
import { SSD1306_128X32 } from "moddable-adapters/system-facts";
import { simNatives } from "lin/board-natives";
import ModemSerial from "lin/io/modem-serial";
import { simProfile } from "lin/device-profile";
import { MemoryProbe } from "lin/memory-probe";
import { TimelineSpeaker, tracedLed } from "lin/speaker";
import { ScreenPresenter } from "screens/presenter";

function profileNetwork(http: HttpTransport): NetworkOption {
	return { kind: "stack", stack: { http, board: () => Promise.resolve(simProfile().board) } };
}

/**
 * Built with `modemSocket=<port>` (test:moddable's 4G run): the modem's UART (the provider's
 * device.Serial.modem) to the ML307R simulator over a
 * local socket, through the board's modem port with its limits (hosts/lin/io/modem-serial.ts),
 * and the device brings the modem up as on the board. That stand-in keeps in the XS heap what
 * the board's native port keeps in C (its port model, the socket): each open tells how many
 * slots it keeps (`MEMORY stand-in`), for test:moddable to show the board's share apart.
 */
function modemNetwork(): NetworkOption {
	const open = (options: ConstructorParameters<typeof ModemSerial>[0]): ModemSerial => new ModemSerial(options);
	const port = new Ecma419SerialPort(({ baud, onReadable, onWritable }) => {
		const options = {
			port: device.Serial.modem.port,
			transmit: device.Serial.modem.transmit,
			receive: device.Serial.modem.receive,
			baud,
			format: "buffer",
			onReadable: onReadable as (this: ModemSerial, count: number) => void,
			onWritable: onWritable as (this: ModemSerial, count: number) => void,
		};
		return (probe ? probe.retainedBy("stand-in", () => open(options)) : open(options)) as Ecma419Serial;
	});
	// A socket UART answers later than a wire (connection set-up per rate, the simulator's polling):
	// a probe waits 300 ms instead of the library's 20 ms before trying the next rate.
	return { kind: "ml307", port, options: { modem: { probeTimeoutMs: 300 } } };
}

/** After the flow ends, sockets and TLS sessions are let go before the at-rest figure. */
const SETTLE_MS = 1000;

// run-time state: made in prepare(), as its instruments exist only at run time.
let probe: MemoryProbe | undefined;
// run-time state: the speaker made at boot and the log it reports to, for the WAV written at the end.
let speakerOut: { readonly speaker: TimelineSpeaker; readonly log: Log } | undefined;
// run-time state: how many screen draws ran.
let draws = 0;
// run-time state: the stack's deepest point in any of them.
let deepestDraw = 0;

interface ScreenWithMessages {
	postMessage?(message: string): void;
}

/**
 * The renderer alone, from a timer turn with nothing else running: the code screen. Its own
 * function, so the presenter it makes is garbage before the at-rest figure is taken.
 */
function traceRenderStack(memory: MemoryProbe): void {
	const presenter = new ScreenPresenter("zh-CN");
	const view = { kind: "code", code: "209835", message: "xiaozhi.me\n209835", status: { phase: "activating", attempt: 3, maxAttempts: 10 } } as const;
	trace(`MEMORY render stack=${memory.stackIn(() => presenter.render(view))}\n`);
}

export const platform: Platform = Object.freeze({
	name: "lin",
	natives: simNatives,
	display: SSD1306_128X32,
	prepare(context: PlatformContext): void {
		// Like a device that booted before: the profile's NVS, where nothing is stored yet.
		const nvs = simProfile().nvs;
		for (const namespace of Object.keys(nvs)) {
			const entries = nvs[namespace]!;
			for (const key of Object.keys(entries)) {
				if (context.store.get(namespace, key) === undefined) context.store.set(namespace, key, entries[key]!);
			}
		}
		context.log.info(`simulating: ${simProfile().description}`);
		// The first timer turn after main() returns (main() started the flow and drew the first screen).
		const memory = (probe = new MemoryProbe());
		Timer.set(() => {
			memory.mark("after-main");
			memory.startSampling();
		}, 0);
	},
	networks(context: PlatformContext) {
		const ca = context.config.extraCa;
		const http = new ModdableHttpTransport({ trustedCertificate: ca && Resource.exists(ca) ? new Resource(ca) : undefined });
		const viaModem = config.modemSocket !== undefined && config.modemSocket !== "";
		const withRadio = config.setupHttpPort !== undefined && config.setupHttpPort !== "";
		const wifi = (): NetworkOption => (withRadio ? moddableWifiNetwork({ config: context.config, transport: http, facts: () => simProfile().board }) : profileNetwork(http));
		return { ml307: () => (viaModem ? modemNetwork() : profileNetwork(http)), wifi };
	},
	button: () => undefined,
	speaker(context: PlatformContext): TimelineSpeaker {
		const speaker = new TimelineSpeaker(context.timers);
		speakerOut = { speaker, log: context.log };
		return speaker;
	},
	led: () => tracedLed,
	runDraw(draw: () => void): void {
		const memory = probe;
		if (!memory) return draw();
		const depth = memory.stackIn(draw);
		if (draws === 0) trace(`MEMORY first-draw stack=${depth}\n`);
		draws++;
		deepestDraw = Math.max(deepestDraw, depth);
	},
	onEvent(event: DeviceEvent): void {
		// test:moddable's wifi-setup run opens this page in Chromium.
		if (event.type === "wifi") trace(`WIFI ${event.status.kind}${event.status.kind === "setup" ? ` ${event.status.pageUrl}` : ""}\n`);
		if (event.type === "code") {
			probe?.beginPending();
			trace(`ACTIVATION-CODE ${event.code}\n`);
		}
		if (event.type === "activated") probe?.endPending();
	},
	restart(): void {
		// No button is wired here, so nothing asks; the simulator cannot reboot the app anyway.
		trace("restart requested: the simulator does not reboot\n");
	},
	finished(outcome: DeviceOutcome | Error): void {
		const shot = typeof config.screenshot === "string" ? config.screenshot : undefined;
		const result = outcome instanceof Error ? `ACTIVATION-RESULT error ${outcome.message}\n` : `ACTIVATION-RESULT ${outcome.status}\n`;
		const memory = probe;
		// What the speaker was given, the chime still queued after the readout included.
		speakerOut?.speaker.writeWav(speakerOut.log);
		// Later, from a timer turn: the screen draws the last event from one too (main.ts), and
		// sockets and TLS sessions are let go before the at-rest figure.
		Timer.set(() => {
			if (shot) (globalThis.screen as ScreenWithMessages | undefined)?.postMessage?.(JSON.stringify({ screenshot: shot }));
			if (memory) {
				memory.endPending();
				trace(`MEMORY deepest-draw stack=${deepestDraw} draws=${draws}\n`);
				traceRenderStack(memory);
				memory.mark("at-rest");
				memory.finish();
			}
			trace(result);
		}, SETTLE_MS);
	},
});
