/*
 * The ESP-IDF surface the board natives use: the real IDF headers on the device, our own
 * declarations (idf-shim.h) when compiled on a development machine for checks and tests.
 */
#ifndef BOARD_IDF_H
#define BOARD_IDF_H

#ifdef BOARD_IDF_SHIM
#include "idf-shim.h"
#else
#include "sdkconfig.h"
#include "esp_err.h"
#include "esp_chip_info.h"
#include "esp_flash.h"
#include "esp_system.h"
#include "esp_mac.h"
#include "esp_app_desc.h"
#include "esp_partition.h"
#include "esp_ota_ops.h"
#include "esp_efuse.h"
#include "esp_efuse_table.h"
#include "esp_hmac.h"
#include "esp_random.h"
#endif

#endif
