/*
 * The ECMA-419 host provider ("embedded:provider/builtin", the `device` global) of the
 * bread-compact-ml307 board: the OLED's I2C bus (SDA 41, SCL 42) and the ML307R modem's
 * UART1 (ESP32 TX on GPIO12 to the modem's RX, RX on GPIO11 from its TX).
 */
import Digital from "embedded:io/digital";
import I2C from "embedded:io/i2c";
import Serial from "embedded:io/serial";

const device = Object.freeze({
	I2C: Object.freeze({
		default: Object.freeze({ io: I2C, data: 41, clock: 42, hz: 400000 }),
	}),
	Serial: Object.freeze({
		modem: Object.freeze({ io: Serial, port: 1, transmit: 12, receive: 11 }),
	}),
	io: Object.freeze({ Digital, I2C, Serial }),
	pin: Object.freeze({ button: 0, touch: 47, volumeUp: 40, volumeDown: 39, led: 48 }),
}, true);

export default device;
