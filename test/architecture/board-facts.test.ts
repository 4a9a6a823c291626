/*
 * The board's facts once: the modem's UART (port 1, TX 12, RX 11), the OLED's bus (SDA 41,
 * SCL 42) and the named pins (BOOT 0, touch 47, volume up 40 / down 39, LED 48) are values
 * in the host providers only (hosts/esp32s3/host/provider.js, and the simulator's
 * hosts/lin/host/provider.js). The platforms, the speaker/LED/volume/button adapters and the
 * device read them from `device` ("embedded:provider/builtin", through
 * modules/moddable-adapters/board-provider.ts, which gives it the providers' shape). The I2S pins are the
 * manifest's defines.audioOut, where the SDK's C reads them.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const PROVIDERS = Object.freeze(["hosts/esp32s3/host/provider.js", "hosts/lin/host/provider.js"]);
const BOARD_NUMBERS: ReadonlySet<number> = new Set([12, 11, 0, 47, 40, 39, 48, 41, 42]);
/** A pin- or port-like name given a number: `pin: 48`, `LED_PIN = 48`, `transmit: 12`, `{ up: 40 }`, `port: 1`. */
const PIN_VALUE = /\b([A-Z0-9_]*(?:PIN|PORT|UART|GPIO)[A-Z0-9_]*|pin|port|uart|transmit|receive|led|button|touch|volumeUp|volumeDown|up|down|data|clock|sda|scl|\w+(?:Pin|Port|Uart|Gpio))\s*[:=]\s*(\d+)\b(?!\s*[*/+-])/g;

function sources(dir: string, out: string[] = []): string[] {
	for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) sources(path, out);
		else if (/\.(ts|js)$/.test(entry.name) && !entry.name.endsWith(".d.ts")) out.push(path);
	}
	return out;
}

/** Code lines only: comments may name a pin to say what a part is. */
function codeLines(text: string): string[] {
	return text
		.replace(/\/\*[^]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ""))
		.split("\n")
		.map((line) => line.replace(/\/\/.*$/, ""));
}

/** Every board number given as a pin or port value in `file`. */
function pinValues(file: string): string[] {
	const found: string[] = [];
	codeLines(readFileSync(join(ROOT, file), "utf8")).forEach((line, index) => {
		for (const match of line.matchAll(PIN_VALUE)) {
			const value = Number(match[2]);
			// A port's number is the UART's (1); a pin's is a GPIO of the board.
			const isPort = /port|uart/i.test(match[1]!);
			if (isPort ? value === 1 : BOARD_NUMBERS.has(value)) found.push(`${file}:${index + 1}: ${match[0]}`);
		}
	});
	return found;
}

test("the modem's UART and the board's pins are values in the host providers only", () => {
	const files = ["main.ts", ...sources("modules"), ...sources("hosts")].filter((file) => !PROVIDERS.includes(relative(".", file)));
	assert.ok(files.includes("hosts/esp32s3/platform.ts") && files.includes("hosts/lin/platform.ts") && files.includes("modules/moddable-adapters/neopixel-led.ts"));
	assert.deepEqual(files.flatMap(pinValues), [], "read them from device (embedded:provider/builtin) instead");
});

test("each host provider declares the modem's UART, the OLED's bus and the named pins", () => {
	for (const provider of PROVIDERS) {
		const found = pinValues(provider).map((hit) => hit.replace(/^[^:]*:\d+: /, "").replace(/\s+/g, ""));
		for (const fact of ["port:1", "transmit:12", "receive:11", "data:41", "clock:42", "button:0", "touch:47", "volumeUp:40", "volumeDown:39", "led:48"]) {
			assert.ok(found.includes(fact), `${provider} declares ${fact}`);
		}
	}
});

test("the platforms and the self-tests' parts read the board's facts from the provider", () => {
	for (const file of ["hosts/esp32s3/platform.ts", "hosts/esp32s3/self-test/parts.ts", "hosts/lin/platform.ts", "hosts/lin/self-test/parts.ts", "hosts/lin/io/modem-serial.ts"]) {
		const text = readFileSync(join(ROOT, file), "utf8");
		assert.match(text, /^import \{ device \} from "moddable-adapters\/board-provider";$/m, file);
		assert.match(text, /device\.Serial\.modem/, file);
	}
	assert.match(readFileSync(join(ROOT, "modules/moddable-adapters/board-provider.ts"), "utf8"), /^import provider from "embedded:provider\/builtin";$/m);
	const platform = readFileSync(join(ROOT, "hosts/esp32s3/platform.ts"), "utf8");
	for (const pin of ["button", "led", "volumeUp", "volumeDown"]) assert.match(platform, new RegExp(`device\\.pin\\.${pin}\\b`));
});
