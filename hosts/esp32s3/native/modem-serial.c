/*
 * XS glue of the modem port (hosts/esp32s3/modem-serial.ts, class ModemSerial): arguments in,
 * errors out, the callbacks called from the messages the port's task posts. The logic is in
 * modem-serial-core.c. The host data is the core's record; it outlives close() so the
 * figures stay readable, and is freed by the destructor (or by the last message in flight).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "xsmc.h"
#include "mc.xs.h" /* the linker's declarations of the host functions below */

#include "modem-serial-core.h"

#ifndef ESP32
/* The Moddable runtime's message post: on the board xsmc.h brings it (xs/platforms/esp/xsHost.h);
   declared here for the checks that compile this file on a PC. */
typedef void (*modMessageDeliver)(void *the, void *refcon, uint8_t *message, uint16_t messageLength);
int modMessagePostToMachine(xsMachine *the, uint8_t *message, uint16_t messageLength, modMessageDeliver callback, void *refcon);
#endif

typedef struct {
	xsMachine *the;
	xsSlot object; /* remembered while open: the messages call it */
	xsSlot *on_readable;
	xsSlot *on_writable;
} modem_serial_host_t;

void xs_modem_serial_destructor(void *data);
static void modem_serial_mark(xsMachine *the, void *data, xsMarkRoot mark_root);

static const xsHostHooks modem_serial_hooks = {
	xs_modem_serial_destructor,
	modem_serial_mark,
	NULL
};

static void deliver(void *machine, void *refcon, uint8_t *message, uint16_t length)
{
	modem_serial_t *serial = refcon;
	modem_serial_host_t *host = modem_serial_host(serial);
	modem_serial_notice_t notice;
	(void)message;
	(void)length;

	if (modem_serial_notice_take(serial, &notice)) {
		xsBeginHost((xsMachine *)machine);
		if (notice.readable && host->on_readable) {
			xsmcSetInteger(xsResult, (xsIntegerValue)notice.readable_count);
			xsCallFunction1(xsReference(host->on_readable), host->object, xsResult);
		}
		/* onReadable may have closed the port. */
		if (notice.writable && host->on_writable && modem_serial_is_open(serial)) {
			xsmcSetInteger(xsResult, (xsIntegerValue)modem_serial_writable(serial));
			xsCallFunction1(xsReference(host->on_writable), host->object, xsResult);
		}
		xsEndHost(machine);
	}
	modem_serial_notice_done(serial);
}

static int post(modem_serial_t *serial)
{
	modem_serial_host_t *host = modem_serial_host(serial);
	return modMessagePostToMachine(host->the, NULL, 0, deliver, serial);
}

static xsIntegerValue integer_argument(xsMachine *the, xsIntegerValue index, const char *name)
{
	if (xsmcArgc <= index || (xsNumberType != xsmcTypeOf(xsArg(index)) && xsIntegerType != xsmcTypeOf(xsArg(index))))
		xsTypeError("%s: a number is required", name);
	return xsmcToInteger(xsArg(index));
}

static xsSlot *callback_argument(xsMachine *the, xsIntegerValue index)
{
	xsType type = xsmcTypeOf(xsArg(index));
	if ((xsUndefinedType == type) || (xsNullType == type))
		return NULL;
	if (!xsmcIsCallable(xsArg(index)))
		xsTypeError("not a function");
	/* The function object itself, kept alive by the mark hook while the port is open (as the SDK's builtinGetCallback). */
	return fxToReference(the, &xsArg(index));
}

static void read_config(xsMachine *the, modem_serial_config_t *config)
{
	config->port = (uart_port_t)integer_argument(the, 0, "port");
	config->transmit = integer_argument(the, 1, "transmit");
	config->receive = integer_argument(the, 2, "receive");
	config->baud = integer_argument(the, 3, "baud");
	if (strcmp(xsmcToString(xsArg(4)), "buffer"))
		xsRangeError("invalid format");
	config->rx_capacity = (size_t)integer_argument(the, 7, "receiveBufferSize");
	config->tx_capacity = (size_t)integer_argument(the, 8, "transmitBufferSize");
	if ((config->port < 0) || (config->port >= UART_NUM_MAX))
		xsRangeError("invalid port");
	if ((config->baud <= 0) || (config->baud > MODEM_SERIAL_MAX_BAUD))
		xsRangeError("invalid baud");
	config->post = post;
	config->host_bytes = sizeof(modem_serial_host_t);
}

/* (port, transmit, receive, baud, format, onReadable, onWritable, receiveBufferSize, transmitBufferSize) */
void xs_modem_serial(xsMachine *the)
{
	modem_serial_config_t config;
	modem_serial_t *serial;
	modem_serial_host_t *host;
	xsSlot *on_readable, *on_writable;
	esp_err_t err;

	memset(&config, 0, sizeof(config));
	read_config(the, &config);
	on_readable = callback_argument(the, 5);
	on_writable = callback_argument(the, 6);
	config.notify_readable = NULL != on_readable;
	config.notify_writable = NULL != on_writable;
	err = modem_serial_create(&config, &serial);
	if (ESP_ERR_INVALID_ARG == err)
		xsRangeError("invalid buffer size");
	if (ESP_OK != err)
		xsUnknownError("no memory");
	host = modem_serial_host(serial);
	host->the = the;
	host->object = xsThis;
	host->on_readable = on_readable;
	host->on_writable = on_writable;
	err = modem_serial_start(serial);
	if (ESP_OK != err) {
		modem_serial_release(serial);
		if (ESP_ERR_INVALID_STATE == err)
			xsUnknownError("port in use");
		xsUnknownError("uart failed: 0x%x", (unsigned)err);
	}
	xsmcSetHostData(xsThis, serial);
	xsSetHostHooks(xsThis, (xsHostHooks *)&modem_serial_hooks);
	xsRemember(host->object);
	modem_serial_notify_writable(serial);
}

void xs_modem_serial_destructor(void *data)
{
	modem_serial_release(data);
}

static void modem_serial_mark(xsMachine *the, void *data, xsMarkRoot mark_root)
{
	modem_serial_t *serial = data;
	modem_serial_host_t *host = modem_serial_host(serial);
	if (!modem_serial_is_open(serial))
		return;
	if (host->on_readable)
		(*mark_root)(the, host->on_readable);
	if (host->on_writable)
		(*mark_root)(the, host->on_writable);
}

static modem_serial_t *open_serial(xsMachine *the)
{
	modem_serial_t *serial = xsmcGetHostDataValidate(xsThis, (void *)&modem_serial_hooks);
	if (!modem_serial_is_open(serial))
		xsUnknownError("closed");
	return serial;
}

/* read() all bytes waiting, read(n) at most n; undefined when none. */
void xs_modem_serial_read(xsMachine *the)
{
	modem_serial_t *serial = open_serial(the);
	size_t waiting = modem_serial_readable(serial), count = waiting, got;
	void *buffer;

	if ((xsmcArgc > 0) && (xsUndefinedType != xsmcTypeOf(xsArg(0)))) {
		xsIntegerValue requested = xsmcToInteger(xsArg(0));
		if (requested <= 0)
			xsRangeError("invalid count");
		if ((size_t)requested < count)
			count = (size_t)requested;
	}
	if (!count)
		return;
	buffer = xsmcSetArrayBuffer(xsResult, NULL, (xsUnsignedValue)count);
	got = modem_serial_read(serial, buffer, count);
	/* The port's task may have discarded bytes after an overflow meanwhile. */
	if (!got)
		xsmcSetUndefined(xsResult);
	else if (got < count)
		xsmcSetArrayBufferLength(xsResult, (xsUnsignedValue)got);
}

/* The whole buffer is queued, or "output full" is thrown and none of it is. */
void xs_modem_serial_write(xsMachine *the)
{
	modem_serial_t *serial = open_serial(the);
	void *data;
	xsUnsignedValue count;
	esp_err_t err;

	xsmcGetBufferReadable(xsArg(0), &data, &count);
	err = modem_serial_write(serial, data, count);
	if (ESP_ERR_NO_MEM == err)
		xsUnknownError("output full");
	if (ESP_OK != err)
		xsUnknownError("closed");
}

void xs_modem_serial_close(xsMachine *the)
{
	modem_serial_t *serial = xsmcGetHostDataValidate(xsThis, (void *)&modem_serial_hooks);
	modem_serial_host_t *host = modem_serial_host(serial);
	if (!modem_serial_is_open(serial))
		return;
	if (ESP_OK != modem_serial_close(serial))
		xsUnknownError("the UART task did not stop");
	xsForget(host->object);
}

/* One figure by index: txCapacity, maxWrite, rxCapacity, rxHighWater, rxLostBytes. */
void xs_modem_serial_figure(xsMachine *the)
{
	modem_serial_t *serial = xsmcGetHostDataValidate(xsThis, (void *)&modem_serial_hooks);
	modem_serial_figures_t figures;
	double value;

	modem_serial_figures(serial, &figures);
	switch (xsmcToInteger(xsArg(0))) {
	case 0: value = (double)figures.tx_capacity; break;
	case 1: value = (double)figures.max_write; break;
	case 2: value = (double)figures.rx_capacity; break;
	case 3: value = (double)figures.rx_high_water; break;
	case 4: value = (double)figures.rx_lost_bytes; break;
	default: xsRangeError("no such figure");
	}
	xsmcSetNumber(xsResult, value);
}

void xs_modem_serial_rx_lost_bytes(xsMachine *the)
{
	modem_serial_t *serial = xsmcGetHostDataValidate(xsThis, (void *)&modem_serial_hooks);
	xsmcSetNumber(xsResult, (double)modem_serial_rx_lost_bytes(serial));
}

void xs_modem_serial_tx_discarded_bytes(xsMachine *the)
{
	modem_serial_t *serial = xsmcGetHostDataValidate(xsThis, (void *)&modem_serial_hooks);
	modem_serial_figures_t figures;
	modem_serial_figures(serial, &figures);
	xsmcSetNumber(xsResult, (double)figures.tx_discarded_bytes);
}
