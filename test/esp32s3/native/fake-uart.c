/* See fake-uart.h. */
#include "idf-shim.h"
#include "fake-uart.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

fake_uart_t fake_uart;

struct fake_queue {
	size_t item_size;
	size_t depth;
	size_t count;
	size_t head;
	uint8_t *items;
};

struct fake_task {
	int unused;
};

static struct fake_task the_task;

void fake_uart_reset(void)
{
	memset(&fake_uart, 0, sizeof(fake_uart));
}

static void misuse_check(void)
{
	if (fake_uart.critical)
		fake_uart.calls_in_critical++;
}

void *fake_malloc(size_t size)
{
	if (++fake_uart.alloc_calls == fake_uart.fail_alloc)
		return NULL;
	return malloc(size);
}

void *fake_calloc(size_t count, size_t size)
{
	if (++fake_uart.alloc_calls == fake_uart.fail_alloc)
		return NULL;
	return calloc(count, size);
}

/* FreeRTOS */

static QueueHandle_t queue_create(size_t depth, size_t item_size)
{
	QueueHandle_t queue = calloc(1, sizeof(*queue));
	queue->item_size = item_size;
	queue->depth = depth;
	queue->items = item_size ? calloc(depth, item_size) : NULL;
	fake_uart.live_queues++;
	return queue;
}

static void queue_delete(QueueHandle_t queue)
{
	free(queue->items);
	free(queue);
	fake_uart.live_queues--;
}

static BaseType_t queue_put(QueueHandle_t queue, const void *item, bool front)
{
	size_t slot;
	if (queue->count == queue->depth)
		return pdFALSE;
	if (front) {
		queue->head = (queue->head + queue->depth - 1) % queue->depth;
		slot = queue->head;
	}
	else
		slot = (queue->head + queue->count) % queue->depth;
	if (queue->item_size)
		memcpy(queue->items + slot * queue->item_size, item, queue->item_size);
	queue->count++;
	return pdTRUE;
}

static BaseType_t queue_send(QueueHandle_t queue, const void *item, bool front)
{
	misuse_check();
	if (++fake_uart.queue_sends == fake_uart.fail_queue_send)
		return pdFALSE;
	return queue_put(queue, item, front);
}

BaseType_t xQueueSend(QueueHandle_t queue, const void *item, TickType_t ticks_to_wait)
{
	(void)ticks_to_wait;
	return queue_send(queue, item, false);
}

BaseType_t xQueueSendToFront(QueueHandle_t queue, const void *item, TickType_t ticks_to_wait)
{
	(void)ticks_to_wait;
	return queue_send(queue, item, true);
}

BaseType_t xQueueReceive(QueueHandle_t queue, void *item, TickType_t ticks_to_wait)
{
	misuse_check();
	if (!queue->count) {
		if (portMAX_DELAY == ticks_to_wait) {
			/* Nothing would ever wake this wait in a single-threaded test: stop here. */
			fake_uart.endless_waits++;
			fprintf(stderr, "fake-uart: endless wait on an empty queue\n");
			abort();
		}
		return pdFALSE;
	}
	if (queue->item_size)
		memcpy(item, queue->items + queue->head * queue->item_size, queue->item_size);
	queue->head = (queue->head + 1) % queue->depth;
	queue->count--;
	return pdTRUE;
}

SemaphoreHandle_t xSemaphoreCreateBinary(void)
{
	misuse_check();
	if (fake_uart.fail_semaphore)
		return NULL;
	return queue_create(1, 0);
}

BaseType_t xSemaphoreGive(SemaphoreHandle_t semaphore)
{
	misuse_check();
	return queue_put(semaphore, NULL, false);
}

BaseType_t xSemaphoreTake(SemaphoreHandle_t semaphore, TickType_t ticks_to_wait)
{
	misuse_check();
	if (!semaphore->count && ticks_to_wait && fake_uart.task_code && !fake_uart.task_running && !fake_uart.task_stuck) {
		/* The waiting XS task lets the port's task run until it gives or ends. */
		int context = fake_uart.context;
		fake_uart.task_running = true;
		fake_uart.context = FAKE_CONTEXT_TASK;
		fake_uart.task_code(fake_uart.task_parameters);
		fake_uart.context = context;
		fake_uart.task_running = false;
	}
	if (!semaphore->count)
		return pdFALSE;
	semaphore->count--;
	return pdTRUE;
}

void vSemaphoreDelete(SemaphoreHandle_t semaphore)
{
	misuse_check();
	queue_delete(semaphore);
}

BaseType_t xTaskCreate(TaskFunction_t code, const char *name, uint32_t stack_bytes, void *parameters, UBaseType_t priority, TaskHandle_t *created)
{
	(void)name;
	misuse_check();
	if (fake_uart.fail_task)
		return pdFALSE;
	fake_uart.task_code = code;
	fake_uart.task_parameters = parameters;
	fake_uart.task_stack = stack_bytes;
	fake_uart.task_priority = priority;
	fake_uart.live_tasks++;
	*created = &the_task;
	return pdPASS;
}

void vTaskDelete(TaskHandle_t task)
{
	(void)task;
	misuse_check();
	fake_uart.task_code = NULL;
	fake_uart.task_parameters = NULL;
	fake_uart.live_tasks--;
}

void portMUX_INITIALIZE(portMUX_TYPE *mux)
{
	mux->owner = -1;
	mux->count = 0;
}

void portENTER_CRITICAL(portMUX_TYPE *mux)
{
	if (fake_uart.critical)
		fake_uart.nested_critical++;
	fake_uart.critical++;
	mux->owner = fake_uart.context;
	mux->count++;
}

void portEXIT_CRITICAL(portMUX_TYPE *mux)
{
	fake_uart.critical--;
	mux->count--;
}

/* The UART driver */

static fake_port_t *installed_port(uart_port_t port)
{
	misuse_check();
	if ((port < 0) || (port >= UART_NUM_MAX) || !fake_uart.ports[port].installed) {
		fake_uart.calls_without_driver++;
		return NULL;
	}
	return &fake_uart.ports[port];
}

esp_err_t uart_param_config(uart_port_t port, const uart_config_t *config)
{
	misuse_check();
	if (fake_uart.fail_param_config || (port < 0) || (port >= UART_NUM_MAX) || (config->baud_rate <= 0) || (config->baud_rate > 5000000))
		return ESP_FAIL;
	fake_uart.ports[port].baud = config->baud_rate;
	return ESP_OK;
}

esp_err_t uart_set_pin(uart_port_t port, int tx_io_num, int rx_io_num, int rts_io_num, int cts_io_num)
{
	misuse_check();
	if (fake_uart.fail_set_pin || (port < 0) || (port >= UART_NUM_MAX) || (rts_io_num != UART_PIN_NO_CHANGE) || (cts_io_num != UART_PIN_NO_CHANGE))
		return ESP_FAIL;
	fake_uart.ports[port].transmit = tx_io_num;
	fake_uart.ports[port].receive = rx_io_num;
	return ESP_OK;
}

esp_err_t uart_driver_install(uart_port_t port, int rx_buffer_size, int tx_buffer_size, int queue_size, QueueHandle_t *uart_queue, int intr_alloc_flags)
{
	fake_port_t *p;
	misuse_check();
	(void)intr_alloc_flags;
	if (fake_uart.fail_install || (port < 0) || (port >= UART_NUM_MAX) || fake_uart.ports[port].installed)
		return ESP_FAIL;
	/* The driver's own rules: an RX ring larger than the FIFO; a TX ring of 0 or larger than the FIFO. */
	if ((rx_buffer_size <= FAKE_FIFO_BYTES) || ((tx_buffer_size != 0) && (tx_buffer_size <= FAKE_FIFO_BYTES)))
		return ESP_FAIL;
	p = &fake_uart.ports[port];
	p->installed = true;
	p->rx_capacity = rx_buffer_size;
	p->tx_capacity = tx_buffer_size;
	p->queue_depth = queue_size;
	p->ring = calloc(1, (size_t)rx_buffer_size);
	p->ring_head = p->ring_tail = p->ring_count = 0;
	p->fifo_count = p->stash_count = 0;
	p->buffer_full = false;
	p->rx_interrupts = true;
	p->overflow = false;
	p->events = (uart_queue && queue_size > 0) ? queue_create((size_t)queue_size, sizeof(uart_event_t)) : NULL;
	if (uart_queue)
		*uart_queue = p->events;
	if (!p->wire)
		p->wire = calloc(1, FAKE_WIRE_BYTES);
	return ESP_OK;
}

esp_err_t uart_driver_delete(uart_port_t port)
{
	fake_port_t *p = installed_port(port);
	if (!p)
		return ESP_OK;
	free(p->ring);
	p->ring = NULL;
	if (p->events)
		queue_delete(p->events);
	p->events = NULL;
	p->installed = false;
	return ESP_OK;
}

bool uart_is_driver_installed(uart_port_t port)
{
	misuse_check();
	return (port >= 0) && (port < UART_NUM_MAX) && fake_uart.ports[port].installed;
}

static void post_event(fake_port_t *p, uart_event_type_t type, size_t size)
{
	uart_event_t event;
	memset(&event, 0, sizeof(event));
	event.type = type;
	event.size = size;
	if (!p->events || (pdTRUE != queue_put(p->events, &event, false)))
		fake_uart.events_dropped++;
	else
		fake_uart.events_posted++;
}

static void ring_put(fake_port_t *p, const uint8_t *bytes, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		p->ring[p->ring_head] = bytes[i];
		p->ring_head = (p->ring_head + 1) % (size_t)p->rx_capacity;
	}
	p->ring_count += count;
}

/* The RX part of the interrupt handler: the FIFO into the ring, or aside when it does not fit. */
static void isr_receive(fake_port_t *p)
{
	size_t count = p->fifo_count;
	if (!p->rx_interrupts || !count)
		return;
	p->fifo_count = 0;
	if ((size_t)p->rx_capacity - p->ring_count >= count) {
		ring_put(p, p->fifo, count);
		post_event(p, UART_DATA, count);
		return;
	}
	memcpy(p->stash, p->fifo, count);
	p->stash_count = count;
	p->buffer_full = true;
	p->rx_interrupts = false;
	post_event(p, UART_BUFFER_FULL, count);
}

/* The interrupt handler: receive first, then a pending FIFO overflow resets the FIFO. */
static void isr(fake_port_t *p, bool timeout)
{
	if (p->rx_interrupts && (timeout ? p->fifo_count > 0 : p->fifo_count >= FAKE_RX_FULL_THRESHOLD))
		isr_receive(p);
	if (p->overflow) {
		p->dropped += (uint32_t)p->fifo_count;
		p->fifo_count = 0;
		p->overflow = false;
		post_event(p, UART_FIFO_OVF, 0);
	}
}

void fake_uart_arrive(uart_port_t port, const uint8_t *bytes, size_t count, bool run_isr)
{
	fake_port_t *p = &fake_uart.ports[port];
	p->line_idle = false;
	for (size_t i = 0; i < count; i++) {
		if (p->fifo_count == FAKE_FIFO_BYTES) {
			p->dropped++;
			p->overflow = true;
		}
		else
			p->fifo[p->fifo_count++] = bytes[i];
		if (run_isr && (p->overflow || (p->rx_interrupts && p->fifo_count >= FAKE_RX_FULL_THRESHOLD)))
			isr(p, false);
	}
	if (!run_isr)
		isr(p, false);
}

void fake_uart_idle(uart_port_t port)
{
	fake_port_t *p = &fake_uart.ports[port];
	p->line_idle = true;
	isr(p, true);
}

size_t fake_uart_queued_events(uart_port_t port)
{
	fake_port_t *p = &fake_uart.ports[port];
	return p->events ? p->events->count : 0;
}

/* After a read made room: the bytes held aside go in and the FIFO is read again. */
static void check_buffer_full(fake_port_t *p)
{
	if (!p->buffer_full || ((size_t)p->rx_capacity - p->ring_count < p->stash_count))
		return;
	ring_put(p, p->stash, p->stash_count);
	p->stash_count = 0;
	p->buffer_full = false;
	p->rx_interrupts = true;
	isr(p, p->line_idle);
}

int uart_read_bytes(uart_port_t port, void *buf, uint32_t length, uint32_t ticks_to_wait)
{
	fake_port_t *p = installed_port(port);
	uint8_t *to = buf;
	size_t copied = 0;
	if (!p)
		return -1;
	/* XS must never wait on the UART; the port's task may, briefly. A wait with nothing to come blocks. */
	if (ticks_to_wait && (FAKE_CONTEXT_TASK != fake_uart.context || ticks_to_wait == portMAX_DELAY))
		fake_uart.blocking_reads++;
	if (ticks_to_wait && length > p->ring_count + p->stash_count)
		fake_uart.blocking_reads++;
	while (copied < length && p->ring_count) {
		/* The ring hands out contiguous pieces, as the IDF's byte buffer does. */
		size_t piece = (size_t)p->rx_capacity - p->ring_tail;
		if (piece > p->ring_count)
			piece = p->ring_count;
		if (piece > length - copied)
			piece = length - copied;
		memcpy(to + copied, p->ring + p->ring_tail, piece);
		p->ring_tail = (p->ring_tail + piece) % (size_t)p->rx_capacity;
		p->ring_count -= piece;
		copied += piece;
		check_buffer_full(p);
	}
	return (int)copied;
}

esp_err_t uart_get_buffered_data_len(uart_port_t port, size_t *size)
{
	fake_port_t *p = installed_port(port);
	if (!p)
		return ESP_FAIL;
	*size = p->ring_count;
	return ESP_OK;
}

int uart_write_bytes(uart_port_t port, const void *src, size_t size)
{
	fake_port_t *p = installed_port(port);
	if (!p)
		return -1;
	if (FAKE_CONTEXT_TASK != fake_uart.context)
		fake_uart.writes_from_xs++;
	if (p->wire_count + size > FAKE_WIRE_BYTES) {
		fprintf(stderr, "fake-uart: the wire capture is full\n");
		abort();
	}
	memcpy(p->wire + p->wire_count, src, size);
	p->wire_count += size;
	p->write_calls++;
	if (size > p->largest_write)
		p->largest_write = size;
	return (int)size;
}

void fake_uart_teardown(void)
{
	for (int port = 0; port < UART_NUM_MAX; port++) {
		fake_port_t *p = &fake_uart.ports[port];
		free(p->wire);
		p->wire = NULL;
	}
}
