/*
 * The board self-test (hosts/esp32s3/self-test) in Moddable's simulator: NVS through the
 * simulator's Preference, the OLED test pattern on the simulated 128x32 screen (every frame
 * saved as `NN.png` when built with `screenshotDir=<folder>`), and, when built with `modemSocket=<port>`, the
 * modem checks through the ML307R simulator behind the socket UART (io/modem-serial.ts) whose
 * HTTP stack forwards to the local emulator. The speaker, the LED and the BOOT button need the
 * board. The last line, SELF-TEST-RESULT, is for the headless runner.
 */
import config from "mc/config";
import { device } from "moddable-adapters/board-provider";
import Serial from "embedded:io/serial";
import Timer from "timer";
import { Ecma419SerialPort, type Ecma419Serial } from "ml307/io";
import { moddableTimers } from "moddable-adapters/time";
import { PocoScreen } from "moddable-adapters/poco-screen";
import { PreferenceStore } from "moddable-adapters/preference-store";
import { tally, type CheckResult } from "self-test/checks";
import type { LinkFigures } from "self-test/modem";
import type { SelfTestModem, SelfTestParts } from "self-test/plan";
import type { Frame } from "screens/frame";

type SerialOptions = ConstructorParameters<typeof Serial>[0];

/** Lets the simulator save the last frame before the result line. */
const SETTLE_MS = 500;

interface ScreenWithMessages {
	postMessage?(message: string): void;
}

/** The simulated OLED; each frame shown is also saved as a numbered PNG when asked to. */
function simScreen(): SelfTestParts["screen"] {
	const pixels = globalThis.screen;
	if (!pixels) return undefined;
	const poco = new PocoScreen(pixels, { language: "en-US", now: () => moddableTimers.now() });
	const dir = typeof config.screenshotDir === "string" && config.screenshotDir !== "" ? config.screenshotDir : undefined;
	// The number of the next frame saved.
	let shots = 0;
	return {
		show(frame: Frame): void {
			poco.show(frame);
			const name = String(++shots).padStart(2, "0");
			if (dir) (pixels as ScreenWithMessages).postMessage?.(JSON.stringify({ screenshot: `${dir}/${name}.png` }));
		},
	};
}

function socketModem(): SelfTestModem | undefined {
	if (config.modemSocket === undefined || config.modemSocket === "") return undefined;
	// The port as it is open now (a rate change opens a new one), for its figures when it keeps them.
	let open: (Serial & { readonly figures?: LinkFigures }) | undefined;
	// The opener's rate and callbacks (onReadable, and onWritable where the driver paces its writes).
	const port = new Ecma419SerialPort((options) => {
		open = new Serial({ ...(options as unknown as SerialOptions), port: device.Serial.modem.port, transmit: device.Serial.modem.transmit, receive: device.Serial.modem.receive, format: "buffer" });
		return open as Ecma419Serial;
	});
	// A socket answers later than a wire: the baud probes wait longer (as in hosts/lin/platform.ts).
	return { port, probeTimeoutMs: 300, figures: () => open?.figures };
}

export function selfTestParts(): SelfTestParts {
	const screen = simScreen();
	const modem = socketModem();
	return {
		timers: moddableTimers,
		store: new PreferenceStore(),
		token: () => Math.floor(Math.random() * 0xffffffff).toString(16).padStart(8, "0"),
		...(screen ? { screen } : {}),
		...(modem ? { modem } : {}),
	};
}

export function selfTestFinished(results: readonly CheckResult[]): void {
	Timer.set(() => {
		const { passed, failed, needsBoard } = tally(results);
		trace(`SELF-TEST-RESULT passed=${passed} failed=${failed} needs-board=${needsBoard}\n`);
	}, SETTLE_MS);
}
