/*
 * The modem port's logic over the ESP-IDF UART driver, free of XS so it is unit-tested on a
 * development machine against a fake IDF (test/esp32s3/native/). XS glue: modem-serial.c.
 *
 * Receive: the IDF driver's RX ring (rx_capacity bytes), filled by its interrupt handler;
 * the XS task reads it without waiting. Transmit: our own TX ring (tx_capacity bytes); a
 * write is copied in whole or refused, never split, never dropped. One FreeRTOS task per
 * port waits on the driver's event queue, moves the TX ring to the UART in chunks (the
 * driver is installed without a TX ring, so uart_write_bytes blocks that task only, never
 * XS), counts overflow and asks the host to post a message to XS, at most one at a time.
 *
 * Threads: modem_serial_task runs in its own task; everything else runs in the XS task.
 * Lifetime: the record is freed when its owner has released it and no message is in flight.
 */
#ifndef MODEM_SERIAL_CORE_H
#define MODEM_SERIAL_CORE_H

#include "modem-serial-idf.h"

#define MODEM_SERIAL_RX_CAPACITY 8192 /* what esp-ml307 3.3.7 installs for the same modem */
#define MODEM_SERIAL_TX_CAPACITY 4096 /* one AT+MHTTPCONTENT piece (the vendor's limit) */
#define MODEM_SERIAL_QUEUE_DEPTH 32
#define MODEM_SERIAL_TASK_STACK_BYTES 3072
#define MODEM_SERIAL_TASK_PRIORITY 10 /* above the XS task's 4 */
#define MODEM_SERIAL_TX_CHUNK 256 /* bytes per uart_write_bytes: the task checks its queue between chunks */
#define MODEM_SERIAL_MAX_BAUD 5000000

typedef struct modem_serial modem_serial_t;

typedef struct {
	uart_port_t port;
	int transmit; /* GPIO */
	int receive;  /* GPIO */
	int baud;
	size_t rx_capacity;
	size_t tx_capacity;
	bool notify_readable;
	bool notify_writable;
	/* Asks the host to deliver a notice in the XS task (modMessagePostToMachine); 0 when
	   posted. Called from the port's task, and from modem_serial_notify_writable. */
	int (*post)(modem_serial_t *serial);
	/* Zeroed bytes for the host at modem_serial_host(), freed with the record. */
	size_t host_bytes;
} modem_serial_config_t;

typedef struct {
	size_t tx_capacity;
	size_t max_write;     /* the largest single write accepted */
	size_t rx_capacity;
	size_t rx_high_water; /* the most bytes seen waiting in the RX ring */
	uint32_t rx_lost_bytes; /* discarded on RX ring overflow, plus one per FIFO overflow */
	uint32_t tx_discarded_bytes; /* still in the TX ring at close */
} modem_serial_figures_t;

typedef struct {
	bool readable;         /* call onReadable(readable_count): bytes arrived, or some were lost */
	size_t readable_count; /* bytes waiting now (0 after a loss that left none) */
	bool writable;         /* call onWritable(writable_count) */
	size_t writable_count; /* free TX space now */
} modem_serial_notice_t;

/* A closed record, checked and allocated (no driver yet). ESP_ERR_INVALID_ARG: a port,
   rate or capacity out of range; ESP_ERR_NO_MEM. */
esp_err_t modem_serial_create(const modem_serial_config_t *config, modem_serial_t **out);
void *modem_serial_host(modem_serial_t *serial);

/* Installs the driver (RX ring, event queue, no TX ring) and starts the task. Every IDF
   resource is released again on failure. ESP_ERR_INVALID_STATE: the port has a driver. */
esp_err_t modem_serial_start(modem_serial_t *serial);

bool modem_serial_is_open(const modem_serial_t *serial);

/* XS task. Bytes waiting in the RX ring; reads up to `count` of them without waiting. */
size_t modem_serial_readable(modem_serial_t *serial);
size_t modem_serial_read(modem_serial_t *serial, uint8_t *to, size_t count);

/* XS task. Free TX space; queues all `count` bytes, or none: ESP_ERR_NO_MEM when they do
   not fit, ESP_ERR_INVALID_STATE when closed. */
size_t modem_serial_writable(modem_serial_t *serial);
esp_err_t modem_serial_write(modem_serial_t *serial, const uint8_t *from, size_t count);

/* XS task. Posts the after-open onWritable notice. */
void modem_serial_notify_writable(modem_serial_t *serial);

void modem_serial_figures(modem_serial_t *serial, modem_serial_figures_t *out);
uint32_t modem_serial_rx_lost_bytes(modem_serial_t *serial);

/* XS task, when a posted message arrives: false when the port has closed since (call no
   callback). Either way, modem_serial_notice_done afterwards: it lets go of the message's
   hold on the record and may free it. */
bool modem_serial_notice_take(modem_serial_t *serial, modem_serial_notice_t *notice);
void modem_serial_notice_done(modem_serial_t *serial);

/* XS task. Stops the task (it finishes the chunk it is writing), discards and counts the
   TX ring, deletes the driver. The record stays for its figures. ESP_ERR_TIMEOUT: the task
   did not stop, and nothing was released. */
esp_err_t modem_serial_close(modem_serial_t *serial);

/* XS task. The owner lets go (closing first when open); the record is freed now or when
   the message in flight is done. */
void modem_serial_release(modem_serial_t *serial);

/* The task's body (xTaskCreate), and one turn of it: waits up to `wait` ticks for an event
   when nothing is left to send, handles it, then sends one chunk. False after the stop. */
void modem_serial_task(void *serial);
bool modem_serial_task_step(modem_serial_t *serial, TickType_t wait);

#endif
