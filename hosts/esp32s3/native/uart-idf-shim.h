/*
 * Our own declarations of the ESP-IDF v6.0 UART driver and FreeRTOS calls that the modem
 * port (modem-serial-core.c) uses, so it compiles and is unit-tested on a development
 * machine without ESP-IDF (BOARD_IDF_SHIM). Names, types and values follow the IDF's public
 * headers (driver/uart.h, hal/uart_types.h, freertos/queue.h, semphr.h, task.h) for an ESP32-S3; where the IDF
 * has a macro (xQueueSend, xSemaphoreTake, portENTER_CRITICAL, ...) this declares a
 * function of the same name and arguments. The device build includes the real headers.
 */
#ifndef UART_IDF_SHIM_H
#define UART_IDF_SHIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* FreeRTOS (ESP-IDF port: stack depths are in bytes, CONFIG_FREERTOS_HZ 1000 as in the SDK's esp32s3 sdkconfig) */
typedef int BaseType_t;
typedef unsigned int UBaseType_t;
typedef uint32_t TickType_t;
#define pdFALSE 0
#define pdTRUE 1
#define pdPASS pdTRUE
#define portMAX_DELAY ((TickType_t)0xffffffffUL)
#define pdMS_TO_TICKS(ms) ((TickType_t)(ms))

typedef struct fake_queue *QueueHandle_t;
typedef QueueHandle_t SemaphoreHandle_t;
typedef struct fake_task *TaskHandle_t;
typedef void (*TaskFunction_t)(void *);

BaseType_t xQueueReceive(QueueHandle_t queue, void *item, TickType_t ticks_to_wait);
BaseType_t xQueueSend(QueueHandle_t queue, const void *item, TickType_t ticks_to_wait);
BaseType_t xQueueSendToFront(QueueHandle_t queue, const void *item, TickType_t ticks_to_wait);

SemaphoreHandle_t xSemaphoreCreateBinary(void);
BaseType_t xSemaphoreGive(SemaphoreHandle_t semaphore);
BaseType_t xSemaphoreTake(SemaphoreHandle_t semaphore, TickType_t ticks_to_wait);
void vSemaphoreDelete(SemaphoreHandle_t semaphore);

BaseType_t xTaskCreate(TaskFunction_t code, const char *name, uint32_t stack_bytes, void *parameters, UBaseType_t priority, TaskHandle_t *created);
void vTaskDelete(TaskHandle_t task);

typedef struct {
	int owner;
	int count;
} portMUX_TYPE;
void portMUX_INITIALIZE(portMUX_TYPE *mux);
void portENTER_CRITICAL(portMUX_TYPE *mux);
void portEXIT_CRITICAL(portMUX_TYPE *mux);

/* hal/uart_types.h */
typedef int uart_port_t;
#define UART_NUM_0 0
#define UART_NUM_1 1
#define UART_NUM_MAX 3
typedef enum { UART_DATA_5_BITS = 0x0, UART_DATA_6_BITS = 0x1, UART_DATA_7_BITS = 0x2, UART_DATA_8_BITS = 0x3 } uart_word_length_t;
typedef enum { UART_STOP_BITS_1 = 0x1, UART_STOP_BITS_1_5 = 0x2, UART_STOP_BITS_2 = 0x3 } uart_stop_bits_t;
typedef enum { UART_PARITY_DISABLE = 0x0, UART_PARITY_EVEN = 0x2, UART_PARITY_ODD = 0x3 } uart_parity_t;
typedef enum { UART_HW_FLOWCTRL_DISABLE = 0x0 } uart_hw_flowcontrol_t;
typedef enum { UART_SCLK_APB = 1, UART_SCLK_DEFAULT = 1 } uart_sclk_t;

/* driver/uart.h */
#define UART_PIN_NO_CHANGE (-1)
#define UART_HW_FIFO_LEN(uart_num) 128
typedef struct {
	int baud_rate;
	uart_word_length_t data_bits;
	uart_parity_t parity;
	uart_stop_bits_t stop_bits;
	uart_hw_flowcontrol_t flow_ctrl;
	uint8_t rx_flow_ctrl_thresh;
	uart_sclk_t source_clk;
} uart_config_t;

typedef enum {
	UART_DATA,
	UART_BREAK,
	UART_BUFFER_FULL,
	UART_FIFO_OVF,
	UART_FRAME_ERR,
	UART_PARITY_ERR,
	UART_DATA_BREAK,
	UART_PATTERN_DET,
	UART_WAKEUP,
	UART_EVENT_MAX,
} uart_event_type_t;

typedef struct {
	uart_event_type_t type;
	size_t size;
	bool timeout_flag;
} uart_event_t;

esp_err_t uart_param_config(uart_port_t uart_num, const uart_config_t *uart_config);
esp_err_t uart_set_pin(uart_port_t uart_num, int tx_io_num, int rx_io_num, int rts_io_num, int cts_io_num);
esp_err_t uart_driver_install(uart_port_t uart_num, int rx_buffer_size, int tx_buffer_size, int queue_size, QueueHandle_t *uart_queue, int intr_alloc_flags);
esp_err_t uart_driver_delete(uart_port_t uart_num);
bool uart_is_driver_installed(uart_port_t uart_num);
int uart_write_bytes(uart_port_t uart_num, const void *src, size_t size);
int uart_read_bytes(uart_port_t uart_num, void *buf, uint32_t length, uint32_t ticks_to_wait);
esp_err_t uart_get_buffered_data_len(uart_port_t uart_num, size_t *size);

#endif
