/*
 * Our own declarations of the ESP-IDF (v5.x / v6.0) types and functions that the board
 * natives use, so the C can be compiled and unit-tested on a development machine without
 * ESP-IDF (define BOARD_IDF_SHIM). The names, types and values follow the IDF's public
 * headers; the device build includes the real headers instead (see board-idf.h).
 */
#ifndef BOARD_IDF_SHIM_H
#define BOARD_IDF_SHIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CONFIG_IDF_TARGET "esp32s3"

typedef int esp_err_t;
#define ESP_OK 0
#define ESP_FAIL -1
#define ESP_ERR_NO_MEM 0x101
#define ESP_ERR_INVALID_ARG 0x102
#define ESP_ERR_INVALID_STATE 0x103
#define ESP_ERR_INVALID_SIZE 0x104
#define ESP_ERR_NOT_FOUND 0x105
#define ESP_ERR_TIMEOUT 0x107
const char *esp_err_to_name(esp_err_t code);

/* esp_chip_info.h */
typedef enum { CHIP_ESP32 = 1, CHIP_ESP32S2 = 2, CHIP_ESP32S3 = 9, CHIP_ESP32C3 = 5 } esp_chip_model_t;
typedef struct {
	esp_chip_model_t model;
	uint32_t features;
	uint16_t revision;
	uint8_t cores;
} esp_chip_info_t;
void esp_chip_info(esp_chip_info_t *out_info);

/* esp_flash.h */
typedef struct esp_flash_t esp_flash_t;
esp_err_t esp_flash_get_size(esp_flash_t *chip, uint32_t *out_size);

/* esp_system.h */
uint32_t esp_get_minimum_free_heap_size(void);

/* esp_mac.h */
typedef enum { ESP_MAC_WIFI_STA = 0, ESP_MAC_WIFI_SOFTAP = 1, ESP_MAC_BT = 2, ESP_MAC_ETH = 3 } esp_mac_type_t;
esp_err_t esp_read_mac(uint8_t *mac, esp_mac_type_t type);

/* esp_app_desc.h (the fields we read) */
typedef struct {
	uint32_t magic_word;
	uint32_t secure_version;
	uint32_t reserv1[2];
	char version[32];
	char project_name[32];
	char time[16];
	char date[16];
	char idf_ver[32];
	uint8_t app_elf_sha256[32];
} esp_app_desc_t;
const esp_app_desc_t *esp_app_get_description(void);

/* esp_partition.h */
typedef enum { ESP_PARTITION_TYPE_APP = 0x00, ESP_PARTITION_TYPE_DATA = 0x01, ESP_PARTITION_TYPE_ANY = 0xff } esp_partition_type_t;
typedef enum { ESP_PARTITION_SUBTYPE_ANY = 0xff } esp_partition_subtype_t;
typedef struct {
	const void *flash_chip;
	esp_partition_type_t type;
	esp_partition_subtype_t subtype;
	uint32_t address;
	uint32_t size;
	uint32_t erase_size;
	char label[17];
	bool encrypted;
	bool readonly;
} esp_partition_t;
typedef struct esp_partition_iterator_opaque_ *esp_partition_iterator_t;
esp_partition_iterator_t esp_partition_find(esp_partition_type_t type, esp_partition_subtype_t subtype, const char *label);
const esp_partition_t *esp_partition_get(esp_partition_iterator_t iterator);
/* Returns NULL at the end, and then has released the iterator itself. */
esp_partition_iterator_t esp_partition_next(esp_partition_iterator_t iterator);
void esp_partition_iterator_release(esp_partition_iterator_t iterator);

/* esp_ota_ops.h */
const esp_partition_t *esp_ota_get_running_partition(void);

/* esp_efuse.h, esp_efuse_table.h */
typedef struct esp_efuse_desc_t esp_efuse_desc_t;
extern const esp_efuse_desc_t *ESP_EFUSE_USER_DATA[];
esp_err_t esp_efuse_read_field_blob(const esp_efuse_desc_t *field[], void *dst, size_t dst_size_bits);

/* esp_hmac.h */
typedef enum { HMAC_KEY0 = 0, HMAC_KEY1, HMAC_KEY2, HMAC_KEY3, HMAC_KEY4, HMAC_KEY5, HMAC_KEY_MAX } hmac_key_id_t;
esp_err_t esp_hmac_calculate(hmac_key_id_t key_id, const void *message, size_t message_len, uint8_t *hmac);

/* esp_random.h */
void esp_fill_random(void *buf, size_t len);

#endif
