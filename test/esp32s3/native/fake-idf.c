/* A fake of the IDF functions board-core.c calls, with the IDF's ownership rules checked. */
#include "fake-idf.h"

#include <stdlib.h>
#include <string.h>

fake_idf_t fake_idf;

struct esp_partition_iterator_opaque_ {
	size_t index;
	int released;
};

const esp_efuse_desc_t *ESP_EFUSE_USER_DATA[] = { NULL };

void fake_idf_reset(void)
{
	memset(&fake_idf, 0, sizeof(fake_idf));
}

void fake_idf_add_partition(const char *label, int type, int subtype, uint32_t address, uint32_t size)
{
	esp_partition_t *partition = &fake_idf.table[fake_idf.partition_count++];
	memset(partition, 0, sizeof(*partition));
	/* Like the IDF, a 16-character label fills the field with no room for a NUL. */
	strncpy(partition->label, label, sizeof(partition->label));
	partition->type = (esp_partition_type_t)type;
	partition->subtype = (esp_partition_subtype_t)subtype;
	partition->address = address;
	partition->size = size;
}

const char *esp_err_to_name(esp_err_t code)
{
	switch (code) {
	case ESP_OK: return "ESP_OK";
	case ESP_FAIL: return "ESP_FAIL";
	case ESP_ERR_INVALID_ARG: return "ESP_ERR_INVALID_ARG";
	case ESP_ERR_INVALID_SIZE: return "ESP_ERR_INVALID_SIZE";
	case ESP_ERR_NOT_FOUND: return "ESP_ERR_NOT_FOUND";
	default: return "UNKNOWN ERROR";
	}
}

void esp_chip_info(esp_chip_info_t *out_info)
{
	out_info->model = CHIP_ESP32S3;
	out_info->cores = 2;
	out_info->revision = 2;
	out_info->features = 18;
}

esp_err_t esp_flash_get_size(esp_flash_t *chip, uint32_t *out_size)
{
	(void)chip;
	*out_size = 16u * 1024u * 1024u;
	return ESP_OK;
}

uint32_t esp_get_minimum_free_heap_size(void)
{
	return 8425044;
}

esp_err_t esp_read_mac(uint8_t *mac, esp_mac_type_t type)
{
	static const uint8_t sta[6] = { 0x94, 0xa9, 0x90, 0x2c, 0x84, 0xb8 };
	if (ESP_MAC_WIFI_STA != type)
		return ESP_ERR_INVALID_ARG;
	memcpy(mac, sta, sizeof(sta));
	return ESP_OK;
}

const esp_app_desc_t *esp_app_get_description(void)
{
	return fake_idf.app_missing ? NULL : &fake_idf.app;
}

esp_partition_iterator_t esp_partition_find(esp_partition_type_t type, esp_partition_subtype_t subtype, const char *label)
{
	esp_partition_iterator_t iterator;
	if ((ESP_PARTITION_TYPE_ANY != type) || (ESP_PARTITION_SUBTYPE_ANY != subtype) || label)
		abort(); /* board-core asks for the whole table, nothing else */
	if (!fake_idf.partition_count)
		return NULL;
	iterator = calloc(1, sizeof(*iterator));
	fake_idf.live_iterators++;
	return iterator;
}

const esp_partition_t *esp_partition_get(esp_partition_iterator_t iterator)
{
	if (!iterator || iterator->released)
		abort();
	return &fake_idf.table[iterator->index];
}

void esp_partition_iterator_release(esp_partition_iterator_t iterator)
{
	if (!iterator)
		return;
	if (iterator->released) {
		fake_idf.double_releases++;
		return;
	}
	iterator->released = 1;
	fake_idf.live_iterators--;
	/* Kept allocated (and leaked in the test) so a use after release is detected, not undefined. */
}

esp_partition_iterator_t esp_partition_next(esp_partition_iterator_t iterator)
{
	if (!iterator || iterator->released)
		abort();
	if (++iterator->index >= fake_idf.partition_count) {
		esp_partition_iterator_release(iterator);
		return NULL;
	}
	return iterator;
}

const esp_partition_t *esp_ota_get_running_partition(void)
{
	return fake_idf.running;
}

esp_err_t esp_efuse_read_field_blob(const esp_efuse_desc_t *field[], void *dst, size_t dst_size_bits)
{
	if (field != ESP_EFUSE_USER_DATA)
		return ESP_ERR_INVALID_ARG;
	fake_idf.efuse_bits_requested = dst_size_bits;
	if (fake_idf.efuse_error)
		return fake_idf.efuse_error;
	if (dst_size_bits > 256)
		return ESP_ERR_INVALID_ARG;
	memcpy(dst, fake_idf.efuse_user_data, dst_size_bits / 8);
	return ESP_OK;
}

esp_err_t esp_hmac_calculate(hmac_key_id_t key_id, const void *message, size_t message_len, uint8_t *hmac)
{
	size_t i;
	fake_idf.hmac_calls++;
	fake_idf.hmac_key = key_id;
	fake_idf.hmac_length = message_len;
	if (message_len <= sizeof(fake_idf.hmac_message))
		memcpy(fake_idf.hmac_message, message, message_len);
	/* The peripheral may have written part of the result before failing. */
	for (i = 0; i < 32; i++)
		hmac[i] = (uint8_t)(0xa0 + i);
	return fake_idf.hmac_error;
}

void esp_fill_random(void *buf, size_t len)
{
	fake_idf.random_calls++;
	memset(buf, 0x5a, len);
}
