/*
 * The ESP-IDF surface the modem port uses: the UART driver and FreeRTOS queues, semaphores,
 * tasks and spinlocks. The real IDF headers on the device; our own declarations
 * (uart-idf-shim.h) when compiled on a development machine for checks and tests.
 */
#ifndef MODEM_SERIAL_IDF_H
#define MODEM_SERIAL_IDF_H

#ifdef BOARD_IDF_SHIM
#include "idf-shim.h"
#include "uart-idf-shim.h"
#else
#include "esp_err.h"
#include "freertos/FreeRTOS.h"
#include "freertos/queue.h"
#include "freertos/semphr.h"
#include "freertos/task.h"
#include "driver/uart.h"
#endif

#endif
