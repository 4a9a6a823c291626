/*
 * Stand-in for ECMA-419 "embedded:io/digital" on the ESP32 ($(MODULES)/io/digital/digital.js
 * over esp32/digitalbank.c), for the inputs the host wires (the board run: its buttons). As
 * the C: a pin that is not wired is "invalid pin", one already open "in use", a mode outside
 * Input..InputPullUpDown / Output / OutputOpenDrain RangeError "invalid mode", an onReadable
 * without edges RangeError "invalid edges"; onReadable runs (with the pin as `this`) on the
 * edges asked for; read() after close() throws. Outputs are not wired here.
 */
import type SdkDigital from "embedded:io/digital";
import { hostPart } from "./host.ts";

interface DigitalOptions {
	readonly pin: number;
	readonly mode: number;
	readonly edge?: number;
	readonly onReadable?: (this: Digital) => void;
}

const open = new Set<number>();

class Digital {
	static readonly Input = 0;
	static readonly InputPullUp = 1;
	static readonly InputPullDown = 2;
	static readonly InputPullUpDown = 3;
	static readonly Output = 8;
	static readonly OutputOpenDrain = 9;
	static readonly Rising = 1;
	static readonly Falling = 2;
	readonly #pin: number;
	#input: { level(): 0 | 1; close(): void } | undefined;

	constructor(options: DigitalOptions) {
		if (options.pin === undefined) throw new Error("invalid");
		const pin = Number(options.pin) | 0;
		const mode = Number(options.mode) | 0;
		const input = hostPart("pins", "digital").input(pin);
		if (!input) throw new Error("invalid pin");
		if (open.has(pin)) throw new Error("in use");
		if (mode === Digital.Output || mode === Digital.OutputOpenDrain) throw new Error("digital: this stand-in wires inputs only");
		if (mode < Digital.Input || mode > Digital.InputPullUpDown) throw new RangeError("invalid mode");
		const edge = options.edge ?? 0;
		const onReadable = options.onReadable;
		if (onReadable && !(edge & (Digital.Rising | Digital.Falling))) throw new RangeError("invalid edges");
		this.#pin = pin;
		this.#input = input;
		open.add(pin);
		if (onReadable)
			input.watch((level) => {
				if (this.#input && edge & (level ? Digital.Rising : Digital.Falling)) onReadable.call(this);
			});
	}

	read(): 0 | 1 {
		if (!this.#input) throw new Error("closed");
		return this.#input.level();
	}

	write(_value: 0 | 1): void {
		throw new Error("can't write input");
	}

	close(): void {
		if (!this.#input) return;
		this.#input.close();
		this.#input = undefined;
		open.delete(this.#pin);
	}
}
Object.freeze(Digital.prototype);

/** A reboot: the app's pins are closed. */
export function closeAllPins(): void {
	open.clear();
}

// Typed as the SDK's API as the project declares it (typings/embedded_io/digital.d.ts).
export default Digital satisfies typeof SdkDigital;
