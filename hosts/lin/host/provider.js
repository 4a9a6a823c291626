/*
 * The simulator's host provider ("embedded:provider/builtin"): the bread-compact-ml307's
 * facts as its own provider declares them (hosts/esp32s3/host/provider.js), for the code
 * that reads them on the simulator: the modem's UART (the simulator's modem port,
 * hosts/lin/io/modem-serial.ts, is that UART over a socket) and the named pins. The
 * simulator has no GPIO: the pins are facts here, no I/O class comes with them.
 */
const device = Object.freeze({
	I2C: Object.freeze({
		default: Object.freeze({ data: 41, clock: 42, hz: 400000 }),
	}),
	Serial: Object.freeze({
		modem: Object.freeze({ port: 1, transmit: 12, receive: 11 }),
	}),
	pin: Object.freeze({ button: 0, touch: 47, volumeUp: 40, volumeDown: 39, led: 48 }),
}, true);

export default device;
