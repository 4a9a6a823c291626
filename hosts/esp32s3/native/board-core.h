/*
 * The board natives' logic over ESP-IDF, free of XS so it can be unit-tested on a
 * development machine against fake IDF functions (test/esp32s3/native/). Each function
 * fills caller-owned, fixed-size storage and returns an esp_err_t; none allocates, and
 * every IDF resource taken is released on every path.
 */
#ifndef BOARD_CORE_H
#define BOARD_CORE_H

#include "board-idf.h"

#define BOARD_MAX_PARTITIONS 16
#define BOARD_LABEL_BYTES 17 /* 16 characters + NUL, as in esp_partition_t */
#define BOARD_SHA256_BYTES 32
#define BOARD_SERIAL_BYTES 32 /* eFuse BLOCK3 (USER_DATA): 256 bits */
#define BOARD_MAX_CHALLENGE_BYTES 256
#define BOARD_MAX_RANDOM_BYTES 256

typedef struct {
	char label[BOARD_LABEL_BYTES];
	uint32_t type;
	uint32_t subtype;
	uint32_t address;
	uint32_t size;
} board_partition_t;

typedef struct {
	char name[33];
	char version[33];
	char date[17];
	char time[17];
	char idf_version[33];
	uint8_t elf_sha256[BOARD_SHA256_BYTES];
} board_app_t;

/* Copies a fixed-size IDF char field that may lack a NUL; always terminates `to`. */
void board_copy_field(char *to, size_t to_size, const char *from, size_t from_size);

/* Partitions in partition-table order (the IDF iterator's order). ESP_ERR_INVALID_SIZE when
   the table has more than `capacity` entries; the iterator is released either way. */
esp_err_t board_read_partitions(board_partition_t *out, size_t capacity, size_t *count);

/* Label of the running app partition. ESP_ERR_NOT_FOUND when the IDF gives none. */
esp_err_t board_read_running_label(char label[BOARD_LABEL_BYTES]);

esp_err_t board_read_app(board_app_t *out);

/* The 32 raw bytes of eFuse USER_DATA (all zero on a chip without a serial number). */
esp_err_t board_read_serial(uint8_t out[BOARD_SERIAL_BYTES]);

/* HMAC-SHA256 of `message` with the HMAC peripheral and eFuse KEY0. The key never leaves
   the chip. ESP_ERR_INVALID_SIZE for an empty or over-long message. */
esp_err_t board_hmac_key0(const uint8_t *message, size_t length, uint8_t out[BOARD_SHA256_BYTES]);

/* Bytes from the hardware RNG. ESP_ERR_INVALID_SIZE above BOARD_MAX_RANDOM_BYTES. */
esp_err_t board_random(uint8_t *out, size_t count);

#endif
