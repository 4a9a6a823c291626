/*
 * See modem-serial-core.h. Compiled into the firmware by the board manifest, and into a test
 * program with a fake IDF by test/esp32s3/native-c.test.ts.
 *
 * The TX ring has one writer (the XS task: head) and one reader (the port's task: tail);
 * the counts they share (pending, the notice flags, the figures) change under the spinlock,
 * and no IDF call is made while it is held. Bytes are copied outside it: the writer only
 * fills free space, the reader only sends pending bytes.
 */
#include "modem-serial-core.h"

#include <stdlib.h>
#include <string.h>

/* Our own events in the driver's queue (type UART_EVENT_MAX, told apart by size). */
#define EVENT_WAKE 1 /* bytes were queued for transmission */
#define EVENT_STOP 2 /* close: end the task */
#define STOP_WAIT_MS 1000
#define DISCARD_BYTES 128
#define DISCARD_WAIT_MS 10
#define MAX_CAPACITY 65536

struct modem_serial {
	modem_serial_config_t config;
	portMUX_TYPE lock;
	QueueHandle_t queue;
	SemaphoreHandle_t stopped;
	TaskHandle_t task;
	uint8_t *tx; /* the TX ring while open */
	size_t tx_head;
	size_t tx_tail;
	size_t tx_pending;
	bool open;
	bool owned;       /* the owner has not released the record */
	bool wake_posted; /* a wake event waits in the queue */
	bool in_flight;   /* a message is posted and not yet taken */
	bool rx_notice;
	bool rx_loss;
	bool tx_notice;
	unsigned refs; /* the owner, and each message posted and not done */
	modem_serial_figures_t figures;
	_Alignas(max_align_t) unsigned char host[];
};

static void lock(modem_serial_t *s)
{
	portENTER_CRITICAL(&s->lock);
}

static void unlock(modem_serial_t *s)
{
	portEXIT_CRITICAL(&s->lock);
}

static size_t smaller(size_t a, size_t b)
{
	return a < b ? a : b;
}

esp_err_t modem_serial_create(const modem_serial_config_t *config, modem_serial_t **out)
{
	modem_serial_t *s;

	*out = NULL;
	if (!config->post || (config->port < 0) || (config->port >= UART_NUM_MAX))
		return ESP_ERR_INVALID_ARG;
	if ((config->baud <= 0) || (config->baud > MODEM_SERIAL_MAX_BAUD))
		return ESP_ERR_INVALID_ARG;
	/* The driver needs an RX ring larger than the hardware FIFO. */
	if ((config->rx_capacity <= (size_t)UART_HW_FIFO_LEN(config->port)) || (config->rx_capacity > MAX_CAPACITY))
		return ESP_ERR_INVALID_ARG;
	if (!config->tx_capacity || (config->tx_capacity > MAX_CAPACITY))
		return ESP_ERR_INVALID_ARG;
	s = calloc(1, sizeof(*s) + config->host_bytes);
	if (!s)
		return ESP_ERR_NO_MEM;
	s->config = *config;
	portMUX_INITIALIZE(&s->lock);
	s->owned = true;
	s->refs = 1;
	s->figures.tx_capacity = config->tx_capacity;
	s->figures.rx_capacity = config->rx_capacity;
	*out = s;
	return ESP_OK;
}

void *modem_serial_host(modem_serial_t *s)
{
	return s->host;
}

bool modem_serial_is_open(const modem_serial_t *s)
{
	return s->open;
}

static esp_err_t install_driver(modem_serial_t *s)
{
	const modem_serial_config_t *config = &s->config;
	uart_config_t uart;
	esp_err_t err;

	memset(&uart, 0, sizeof(uart));
	uart.baud_rate = config->baud;
	uart.data_bits = UART_DATA_8_BITS;
	uart.parity = UART_PARITY_DISABLE;
	uart.stop_bits = UART_STOP_BITS_1;
	uart.flow_ctrl = UART_HW_FLOWCTRL_DISABLE;
	uart.source_clk = UART_SCLK_DEFAULT;
	err = uart_param_config(config->port, &uart);
	if (ESP_OK == err)
		err = uart_set_pin(config->port, config->transmit, config->receive, UART_PIN_NO_CHANGE, UART_PIN_NO_CHANGE);
	if (ESP_OK == err)
		/* No TX ring in the driver: ours is exact (a whole write or nothing), and with none
		   uart_write_bytes blocks the calling task, which is only ever ours. */
		err = uart_driver_install(config->port, (int)config->rx_capacity, 0, MODEM_SERIAL_QUEUE_DEPTH, &s->queue, 0);
	return err;
}

esp_err_t modem_serial_start(modem_serial_t *s)
{
	esp_err_t err;

	if (s->open || !s->owned || uart_is_driver_installed(s->config.port))
		return ESP_ERR_INVALID_STATE;
	s->tx = malloc(s->config.tx_capacity);
	if (!s->tx)
		return ESP_ERR_NO_MEM;
	s->tx_head = s->tx_tail = s->tx_pending = 0;
	err = install_driver(s);
	if (ESP_OK != err) {
		free(s->tx);
		s->tx = NULL;
		return err;
	}
	s->stopped = xSemaphoreCreateBinary();
	s->open = true; /* before the task runs: it may post at once */
	if (!s->stopped || (pdPASS != xTaskCreate(modem_serial_task, "modem-serial", MODEM_SERIAL_TASK_STACK_BYTES, s, MODEM_SERIAL_TASK_PRIORITY, &s->task))) {
		s->open = false;
		if (s->stopped)
			vSemaphoreDelete(s->stopped);
		s->stopped = NULL;
		uart_driver_delete(s->config.port);
		s->queue = NULL;
		free(s->tx);
		s->tx = NULL;
		return ESP_ERR_NO_MEM;
	}
	return ESP_OK;
}

static void note_waiting(modem_serial_t *s, size_t waiting)
{
	lock(s);
	if (waiting > s->figures.rx_high_water)
		s->figures.rx_high_water = waiting;
	unlock(s);
}

static size_t buffered(modem_serial_t *s)
{
	size_t waiting = 0;
	if (ESP_OK != uart_get_buffered_data_len(s->config.port, &waiting))
		return 0;
	note_waiting(s, waiting);
	return waiting;
}

size_t modem_serial_readable(modem_serial_t *s)
{
	return s->open ? buffered(s) : 0;
}

size_t modem_serial_read(modem_serial_t *s, uint8_t *to, size_t count)
{
	int got;
	if (!s->open || !count)
		return 0;
	got = uart_read_bytes(s->config.port, to, (uint32_t)count, 0);
	return got > 0 ? (size_t)got : 0;
}

size_t modem_serial_writable(modem_serial_t *s)
{
	size_t free_space;
	lock(s);
	free_space = s->open ? s->config.tx_capacity - s->tx_pending : 0;
	unlock(s);
	return free_space;
}

static void wake_task(modem_serial_t *s)
{
	uart_event_t wake;
	bool send;

	lock(s);
	send = !s->wake_posted;
	s->wake_posted = true;
	unlock(s);
	if (!send)
		return;
	memset(&wake, 0, sizeof(wake));
	wake.type = UART_EVENT_MAX;
	wake.size = EVENT_WAKE;
	/* A full queue means the task has events to handle: it sends after each one. */
	if (pdTRUE != xQueueSend(s->queue, &wake, 0)) {
		lock(s);
		s->wake_posted = false;
		unlock(s);
	}
}

esp_err_t modem_serial_write(modem_serial_t *s, const uint8_t *from, size_t count)
{
	size_t capacity = s->config.tx_capacity, free_space, head, first;

	if (!s->open)
		return ESP_ERR_INVALID_STATE;
	lock(s);
	free_space = capacity - s->tx_pending;
	head = s->tx_head;
	unlock(s);
	if (count > free_space)
		return ESP_ERR_NO_MEM;
	if (!count)
		return ESP_OK;
	first = smaller(count, capacity - head);
	memcpy(s->tx + head, from, first);
	memcpy(s->tx, from + first, count - first);
	lock(s);
	s->tx_head = (head + count) % capacity;
	s->tx_pending += count;
	if (count > s->figures.max_write)
		s->figures.max_write = count;
	unlock(s);
	wake_task(s);
	return ESP_OK;
}

/* Asks the host for a message when a notice is due and none is in flight. */
static void post_notice(modem_serial_t *s)
{
	bool post;

	lock(s);
	post = !s->in_flight && (s->rx_notice || s->tx_notice);
	if (post) {
		s->in_flight = true;
		s->refs++;
	}
	unlock(s);
	if (post && (0 != s->config.post(s))) {
		/* Not posted (XS's queue full): the notice stays due for the next event. */
		lock(s);
		s->in_flight = false;
		s->refs--;
		unlock(s);
	}
}

void modem_serial_notify_writable(modem_serial_t *s)
{
	lock(s);
	s->tx_notice = s->open && s->config.notify_writable;
	unlock(s);
	post_notice(s);
}

void modem_serial_figures(modem_serial_t *s, modem_serial_figures_t *out)
{
	lock(s);
	*out = s->figures;
	unlock(s);
}

uint32_t modem_serial_rx_lost_bytes(modem_serial_t *s)
{
	uint32_t lost;
	lock(s);
	lost = s->figures.rx_lost_bytes;
	unlock(s);
	return lost;
}

bool modem_serial_notice_take(modem_serial_t *s, modem_serial_notice_t *notice)
{
	bool open, rx, loss, tx;

	memset(notice, 0, sizeof(*notice));
	lock(s);
	s->in_flight = false;
	open = s->open;
	rx = s->rx_notice;
	loss = s->rx_loss;
	tx = s->tx_notice;
	s->rx_notice = s->rx_loss = s->tx_notice = false;
	unlock(s);
	if (!open)
		return false;
	if (rx) {
		notice->readable_count = buffered(s);
		/* After a loss, even with nothing waiting: the reader learns of it at once. */
		notice->readable = (notice->readable_count > 0) || loss;
	}
	if (tx) {
		notice->writable = true;
		notice->writable_count = modem_serial_writable(s);
	}
	return true;
}

static void release_reference(modem_serial_t *s)
{
	bool last;
	lock(s);
	last = (0 == --s->refs);
	unlock(s);
	if (last)
		free(s);
}

void modem_serial_notice_done(modem_serial_t *s)
{
	release_reference(s);
}

/* Bytes sent at the configured rate in one chunk, in ms, rounded up (8N1: 10 bits a byte). */
static TickType_t chunk_ticks(const modem_serial_t *s)
{
	return pdMS_TO_TICKS((MODEM_SERIAL_TX_CHUNK * 10 * 1000) / s->config.baud + 1);
}

esp_err_t modem_serial_close(modem_serial_t *s)
{
	uart_event_t stop;

	if (!s->open)
		return ESP_OK;
	memset(&stop, 0, sizeof(stop));
	stop.type = UART_EVENT_MAX;
	stop.size = EVENT_STOP;
	if (pdTRUE != xQueueSendToFront(s->queue, &stop, pdMS_TO_TICKS(STOP_WAIT_MS)))
		return ESP_ERR_TIMEOUT;
	if (pdTRUE != xSemaphoreTake(s->stopped, pdMS_TO_TICKS(STOP_WAIT_MS) + chunk_ticks(s)))
		return ESP_ERR_TIMEOUT;
	lock(s);
	s->open = false;
	s->figures.tx_discarded_bytes += (uint32_t)s->tx_pending;
	s->tx_pending = s->tx_head = s->tx_tail = 0;
	s->rx_notice = s->rx_loss = s->tx_notice = s->wake_posted = false;
	unlock(s);
	vSemaphoreDelete(s->stopped);
	s->stopped = NULL;
	s->task = NULL;
	uart_driver_delete(s->config.port); /* frees the RX ring and the event queue */
	s->queue = NULL;
	free(s->tx);
	s->tx = NULL;
	return ESP_OK;
}

void modem_serial_release(modem_serial_t *s)
{
	if (!s || !s->owned)
		return;
	/* A task that did not stop may still use the record: keep it rather than free it under the task. */
	if (s->open && (ESP_OK != modem_serial_close(s)))
		return;
	s->owned = false;
	release_reference(s);
}

/* Empties the RX ring after an overflow, counting what it discards; one more byte for a FIFO
   overflow, whose count the hardware does not keep (at least one was dropped). Each read asks
   for no more than waits, so the short wait only covers an XS read holding the driver's RX
   mutex (uart_read_bytes gives up at once without it); the bytes the driver held aside when
   its ring was full come in as room is made, and are read in turn. */
static void discard_input(modem_serial_t *s, uint32_t overflowed)
{
	uint8_t scratch[DISCARD_BYTES];
	uint32_t discarded = 0;
	size_t waiting;
	int got;

	while ((waiting = buffered(s)) > 0) {
		got = uart_read_bytes(s->config.port, scratch, (uint32_t)smaller(waiting, sizeof(scratch)), pdMS_TO_TICKS(DISCARD_WAIT_MS));
		if (got <= 0)
			break;
		discarded += (uint32_t)got;
	}
	lock(s);
	s->figures.rx_lost_bytes += discarded + overflowed;
	s->rx_notice = s->config.notify_readable;
	s->rx_loss = true;
	unlock(s);
}

/* False for the stop event. */
static bool handle_event(modem_serial_t *s, const uart_event_t *event)
{
	switch (event->type) {
	case UART_DATA:
		(void)buffered(s);
		lock(s);
		s->rx_notice = s->config.notify_readable;
		unlock(s);
		break;
	case UART_BUFFER_FULL:
		/* The driver holds one FIFO's worth it could not store and stops reading the FIFO. */
		discard_input(s, 0);
		break;
	case UART_FIFO_OVF:
		discard_input(s, 1);
		break;
	case UART_EVENT_MAX:
		if (EVENT_STOP == event->size)
			return false;
		lock(s);
		s->wake_posted = false;
		unlock(s);
		break;
	default:
		/* Break, framing and parity errors: the bytes are in the ring for the reader. */
		break;
	}
	return true;
}

static size_t tx_pending(modem_serial_t *s)
{
	size_t pending;
	lock(s);
	pending = s->tx_pending;
	unlock(s);
	return pending;
}

/* Sends up to one chunk from the tail (blocking this task until it is in the UART's FIFO). */
static void transmit_chunk(modem_serial_t *s)
{
	size_t capacity = s->config.tx_capacity, tail, count;
	int sent;

	lock(s);
	tail = s->tx_tail;
	count = smaller(smaller(s->tx_pending, capacity - tail), MODEM_SERIAL_TX_CHUNK);
	unlock(s);
	if (!count)
		return;
	sent = uart_write_bytes(s->config.port, s->tx + tail, count);
	lock(s);
	if (sent < 0) {
		/* The driver refused: nothing more can be sent, so the bytes are counted, not retried forever. */
		s->figures.tx_discarded_bytes += (uint32_t)s->tx_pending;
		s->tx_head = s->tx_tail = s->tx_pending = 0;
	}
	else {
		s->tx_tail = (tail + (size_t)sent) % capacity;
		s->tx_pending -= (size_t)sent;
	}
	s->tx_notice = s->config.notify_writable;
	unlock(s);
}

bool modem_serial_task_step(modem_serial_t *s, TickType_t wait)
{
	uart_event_t event;

	if (pdTRUE == xQueueReceive(s->queue, &event, tx_pending(s) ? 0 : wait)) {
		if (!handle_event(s, &event))
			return false;
	}
	if (tx_pending(s))
		transmit_chunk(s);
	post_notice(s);
	return true;
}

void modem_serial_task(void *serial)
{
	modem_serial_t *s = serial;

	while (modem_serial_task_step(s, portMAX_DELAY))
		;
	xSemaphoreGive(s->stopped);
	vTaskDelete(NULL);
}
