/*
 * The board's facts from its ECMA-419 host provider ("embedded:provider/builtin", the SDK's
 * idiom): hosts/esp32s3/host/provider.js on the board, hosts/lin/host/provider.js in the
 * simulator. The SDK's typing of the provider names only its `default` entries and loose
 * pins; this is the shape this project's providers have, read once here.
 */
import provider from "embedded:provider/builtin";

export interface BoardProvider {
	/** The OLED's bus (SDA, SCL). */
	readonly I2C: { readonly default: { readonly data: number; readonly clock: number; readonly hz: number } };
	/** The ML307R modem's UART: the port and the ESP32's TX and RX pins. */
	readonly Serial: { readonly modem: { readonly port: number; readonly transmit: number; readonly receive: number } };
	/** GPIO numbers: BOOT, the touch pad, the volume buttons and the WS2812 LED. */
	readonly pin: { readonly button: number; readonly touch: number; readonly volumeUp: number; readonly volumeDown: number; readonly led: number };
}

export const device = provider as unknown as BoardProvider;
