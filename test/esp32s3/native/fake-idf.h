/* Controls of the fake ESP-IDF used to test board-core.c on a development machine. */
#ifndef FAKE_IDF_H
#define FAKE_IDF_H
#include "idf-shim.h"

typedef struct {
	esp_partition_t table[24];
	size_t partition_count;
	int live_iterators;     /* iterators handed out and not yet released */
	int double_releases;    /* releases of an iterator that was already released */
	const esp_partition_t *running;
	esp_app_desc_t app;
	int app_missing;
	uint8_t efuse_user_data[32];
	esp_err_t efuse_error;
	size_t efuse_bits_requested;
	esp_err_t hmac_error;
	int hmac_calls;
	hmac_key_id_t hmac_key;
	uint8_t hmac_message[512];
	size_t hmac_length;
	size_t random_calls;
} fake_idf_t;

extern fake_idf_t fake_idf;
void fake_idf_reset(void);
void fake_idf_add_partition(const char *label, int type, int subtype, uint32_t address, uint32_t size);
#endif
