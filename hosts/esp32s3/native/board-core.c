/*
 * See board-core.h. Compiled into the firmware by the board manifest, and into a test
 * program with fake IDF functions by test/esp32s3/native-c.test.ts.
 */
#include "board-core.h"

#include <string.h>

void board_copy_field(char *to, size_t to_size, const char *from, size_t from_size)
{
	size_t length = 0;
	if (!to_size)
		return;
	while ((length < from_size) && (length < to_size - 1) && from[length])
		length++;
	memcpy(to, from, length);
	to[length] = 0;
}

esp_err_t board_read_partitions(board_partition_t *out, size_t capacity, size_t *count)
{
	esp_partition_iterator_t iterator;
	size_t found = 0;

	*count = 0;
	iterator = esp_partition_find(ESP_PARTITION_TYPE_ANY, ESP_PARTITION_SUBTYPE_ANY, NULL);
	while (iterator) {
		const esp_partition_t *partition = esp_partition_get(iterator);
		if (found == capacity) {
			esp_partition_iterator_release(iterator);
			return ESP_ERR_INVALID_SIZE;
		}
		board_copy_field(out[found].label, sizeof(out[found].label), partition->label, sizeof(partition->label));
		out[found].type = (uint32_t)partition->type;
		out[found].subtype = (uint32_t)partition->subtype;
		out[found].address = partition->address;
		out[found].size = partition->size;
		found++;
		/* esp_partition_next releases the iterator itself when it returns NULL. */
		iterator = esp_partition_next(iterator);
	}
	*count = found;
	return found ? ESP_OK : ESP_ERR_NOT_FOUND;
}

esp_err_t board_read_running_label(char label[BOARD_LABEL_BYTES])
{
	const esp_partition_t *running = esp_ota_get_running_partition();
	label[0] = 0;
	if (!running)
		return ESP_ERR_NOT_FOUND;
	board_copy_field(label, BOARD_LABEL_BYTES, running->label, sizeof(running->label));
	return ESP_OK;
}

esp_err_t board_read_app(board_app_t *out)
{
	const esp_app_desc_t *description = esp_app_get_description();
	if (!description)
		return ESP_ERR_NOT_FOUND;
	board_copy_field(out->name, sizeof(out->name), description->project_name, sizeof(description->project_name));
	board_copy_field(out->version, sizeof(out->version), description->version, sizeof(description->version));
	board_copy_field(out->date, sizeof(out->date), description->date, sizeof(description->date));
	board_copy_field(out->time, sizeof(out->time), description->time, sizeof(description->time));
	board_copy_field(out->idf_version, sizeof(out->idf_version), description->idf_ver, sizeof(description->idf_ver));
	memcpy(out->elf_sha256, description->app_elf_sha256, BOARD_SHA256_BYTES);
	return ESP_OK;
}

esp_err_t board_read_serial(uint8_t out[BOARD_SERIAL_BYTES])
{
	memset(out, 0, BOARD_SERIAL_BYTES);
	return esp_efuse_read_field_blob(ESP_EFUSE_USER_DATA, out, BOARD_SERIAL_BYTES * 8);
}

esp_err_t board_hmac_key0(const uint8_t *message, size_t length, uint8_t out[BOARD_SHA256_BYTES])
{
	esp_err_t err;
	if ((0 == length) || (length > BOARD_MAX_CHALLENGE_BYTES))
		return ESP_ERR_INVALID_SIZE;
	err = esp_hmac_calculate(HMAC_KEY0, message, length, out);
	if (ESP_OK != err)
		memset(out, 0, BOARD_SHA256_BYTES); /* never hand back a partial result */
	return err;
}

esp_err_t board_random(uint8_t *out, size_t count)
{
	if (count > BOARD_MAX_RANDOM_BYTES)
		return ESP_ERR_INVALID_SIZE;
	esp_fill_random(out, count);
	return ESP_OK;
}
