/*
 * A fake of the ESP-IDF v6.0 UART driver and the FreeRTOS calls the modem port uses, for
 * test/esp32s3/native/modem-serial-test.c. It models what the port relies on, as strictly as
 * the IDF behaves (read from the IDF's uart.c, none of it copied):
 * - receive: bytes enter a 128-byte hardware FIFO; the interrupt handler moves the FIFO to
 *   the RX ring at 120 bytes or when the line goes idle, posting UART_DATA; when the ring
 *   cannot take the FIFO's bytes it keeps them aside, stops reading the FIFO and posts
 *   UART_BUFFER_FULL; a read that makes room stores them and reads the FIFO again; a byte
 *   arriving at a full FIFO is dropped and the handler resets the FIFO, posting UART_FIFO_OVF;
 * - transmit without a driver TX ring: uart_write_bytes blocks its caller until every byte
 *   is in the FIFO (here: on the wire at once), so it may only be called from the port's task;
 * - the event queue is bounded: an event finding it full is dropped, as the driver's is;
 * - a binary semaphore taken while not given runs the port's task (a cooperative stand-in
 *   for the scheduler), unless the task is set to be stuck.
 * Every misuse is counted: an IDF call inside a critical section, a read that waits from the
 * XS task (or from the port's task for more than is there), a write from the XS task, a call
 * on a port without a driver, an endless wait on an empty queue.
 */
#ifndef FAKE_UART_H
#define FAKE_UART_H

#include "uart-idf-shim.h"

#define FAKE_FIFO_BYTES 128
#define FAKE_RX_FULL_THRESHOLD 120
#define FAKE_WIRE_BYTES 65536

enum { FAKE_CONTEXT_XS, FAKE_CONTEXT_TASK };

typedef struct {
	bool installed;
	int rx_capacity;
	int tx_capacity;
	int queue_depth;
	int baud;
	int transmit;
	int receive;
	uint8_t *ring;
	size_t ring_head;
	size_t ring_tail;
	size_t ring_count;
	uint8_t fifo[FAKE_FIFO_BYTES];
	size_t fifo_count;
	uint8_t stash[FAKE_FIFO_BYTES];
	size_t stash_count;
	bool buffer_full;
	bool rx_interrupts;
	bool overflow;
	bool line_idle;
	QueueHandle_t events;
	uint8_t *wire;
	size_t wire_count;
	size_t largest_write;
	unsigned write_calls;
	uint32_t dropped; /* bytes the hardware dropped or the FIFO reset discarded */
} fake_port_t;

typedef struct {
	fake_port_t ports[UART_NUM_MAX];
	int context;
	int critical;
	/* misuse */
	unsigned calls_in_critical;
	unsigned nested_critical;
	unsigned blocking_reads;
	unsigned writes_from_xs;
	unsigned calls_without_driver;
	unsigned endless_waits;
	unsigned events_dropped;
	unsigned events_posted;
	/* live resources */
	int live_queues;
	int live_tasks;
	/* the task */
	TaskFunction_t task_code;
	void *task_parameters;
	uint32_t task_stack;
	unsigned task_priority;
	bool task_running;
	bool task_stuck;
	/* failures to inject (0: none; n: the nth call of that kind fails) */
	unsigned fail_param_config;
	unsigned fail_set_pin;
	unsigned fail_install;
	unsigned fail_semaphore;
	unsigned fail_task;
	unsigned fail_alloc;
	unsigned fail_queue_send;
	unsigned alloc_calls;
	unsigned queue_sends;
} fake_uart_t;

extern fake_uart_t fake_uart;

void fake_uart_reset(void);
/* Releases what a test left behind, so LeakSanitizer reports only the port's own leaks. */
void fake_uart_teardown(void);
/* Bytes arrive on RX; with `isr` false the interrupt handler cannot run meanwhile (flash
   writes, a long critical section) and runs once afterwards. */
void fake_uart_arrive(uart_port_t port, const uint8_t *bytes, size_t count, bool isr);
/* The line goes idle: the RX timeout interrupt moves what the FIFO holds. */
void fake_uart_idle(uart_port_t port);
size_t fake_uart_queued_events(uart_port_t port);

/* The core's allocations go through these (test build: -include fake-alloc.h). */
void *fake_malloc(size_t size);
void *fake_calloc(size_t count, size_t size);

#endif
