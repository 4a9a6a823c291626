/*
 * Unit tests of hosts/esp32s3/native/board-core.c against fake-idf.c. Prints one
 * "ok"/"not ok" line per check and exits non-zero when any fails; run by
 * test/esp32s3/native-c.test.ts.
 */
#include <stdio.h>
#include <string.h>

#include "board-core.h"
#include "fake-idf.h"
#include "check.h"

static void captured_table(void)
{
	fake_idf_add_partition("nvs", 1, 2, 0x9000, 0x4000);
	fake_idf_add_partition("otadata", 1, 0, 0xd000, 0x2000);
	fake_idf_add_partition("phy_init", 1, 1, 0xf000, 0x1000);
	fake_idf_add_partition("ota_0", 0, 0x10, 0x20000, 0x3f0000);
	fake_idf_add_partition("ota_1", 0, 0x11, 0x410000, 0x3f0000);
	fake_idf_add_partition("assets", 1, 0x82, 0x800000, 0x800000);
}

static void test_partitions_in_table_order(void)
{
	board_partition_t out[BOARD_MAX_PARTITIONS];
	size_t count = 99;
	fake_idf_reset();
	captured_table();
	CHECK(ESP_OK == board_read_partitions(out, BOARD_MAX_PARTITIONS, &count), "partitions: reads the table");
	CHECK(6 == count, "partitions: six entries");
	CHECK(!strcmp(out[0].label, "nvs") && !strcmp(out[3].label, "ota_0") && !strcmp(out[5].label, "assets"), "partitions: table order");
	CHECK(0 == out[4].type && 0x11 == out[4].subtype && 0x410000 == out[4].address && 0x3f0000 == out[4].size, "partitions: ota_1 facts");
	CHECK(1 == out[5].type && 0x82 == out[5].subtype, "partitions: assets is data/spiffs");
	CHECK(0 == fake_idf.live_iterators && 0 == fake_idf.double_releases, "partitions: iterator released exactly once");
}

static void test_partitions_over_capacity(void)
{
	board_partition_t out[4];
	size_t count = 99;
	fake_idf_reset();
	captured_table();
	CHECK(ESP_ERR_INVALID_SIZE == board_read_partitions(out, 4, &count), "partitions: more than capacity is an error");
	CHECK(0 == count, "partitions: no count reported on error");
	CHECK(0 == fake_idf.live_iterators && 0 == fake_idf.double_releases, "partitions: iterator released when stopping early");
}

static void test_partitions_empty(void)
{
	board_partition_t out[4];
	size_t count = 99;
	fake_idf_reset();
	CHECK(ESP_ERR_NOT_FOUND == board_read_partitions(out, 4, &count), "partitions: empty table is not found");
	CHECK(0 == count && 0 == fake_idf.live_iterators, "partitions: nothing held");
}

static void test_label_without_nul(void)
{
	board_partition_t out[2];
	size_t count;
	fake_idf_reset();
	fake_idf_add_partition("sixteen_chars_xy", 1, 2, 0x9000, 0x4000);
	CHECK(ESP_OK == board_read_partitions(out, 2, &count), "label: 16-character label read");
	CHECK(16 == strlen(out[0].label) && !strcmp(out[0].label, "sixteen_chars_xy"), "label: terminated after 16 characters");
}

static void test_running_partition(void)
{
	char label[BOARD_LABEL_BYTES] = "junk";
	fake_idf_reset();
	captured_table();
	CHECK(ESP_ERR_NOT_FOUND == board_read_running_label(label) && 0 == label[0], "running: none is not found, label emptied");
	fake_idf.running = &fake_idf.table[3];
	CHECK(ESP_OK == board_read_running_label(label) && !strcmp(label, "ota_0"), "running: ota_0");
}

static void test_app_description(void)
{
	board_app_t app;
	size_t i;
	fake_idf_reset();
	memcpy(fake_idf.app.project_name, "xiaozhi", 8);
	memcpy(fake_idf.app.version, "2.0.4", 6);
	memcpy(fake_idf.app.date, "Nov 15 2025", 12);
	memcpy(fake_idf.app.time, "16:51:32", 9);
	/* A full-width field with no NUL must not run into the next one. */
	memset(fake_idf.app.idf_ver, 'v', sizeof(fake_idf.app.idf_ver));
	for (i = 0; i < 32; i++)
		fake_idf.app.app_elf_sha256[i] = (uint8_t)i;
	CHECK(ESP_OK == board_read_app(&app), "app: read");
	CHECK(!strcmp(app.name, "xiaozhi") && !strcmp(app.version, "2.0.4"), "app: name and version");
	CHECK(!strcmp(app.date, "Nov 15 2025") && !strcmp(app.time, "16:51:32"), "app: compile date and time");
	CHECK(32 == strlen(app.idf_version), "app: unterminated idf_ver bounded to its field");
	CHECK(31 == app.elf_sha256[31] && 0 == app.elf_sha256[0], "app: all 32 ELF SHA-256 bytes");
	fake_idf.app_missing = 1;
	CHECK(ESP_ERR_NOT_FOUND == board_read_app(&app), "app: missing description is an error");
}

static void test_serial(void)
{
	uint8_t serial[BOARD_SERIAL_BYTES];
	fake_idf_reset();
	memcpy(fake_idf.efuse_user_data, "SN-XZ-2026-000123", 17);
	CHECK(ESP_OK == board_read_serial(serial), "serial: read");
	CHECK(256 == fake_idf.efuse_bits_requested, "serial: all 256 bits of BLOCK3 requested");
	CHECK(!memcmp(serial, "SN-XZ-2026-000123", 17) && 0 == serial[17], "serial: bytes as burned");
	fake_idf.efuse_error = ESP_FAIL;
	memset(serial, 0xff, sizeof(serial));
	CHECK(ESP_FAIL == board_read_serial(serial), "serial: eFuse error passed on");
	CHECK(0 == serial[0] && 0 == serial[31], "serial: no stale bytes after an error");
}

static void test_hmac(void)
{
	uint8_t out[BOARD_SHA256_BYTES];
	uint8_t long_message[BOARD_MAX_CHALLENGE_BYTES + 1];
	fake_idf_reset();
	CHECK(ESP_OK == board_hmac_key0((const uint8_t *)"challenge-1", 11, out), "hmac: computed");
	CHECK(HMAC_KEY0 == fake_idf.hmac_key, "hmac: uses KEY0");
	CHECK(11 == fake_idf.hmac_length && !memcmp(fake_idf.hmac_message, "challenge-1", 11), "hmac: the challenge bytes, no NUL");
	CHECK(0xa0 == out[0] && 0xbf == out[31], "hmac: the peripheral's 32 bytes");

	fake_idf_reset();
	memset(long_message, 'x', sizeof(long_message));
	CHECK(ESP_ERR_INVALID_SIZE == board_hmac_key0(long_message, sizeof(long_message), out), "hmac: over-long challenge refused");
	CHECK(ESP_ERR_INVALID_SIZE == board_hmac_key0(long_message, 0, out), "hmac: empty challenge refused");
	CHECK(0 == fake_idf.hmac_calls, "hmac: peripheral not used for refused input");

	fake_idf.hmac_error = ESP_FAIL;
	CHECK(ESP_FAIL == board_hmac_key0((const uint8_t *)"c", 1, out), "hmac: peripheral error passed on");
	CHECK(0 == out[0] && 0 == out[31], "hmac: partial result wiped on error");
}

static void test_random(void)
{
	uint8_t out[BOARD_MAX_RANDOM_BYTES + 1];
	fake_idf_reset();
	CHECK(ESP_OK == board_random(out, 16) && 0x5a == out[15], "random: hardware RNG bytes");
	CHECK(ESP_ERR_INVALID_SIZE == board_random(out, sizeof(out)) && 1 == fake_idf.random_calls, "random: over-long request refused");
}

static void test_copy_field(void)
{
	char to[4];
	board_copy_field(to, sizeof(to), "abcdef", 6);
	CHECK(!strcmp(to, "abc"), "copy: truncated to the destination");
	board_copy_field(to, sizeof(to), "a\0cd", 4);
	CHECK(!strcmp(to, "a"), "copy: stops at NUL");
}

int main(void)
{
	test_partitions_in_table_order();
	test_partitions_over_capacity();
	test_partitions_empty();
	test_label_without_nul();
	test_running_partition();
	test_app_description();
	test_serial();
	test_hmac();
	test_random();
	test_copy_field();
	printf("%d failed\n", failures);
	return failures ? 1 : 0;
}
