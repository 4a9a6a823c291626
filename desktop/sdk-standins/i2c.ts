/*
 * Stand-in for ECMA-419 "embedded:io/i2c" on the board run: the board's host provider
 * (hosts/esp32s3/host/provider.js) names the class for the OLED's bus, but the board run
 * draws through its Poco stand-in and opens no bus; opening one is an error here.
 */
export default class I2C {
	constructor(options: { readonly data: number; readonly clock: number }) {
		throw new Error(`i2c: no bus on the board run (data ${options.data}, clock ${options.clock}); the OLED draws through Poco`);
	}
}
