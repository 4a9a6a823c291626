/*
 * Host functions behind hosts/esp32s3/board-natives.ts (bound with native("xs_board_…")).
 * They hand raw chip facts to TypeScript, which turns them into report values. Every
 * failure throws a JS error naming the IDF call and its error; nothing is allocated
 * outside the XS heap, so nothing can leak when a call throws.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "xsmc.h"
#include "mc.xs.h" /* xsID_* for the property names below */

#include "board-core.h"

static void board_throw(xsMachine *the, const char *what, esp_err_t err)
{
	xsUnknownError("%s failed: %s (0x%x)", what, esp_err_to_name(err), (unsigned)err);
}

/* {modelName, model, cores, revision, features}; revision in the IDF's MXX form (v0.2 is 2). */
void xs_board_chip(xsMachine *the)
{
	esp_chip_info_t info;
	memset(&info, 0, sizeof(info));
	esp_chip_info(&info);

	xsmcVars(1);
	xsmcSetNewObject(xsResult);
	xsmcSetString(xsVar(0), CONFIG_IDF_TARGET);
	xsmcSet(xsResult, xsID_modelName, xsVar(0));
	xsmcSetInteger(xsVar(0), (xsIntegerValue)info.model);
	xsmcSet(xsResult, xsID_model, xsVar(0));
	xsmcSetInteger(xsVar(0), (xsIntegerValue)info.cores);
	xsmcSet(xsResult, xsID_cores, xsVar(0));
	xsmcSetInteger(xsVar(0), (xsIntegerValue)info.revision);
	xsmcSet(xsResult, xsID_revision, xsVar(0));
	xsmcSetNumber(xsVar(0), (xsNumberValue)info.features);
	xsmcSet(xsResult, xsID_features, xsVar(0));
}

void xs_board_flash_size(xsMachine *the)
{
	uint32_t size = 0;
	esp_err_t err = esp_flash_get_size(NULL, &size);
	if (ESP_OK != err)
		board_throw(the, "esp_flash_get_size", err);
	xsmcSetNumber(xsResult, (xsNumberValue)size);
}

void xs_board_minimum_free_heap(xsMachine *the)
{
	xsmcSetNumber(xsResult, (xsNumberValue)esp_get_minimum_free_heap_size());
}

/* The Wi-Fi station MAC as 6 bytes (the same value on 4G boards, as in the firmware). */
void xs_board_sta_mac(xsMachine *the)
{
	uint8_t mac[6];
	esp_err_t err = esp_read_mac(mac, ESP_MAC_WIFI_STA);
	if (ESP_OK != err)
		board_throw(the, "esp_read_mac", err);
	xsmcSetArrayBuffer(xsResult, mac, sizeof(mac));
}

/* {name, version, date, time, idfVersion, elfSha256 (32 bytes)} from esp_app_get_description. */
void xs_board_app(xsMachine *the)
{
	board_app_t app;
	esp_err_t err = board_read_app(&app);
	if (ESP_OK != err)
		board_throw(the, "esp_app_get_description", err);

	xsmcVars(1);
	xsmcSetNewObject(xsResult);
	xsmcSetString(xsVar(0), app.name);
	xsmcSet(xsResult, xsID_name, xsVar(0));
	xsmcSetString(xsVar(0), app.version);
	xsmcSet(xsResult, xsID_version, xsVar(0));
	xsmcSetString(xsVar(0), app.date);
	xsmcSet(xsResult, xsID_date, xsVar(0));
	xsmcSetString(xsVar(0), app.time);
	xsmcSet(xsResult, xsID_time, xsVar(0));
	xsmcSetString(xsVar(0), app.idf_version);
	xsmcSet(xsResult, xsID_idfVersion, xsVar(0));
	xsmcSetArrayBuffer(xsVar(0), app.elf_sha256, sizeof(app.elf_sha256));
	xsmcSet(xsResult, xsID_elfSha256, xsVar(0));
}

/* [{label, type, subtype, address, size}, …] in partition-table order. The table is copied
   into C storage first, so the IDF iterator is released before any JS allocation. */
void xs_board_partitions(xsMachine *the)
{
	board_partition_t partitions[BOARD_MAX_PARTITIONS];
	size_t count = 0, i;
	esp_err_t err = board_read_partitions(partitions, BOARD_MAX_PARTITIONS, &count);
	if (ESP_ERR_INVALID_SIZE == err)
		xsRangeError("partition table has more than %d entries", BOARD_MAX_PARTITIONS);
	if (ESP_OK != err)
		board_throw(the, "esp_partition_find", err);

	xsmcVars(2);
	xsmcSetNewArray(xsResult, 0);
	for (i = 0; i < count; i++) {
		xsmcSetNewObject(xsVar(0));
		xsmcSetString(xsVar(1), partitions[i].label);
		xsmcSet(xsVar(0), xsID_label, xsVar(1));
		xsmcSetInteger(xsVar(1), (xsIntegerValue)partitions[i].type);
		xsmcSet(xsVar(0), xsID_type, xsVar(1));
		xsmcSetInteger(xsVar(1), (xsIntegerValue)partitions[i].subtype);
		xsmcSet(xsVar(0), xsID_subtype, xsVar(1));
		xsmcSetNumber(xsVar(1), (xsNumberValue)partitions[i].address);
		xsmcSet(xsVar(0), xsID_address, xsVar(1));
		xsmcSetNumber(xsVar(1), (xsNumberValue)partitions[i].size);
		xsmcSet(xsVar(0), xsID_size, xsVar(1));
		xsmcSetIndex(xsResult, (xsIntegerValue)i, xsVar(0));
	}
}

void xs_board_running_partition(xsMachine *the)
{
	char label[BOARD_LABEL_BYTES];
	esp_err_t err = board_read_running_label(label);
	if (ESP_OK != err)
		board_throw(the, "esp_ota_get_running_partition", err);
	xsmcSetString(xsResult, label);
}

/* The 32 raw bytes of eFuse BLOCK3 (USER_DATA); TypeScript decides whether they hold a serial. */
void xs_board_efuse_serial(xsMachine *the)
{
	uint8_t serial[BOARD_SERIAL_BYTES];
	esp_err_t err = board_read_serial(serial);
	if (ESP_OK != err)
		board_throw(the, "esp_efuse_read_field_blob(USER_DATA)", err);
	xsmcSetArrayBuffer(xsResult, serial, sizeof(serial));
}

/* hmacKey0(message: ArrayBuffer): ArrayBuffer(32). HMAC-SHA256 in the HMAC peripheral with
   eFuse KEY0 (purpose HMAC_UP); the key cannot be read by software. */
void xs_board_hmac_key0(xsMachine *the)
{
	uint8_t message[BOARD_MAX_CHALLENGE_BYTES];
	uint8_t hmac[BOARD_SHA256_BYTES];
	xsIntegerValue length;
	esp_err_t err;

	if ((xsmcArgc < 1) || !xsmcIsInstanceOf(xsArg(0), xsArrayBufferPrototype))
		xsTypeError("hmacKey0 takes an ArrayBuffer");
	length = xsmcGetArrayBufferLength(xsArg(0));
	if ((length <= 0) || (length > BOARD_MAX_CHALLENGE_BYTES))
		xsRangeError("challenge must be 1 to %d bytes, not %d", BOARD_MAX_CHALLENGE_BYTES, (int)length);
	/* A copy: the ArrayBuffer's storage may move while the peripheral works. */
	xsmcGetArrayBufferData(xsArg(0), 0, message, length);

	err = board_hmac_key0(message, (size_t)length, hmac);
	if (ESP_OK != err)
		board_throw(the, "esp_hmac_calculate(HMAC_KEY0)", err);
	xsmcSetArrayBuffer(xsResult, hmac, sizeof(hmac));
}

void xs_board_random(xsMachine *the)
{
	uint8_t bytes[BOARD_MAX_RANDOM_BYTES];
	xsIntegerValue count = (xsmcArgc > 0) ? xsmcToInteger(xsArg(0)) : -1;
	if ((count < 0) || (count > BOARD_MAX_RANDOM_BYTES))
		xsRangeError("random takes a count of 0 to %d bytes", BOARD_MAX_RANDOM_BYTES);
	if (ESP_OK != board_random(bytes, (size_t)count))
		xsRangeError("random count out of range");
	xsmcSetArrayBuffer(xsResult, bytes, (xsIntegerValue)count);
}
