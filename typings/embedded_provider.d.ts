/*
 * Our declaration of the ECMA-419 host provider ("embedded:provider/builtin", the `device`
 * global) as this project's hosts build it: the board's provider (hosts/esp32s3/host/provider.js)
 * and the simulator's (hosts/lin/host/provider.js) hold the board's facts, the modem's UART
 * and the named pins, once. Only what the project reads is declared.
 */
declare module "embedded:provider/builtin" {
	interface BoardProvider {
		/** The OLED's bus (SDA, SCL). */
		readonly I2C: { readonly default: { readonly data: number; readonly clock: number; readonly hz: number } };
		/** The ML307R modem's UART: the port and the ESP32's TX and RX pins. */
		readonly Serial: { readonly modem: { readonly port: number; readonly transmit: number; readonly receive: number } };
		/** GPIO numbers: BOOT, the touch pad, the volume buttons and the WS2812 LED. */
		readonly pin: { readonly button: number; readonly touch: number; readonly volumeUp: number; readonly volumeDown: number; readonly led: number };
	}
	const device: BoardProvider;
	export default device;
}
