/*
 * Unit tests of hosts/esp32s3/native/modem-serial-core.c against fake-uart.c, built with
 * ASan, UBSan and LeakSanitizer by test/esp32s3/native-c.test.ts. Prints one "ok"/"not ok"
 * line per check and exits non-zero when any fails. The test plays the XS task (posted
 * messages are delivered when it says so) and runs the port's task one turn at a time.
 */
#include <stdio.h>
#include <string.h>

#include "modem-serial-core.h"
#include "fake-uart.h"
#include "check.h"

#define PORT 1
#define WIRE(port) (fake_uart.ports[port].wire)

/* The XS task as the test plays it: its message queue and the callbacks' records. */
static struct {
	modem_serial_t *messages[64];
	size_t message_count;
	unsigned posts;
	int in_flight;
	int most_in_flight;
	unsigned fail_posts;
	unsigned readable_calls;
	size_t last_readable;
	unsigned writable_calls;
	size_t last_writable;
	bool read_on_readable;
	uint8_t received[16384];
	size_t received_count;
} xs;

static int post(modem_serial_t *serial)
{
	if (xs.fail_posts || (xs.message_count == sizeof(xs.messages) / sizeof(xs.messages[0]))) {
		/* A post that fails, as modMessagePostToMachine's does when XS's queue is full. */
		if (xs.fail_posts)
			xs.fail_posts--;
		return -2;
	}
	xs.posts++;
	xs.in_flight++;
	if (xs.in_flight > xs.most_in_flight)
		xs.most_in_flight = xs.in_flight;
	xs.messages[xs.message_count++] = serial;
	return 0;
}

static void read_all(modem_serial_t *s)
{
	size_t got;
	while ((got = modem_serial_read(s, xs.received + xs.received_count, sizeof(xs.received) - xs.received_count)) > 0)
		xs.received_count += got;
}

/* Delivers the oldest posted message as the glue does. */
static bool deliver(void)
{
	modem_serial_notice_t notice;
	modem_serial_t *s;
	if (!xs.message_count)
		return false;
	s = xs.messages[0];
	memmove(xs.messages, xs.messages + 1, --xs.message_count * sizeof(xs.messages[0]));
	xs.in_flight--;
	if (modem_serial_notice_take(s, &notice)) {
		if (notice.readable) {
			xs.readable_calls++;
			xs.last_readable = notice.readable_count;
			if (xs.read_on_readable)
				read_all(s);
		}
		if (notice.writable) {
			xs.writable_calls++;
			xs.last_writable = notice.writable_count;
		}
	}
	modem_serial_notice_done(s);
	return true;
}

/* Whether the port's task waits on its empty queue with nothing to send: only an event
   wakes it then (bytes queued meanwhile do not, unless the write posts one). */
static bool task_asleep;

/* The port's task runs until it has nothing left to do. */
static void run_task(modem_serial_t *s)
{
	if (task_asleep && !fake_uart_queued_events(PORT))
		return;
	fake_uart.context = FAKE_CONTEXT_TASK;
	for (int turns = 0; turns < 100000; turns++) {
		if (!fake_uart_queued_events(PORT) && (modem_serial_writable(s) == MODEM_SERIAL_TX_CAPACITY))
			break;
		modem_serial_task_step(s, 0);
	}
	fake_uart.context = FAKE_CONTEXT_XS;
	task_asleep = true;
}

static void run_task_turns(modem_serial_t *s, int turns)
{
	fake_uart.context = FAKE_CONTEXT_TASK;
	while (turns--)
		modem_serial_task_step(s, 0);
	fake_uart.context = FAKE_CONTEXT_XS;
	task_asleep = !fake_uart_queued_events(PORT) && (modem_serial_writable(s) == MODEM_SERIAL_TX_CAPACITY);
}

/* Bytes arrive on RX while the port's task keeps up (it has a higher priority than XS). */
static void arrive(modem_serial_t *s, const uint8_t *bytes, size_t count)
{
	for (size_t at = 0; at < count; at += 60) {
		size_t piece = count - at < 60 ? count - at : 60;
		fake_uart_arrive(PORT, bytes + at, piece, true);
		run_task(s);
	}
	fake_uart_idle(PORT);
	run_task(s);
}

static uint8_t pattern[20000];

static void begin(void)
{
	fake_uart_teardown();
	fake_uart_reset();
	memset(&xs, 0, sizeof(xs));
	task_asleep = true;
	for (size_t i = 0; i < sizeof(pattern); i++)
		pattern[i] = (uint8_t)((i * 7 + i / 251) & 0xff);
}

static modem_serial_config_t config_for(bool readable, bool writable)
{
	modem_serial_config_t config;
	memset(&config, 0, sizeof(config));
	config.port = PORT;
	config.transmit = 12;
	config.receive = 11;
	config.baud = 115200;
	config.rx_capacity = MODEM_SERIAL_RX_CAPACITY;
	config.tx_capacity = MODEM_SERIAL_TX_CAPACITY;
	config.notify_readable = readable;
	config.notify_writable = writable;
	config.post = post;
	config.host_bytes = 16;
	return config;
}

static modem_serial_t *open_port(bool readable, bool writable)
{
	modem_serial_config_t config = config_for(readable, writable);
	modem_serial_t *s = NULL;
	if ((ESP_OK != modem_serial_create(&config, &s)) || (ESP_OK != modem_serial_start(s)))
		return NULL;
	return s;
}

/* No misuse of the IDF, nothing left running or installed. */
static void finish(const char *test, modem_serial_t *s)
{
	char name[160];
	if (s)
		modem_serial_release(s);
	while (deliver())
		;
	snprintf(name, sizeof(name), "%s: no IDF call in a critical section, none nested", test);
	CHECK(!fake_uart.calls_in_critical && !fake_uart.nested_critical, name);
	snprintf(name, sizeof(name), "%s: never a blocking read, never a UART write from XS, no call without a driver", test);
	CHECK(!fake_uart.blocking_reads && !fake_uart.writes_from_xs && !fake_uart.calls_without_driver, name);
	snprintf(name, sizeof(name), "%s: driver deleted, task ended, queues freed", test);
	CHECK(!fake_uart.ports[PORT].installed && !fake_uart.live_tasks && !fake_uart.live_queues, name);
}

static void test_open_and_close(void)
{
	modem_serial_figures_t figures;
	modem_serial_t *s;
	begin();
	s = open_port(true, true);
	CHECK(s && modem_serial_is_open(s), "open: started");
	CHECK(fake_uart.ports[PORT].installed && 8192 == fake_uart.ports[PORT].rx_capacity, "open: driver with an 8192-byte RX ring");
	CHECK(0 == fake_uart.ports[PORT].tx_capacity, "open: no driver TX ring (ours is exact)");
	CHECK(MODEM_SERIAL_QUEUE_DEPTH == fake_uart.ports[PORT].queue_depth, "open: event queue");
	CHECK(115200 == fake_uart.ports[PORT].baud && 12 == fake_uart.ports[PORT].transmit && 11 == fake_uart.ports[PORT].receive, "open: rate and pins");
	CHECK(1 == fake_uart.live_tasks && 3072 == fake_uart.task_stack && 10 == fake_uart.task_priority, "open: one task, 3 KB stack, above XS");
	modem_serial_figures(s, &figures);
	CHECK(4096 == figures.tx_capacity && 8192 == figures.rx_capacity && !figures.max_write && !figures.rx_high_water && !figures.rx_lost_bytes, "open: figures");
	CHECK(4096 == modem_serial_writable(s) && 0 == modem_serial_readable(s), "open: all TX space free, nothing to read");
	CHECK(ESP_OK == modem_serial_close(s) && !modem_serial_is_open(s), "close: closed");
	CHECK(ESP_OK == modem_serial_close(s), "close: a second close does nothing");
	finish("open and close", s);
}

static void test_bad_config(void)
{
	modem_serial_config_t config;
	modem_serial_t *s = (modem_serial_t *)1;
	begin();
	config = config_for(true, true);
	config.baud = 0;
	CHECK(ESP_ERR_INVALID_ARG == modem_serial_create(&config, &s) && !s, "config: rate 0 refused");
	config = config_for(true, true);
	config.rx_capacity = 128;
	CHECK(ESP_ERR_INVALID_ARG == modem_serial_create(&config, &s), "config: RX ring no larger than the FIFO refused");
	config = config_for(true, true);
	config.tx_capacity = 0;
	CHECK(ESP_ERR_INVALID_ARG == modem_serial_create(&config, &s), "config: no TX ring refused");
	config = config_for(true, true);
	config.port = UART_NUM_MAX;
	CHECK(ESP_ERR_INVALID_ARG == modem_serial_create(&config, &s), "config: port out of range refused");
	config = config_for(true, true);
	fake_uart.fail_alloc = 1;
	CHECK(ESP_ERR_NO_MEM == modem_serial_create(&config, &s) && !s, "config: no memory for the record");
	finish("bad config", NULL);
}

static void check_failed_start(const char *what, unsigned *failure, unsigned value)
{
	modem_serial_config_t config = config_for(true, true);
	modem_serial_t *s = NULL;
	char name[128];
	begin();
	CHECK(ESP_OK == modem_serial_create(&config, &s), "start failure: created");
	*failure = value;
	snprintf(name, sizeof(name), "start failure (%s): an error, nothing open", what);
	CHECK(ESP_OK != modem_serial_start(s) && !modem_serial_is_open(s), name);
	snprintf(name, sizeof(name), "start failure (%s): no driver, task or queue left", what);
	CHECK(!fake_uart.ports[PORT].installed && !fake_uart.live_tasks && !fake_uart.live_queues, name);
	finish(what, s);
}

static void test_start_failures(void)
{
	check_failed_start("uart_param_config", &fake_uart.fail_param_config, 1);
	check_failed_start("uart_set_pin", &fake_uart.fail_set_pin, 1);
	check_failed_start("uart_driver_install", &fake_uart.fail_install, 1);
	check_failed_start("semaphore", &fake_uart.fail_semaphore, 1);
	check_failed_start("task", &fake_uart.fail_task, 1);
	check_failed_start("TX ring memory", &fake_uart.fail_alloc, 2);
}

static void test_port_in_use(void)
{
	modem_serial_config_t config = config_for(true, true);
	modem_serial_t *first, *second = NULL;
	begin();
	first = open_port(true, true);
	CHECK(ESP_OK == modem_serial_create(&config, &second), "in use: second record");
	CHECK(ESP_ERR_INVALID_STATE == modem_serial_start(second), "in use: a port with a driver is refused");
	modem_serial_release(second);
	CHECK(ESP_OK == modem_serial_write(first, pattern, 10), "in use: the first port still writes");
	run_task(first);
	CHECK(10 == fake_uart.ports[PORT].wire_count, "in use: and sends");
	finish("port in use", first);
}

static void test_write_sent_in_order(void)
{
	modem_serial_t *s;
	begin();
	s = open_port(true, true);
	CHECK(ESP_OK == modem_serial_write(s, pattern, 1000), "write: 1000 bytes queued");
	CHECK(0 == fake_uart.ports[PORT].wire_count, "write: nothing sent from the XS task");
	run_task(s);
	CHECK(1000 == fake_uart.ports[PORT].wire_count && !memcmp(WIRE(PORT), pattern, 1000), "write: the task sent them in order");
	CHECK(fake_uart.ports[PORT].largest_write <= MODEM_SERIAL_TX_CHUNK, "write: in chunks of at most 256 bytes");
	CHECK(4096 == modem_serial_writable(s), "write: the space is free again");
	finish("write", s);
}

static void test_write_refused_whole(void)
{
	modem_serial_figures_t figures;
	modem_serial_t *s;
	begin();
	s = open_port(true, true);
	CHECK(ESP_ERR_NO_MEM == modem_serial_write(s, pattern, 4097), "refuse: 4097 bytes never fit");
	CHECK(ESP_OK == modem_serial_write(s, pattern, 4000), "refuse: 4000 bytes queued");
	CHECK(96 == modem_serial_writable(s), "refuse: 96 bytes free");
	CHECK(ESP_ERR_NO_MEM == modem_serial_write(s, pattern + 4000, 97), "refuse: 97 bytes refused");
	CHECK(96 == modem_serial_writable(s), "refuse: nothing of them queued");
	CHECK(ESP_OK == modem_serial_write(s, pattern + 4000, 96), "refuse: 96 bytes fill the ring");
	CHECK(0 == modem_serial_writable(s) && ESP_ERR_NO_MEM == modem_serial_write(s, pattern, 1), "refuse: a full ring takes no byte");
	CHECK(ESP_OK == modem_serial_write(s, pattern, 0), "refuse: an empty write is accepted");
	run_task(s);
	CHECK(4096 == fake_uart.ports[PORT].wire_count && !memcmp(WIRE(PORT), pattern, 4096), "refuse: exactly the accepted bytes went out");
	modem_serial_figures(s, &figures);
	CHECK(4000 == figures.max_write, "refuse: the largest write is the largest accepted");
	finish("refuse", s);
}

static void test_tx_ring_wraps(void)
{
	modem_serial_t *s;
	begin();
	s = open_port(true, true);
	CHECK(ESP_OK == modem_serial_write(s, pattern, 3000), "wrap: first 3000");
	run_task(s);
	CHECK(ESP_OK == modem_serial_write(s, pattern + 3000, 3000), "wrap: 3000 more across the ring's end");
	run_task(s);
	CHECK(6000 == fake_uart.ports[PORT].wire_count && !memcmp(WIRE(PORT), pattern, 6000), "wrap: all in order");
	CHECK(ESP_OK == modem_serial_write(s, pattern + 6000, 2500), "wrap: 2500 queued");
	run_task_turns(s, 2);
	CHECK(6512 == fake_uart.ports[PORT].wire_count, "wrap: two chunks sent");
	CHECK(2108 == modem_serial_writable(s) && ESP_OK == modem_serial_write(s, pattern + 8500, 2108), "wrap: a write into the space the chunks freed, across the end");
	run_task(s);
	CHECK(10608 == fake_uart.ports[PORT].wire_count && !memcmp(WIRE(PORT), pattern, 10608), "wrap: still in order");
	finish("wrap", s);
}

static void test_writable_notices(void)
{
	modem_serial_t *s;
	begin();
	s = open_port(true, true);
	modem_serial_notify_writable(s);
	CHECK(1 == xs.posts, "onWritable: one message after open");
	deliver();
	CHECK(1 == xs.writable_calls && 4096 == xs.last_writable, "onWritable: with the free space");
	run_task(s);
	CHECK(1 == xs.posts, "onWritable: none while nothing is written");
	modem_serial_write(s, pattern, 1000);
	run_task(s);
	deliver();
	CHECK(2 == xs.writable_calls && 4096 == xs.last_writable, "onWritable: again once the bytes are out");
	finish("onWritable", s);
	begin();
	s = open_port(true, false);
	modem_serial_notify_writable(s);
	modem_serial_write(s, pattern, 1000);
	run_task(s);
	CHECK(0 == xs.posts, "onWritable: no messages without a callback");
	finish("no onWritable", s);
}

static void test_readable(void)
{
	modem_serial_t *s;
	begin();
	s = open_port(true, true);
	arrive(s, pattern, 300);
	CHECK(1 == xs.posts, "onReadable: one message");
	deliver();
	CHECK(1 == xs.readable_calls && 300 == xs.last_readable, "onReadable: with the bytes waiting");
	CHECK(300 == modem_serial_readable(s), "read: 300 waiting");
	read_all(s);
	CHECK(300 == xs.received_count && !memcmp(xs.received, pattern, 300), "read: the bytes in order");
	CHECK(0 == modem_serial_readable(s), "read: nothing left");
	xs.received_count = 0;
	arrive(s, pattern, 50);
	CHECK(20 == modem_serial_read(s, xs.received, 20) && 30 == modem_serial_readable(s), "read(n): at most n");
	finish("readable", s);
	begin();
	s = open_port(false, false);
	arrive(s, pattern, 300);
	CHECK(0 == xs.posts && 300 == modem_serial_readable(s), "no onReadable: no messages, bytes kept");
	finish("no onReadable", s);
}

static void test_one_message_in_flight(void)
{
	modem_serial_t *s;
	begin();
	s = open_port(true, true);
	arrive(s, pattern, 1200);
	CHECK(10 == fake_uart.events_posted && 1 == xs.posts, "in flight: ten RX events, one message");
	deliver();
	CHECK(1200 == xs.last_readable, "in flight: it reports all 1200 bytes");
	modem_serial_write(s, pattern, 2000);
	arrive(s, pattern, 600);
	CHECK(2 == xs.posts, "in flight: the next events, the next message");
	CHECK(1 == xs.most_in_flight, "in flight: never two at a time");
	finish("in flight", s);
}

static void test_high_water(void)
{
	modem_serial_figures_t figures;
	modem_serial_t *s;
	begin();
	s = open_port(true, true);
	arrive(s, pattern, 5000);
	modem_serial_figures(s, &figures);
	CHECK(5000 == figures.rx_high_water, "high water: 5000 bytes waited");
	read_all(s);
	arrive(s, pattern, 100);
	modem_serial_figures(s, &figures);
	CHECK(5000 == figures.rx_high_water && 100 == modem_serial_readable(s), "high water: kept after the ring emptied");
	finish("high water", s);
}

static void test_rx_ring_wraps(void)
{
	modem_serial_t *s;
	begin();
	s = open_port(true, true);
	arrive(s, pattern, 6000);
	read_all(s);
	arrive(s, pattern + 6000, 6000);
	read_all(s);
	CHECK(12000 == xs.received_count && !memcmp(xs.received, pattern, 12000), "RX wrap: 12000 bytes through an 8192-byte ring, in order");
	CHECK(0 == modem_serial_rx_lost_bytes(s), "RX wrap: nothing lost");
	finish("RX wrap", s);
}

static void test_rx_ring_overflow(void)
{
	modem_serial_figures_t figures;
	modem_serial_t *s;
	begin();
	s = open_port(true, true);
	arrive(s, pattern, 9000); /* XS reads nothing meanwhile */
	modem_serial_figures(s, &figures);
	CHECK(8280 == figures.rx_lost_bytes && 8280 == modem_serial_rx_lost_bytes(s), "overflow: the full ring and the FIFO's bytes counted lost");
	CHECK(8160 == figures.rx_high_water, "overflow: high water 8160 (the next 120 did not fit)");
	xs.read_on_readable = true;
	deliver();
	CHECK(1 == xs.readable_calls && 720 == xs.last_readable, "overflow: onReadable with the bytes after the loss");
	CHECK(720 == xs.received_count && !memcmp(xs.received, pattern + 8280, 720), "overflow: the reader gets only bytes after the gap");
	CHECK(xs.received_count + figures.rx_lost_bytes == 9000 && !fake_uart.events_dropped, "overflow: every byte read or counted");
	finish("overflow", s);
}

static void test_loss_reported_with_nothing_waiting(void)
{
	modem_serial_t *s;
	begin();
	s = open_port(true, true);
	arrive(s, pattern, 8280);
	deliver();
	CHECK(1 == xs.readable_calls && 0 == xs.last_readable, "loss: onReadable(0) so the reader sees the loss");
	CHECK(8280 == modem_serial_rx_lost_bytes(s), "loss: counted");
	finish("loss notice", s);
}

static void test_fifo_overflow(void)
{
	uint32_t lost;
	modem_serial_t *s;
	begin();
	s = open_port(true, true);
	fake_uart_arrive(PORT, pattern, 200, false); /* the interrupt handler could not run */
	run_task(s);
	lost = modem_serial_rx_lost_bytes(s);
	CHECK(72 == fake_uart.ports[PORT].dropped, "FIFO overflow: the hardware dropped 72");
	CHECK(129 == lost && lost <= 200, "FIFO overflow: the ring discarded and one for the overflow");
	CHECK(0 == modem_serial_readable(s), "FIFO overflow: nothing from before the gap left to read");
	deliver();
	CHECK(1 == xs.readable_calls, "FIFO overflow: the reader is told");
	finish("FIFO overflow", s);
}

static void test_close_discards_pending(void)
{
	modem_serial_figures_t figures;
	uint8_t byte;
	modem_serial_t *s;
	begin();
	s = open_port(true, true);
	modem_serial_write(s, pattern, 3000);
	run_task_turns(s, 1);
	fake_uart_arrive(PORT, pattern, 100, true);
	fake_uart_idle(PORT); /* 100 bytes wait in the RX ring, their event not yet handled */
	CHECK(ESP_OK == modem_serial_close(s), "close pending: closed");
	CHECK(256 == fake_uart.ports[PORT].wire_count, "close pending: only the chunk in progress went out");
	modem_serial_figures(s, &figures);
	CHECK(3000 - 256 == figures.tx_discarded_bytes, "close pending: the rest counted discarded");
	CHECK(ESP_ERR_INVALID_STATE == modem_serial_write(s, pattern, 1) && 0 == modem_serial_read(s, &byte, 1), "close pending: no write or read after close");
	CHECK(0 == modem_serial_writable(s) && 0 == modem_serial_readable(s), "close pending: no space, nothing to read");
	finish("close pending", s);
}

static void test_close_with_message_in_flight(void)
{
	modem_serial_t *s;
	begin();
	s = open_port(true, true);
	arrive(s, pattern, 300);
	CHECK(1 == xs.message_count, "in-flight close: a message waits");
	modem_serial_close(s);
	deliver();
	CHECK(0 == xs.readable_calls, "in-flight close: no callback after close");
	finish("in-flight close", s);
	begin();
	s = open_port(true, true);
	arrive(s, pattern, 300);
	modem_serial_release(s); /* garbage-collected with a message in flight */
	CHECK(!fake_uart.ports[PORT].installed, "in-flight release: the driver is gone");
	deliver(); /* ASan: the record must still be there; LeakSanitizer: freed now */
	CHECK(0 == xs.readable_calls, "in-flight release: no callback");
	finish("in-flight release", NULL);
}

static void test_task_that_does_not_stop(void)
{
	modem_serial_t *s;
	begin();
	s = open_port(true, true);
	fake_uart.task_stuck = true;
	CHECK(ESP_ERR_TIMEOUT == modem_serial_close(s), "stuck task: close times out");
	CHECK(modem_serial_is_open(s) && fake_uart.ports[PORT].installed, "stuck task: nothing released under it");
	modem_serial_release(s);
	CHECK(fake_uart.ports[PORT].installed, "stuck task: release keeps the record");
	fake_uart.task_stuck = false;
	CHECK(ESP_OK == modem_serial_close(s), "stuck task: closes once it stops");
	finish("stuck task", s);
}

static void test_post_failure_retried(void)
{
	modem_serial_t *s;
	begin();
	s = open_port(true, true);
	xs.fail_posts = 1;
	arrive(s, pattern, 60);
	CHECK(0 == xs.posts, "post failure: not posted");
	arrive(s, pattern, 60);
	CHECK(1 == xs.posts, "post failure: posted at the next event");
	deliver();
	CHECK(120 == xs.last_readable, "post failure: nothing missed");
	finish("post failure", s);
}

static void test_wake_with_full_queue(void)
{
	modem_serial_t *s;
	begin();
	s = open_port(true, true);
	for (int i = 0; i < MODEM_SERIAL_QUEUE_DEPTH; i++) {
		fake_uart_arrive(PORT, pattern, 10, true);
		fake_uart_idle(PORT);
	}
	CHECK(MODEM_SERIAL_QUEUE_DEPTH == fake_uart_queued_events(PORT), "full queue: the task is behind");
	CHECK(ESP_OK == modem_serial_write(s, pattern, 2000), "full queue: a write is still accepted");
	run_task(s);
	CHECK(2000 == fake_uart.ports[PORT].wire_count, "full queue: and sent once the task catches up");
	finish("full queue", s);
}

int main(void)
{
	test_open_and_close();
	test_bad_config();
	test_start_failures();
	test_port_in_use();
	test_write_sent_in_order();
	test_write_refused_whole();
	test_tx_ring_wraps();
	test_writable_notices();
	test_readable();
	test_one_message_in_flight();
	test_high_water();
	test_rx_ring_wraps();
	test_rx_ring_overflow();
	test_loss_reported_with_nothing_waiting();
	test_fifo_overflow();
	test_close_discards_pending();
	test_close_with_message_in_flight();
	test_task_that_does_not_stop();
	test_post_failure_retried();
	test_wake_with_full_queue();
	fake_uart_teardown();
	printf("%s\n", failures ? "FAILED" : "PASSED");
	return failures ? 1 : 0;
}
