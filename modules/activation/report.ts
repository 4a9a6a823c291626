/*
 * The status-query body ("system info JSON"), byte-compatible with the official
 * firmware's Board::GetSystemInfoJson: its field order, its types (the heap size and the
 * modem's csq are strings), its single space after `"partition_table":`, and no other
 * whitespace. Built by concatenation like the firmware, but every string is escaped.
 */

import type { BoardFacts, CeregFact, SystemFacts } from "activation/interfaces";
import { jsonString } from "activation/json";

/** What the report needs beyond the chip's facts. */
export interface ReportIdentity {
	/** Client UUID from NVS board/uuid. */
	readonly uuid: string;
	/** Lang::CODE, e.g. "zh-CN"; also sent as Accept-Language. */
	readonly language: string;
}

const HEX = "0123456789abcdef";

function hexByte(value: number): string {
	return HEX[(value >> 4) & 15]! + HEX[value & 15]!;
}

/** `%02x:%02x:…`: lowercase, colon-separated, as the firmware formats the STA MAC. */
export function formatMac(mac: readonly number[]): string {
	if (mac.length !== 6) throw new RangeError(`a MAC address has 6 bytes, not ${mac.length}`);
	let text = "";
	for (let i = 0; i < 6; i++) {
		const byte = mac[i]!;
		if (!Number.isInteger(byte) || byte < 0 || byte > 255) throw new RangeError(`MAC byte ${i} is not 0-255`);
		text += (i ? ":" : "") + hexByte(byte);
	}
	return text;
}

/** `__DATE__ "T" __TIME__ "Z"`: not ISO 8601, but what the server has always received. */
export function formatCompileTime(date: string, time: string): string {
	return `${date}T${time}Z`;
}

function integer(name: string, value: number): string {
	if (!Number.isInteger(value)) throw new RangeError(`${name} must be an integer, got ${value}`);
	return String(value);
}

function ceregJson(cereg: CeregFact): string {
	let json = `{"stat":${integer("cereg.stat", cereg.stat)}`;
	if (cereg.tac) json += `,"tac":${jsonString(cereg.tac)}`;
	if (cereg.ci) json += `,"ci":${jsonString(cereg.ci)}`;
	if (cereg.AcT !== undefined && cereg.AcT >= 0) json += `,"AcT":${integer("cereg.AcT", cereg.AcT)}`;
	return json + "}";
}

/** GetBoardJson of the active network: Ml307Board or WifiBoard. */
export function boardJson(board: BoardFacts, mac: string): string {
	let json = `{"type":${jsonString(board.type)},"name":${jsonString(board.name)}`;
	if (board.network === "ml307") {
		json += `,"revision":${jsonString(board.revision)}`;
		json += `,"carrier":${jsonString(board.carrier)}`;
		json += `,"csq":${jsonString(integer("csq", board.csq))}`;
		json += `,"imei":${jsonString(board.imei)}`;
		json += `,"iccid":${jsonString(board.iccid)}`;
		json += `,"cereg":${ceregJson(board.cereg)}`;
	} else {
		if (!board.provisioning) {
			json += `,"ssid":${jsonString(board.ssid ?? "")}`;
			json += `,"rssi":${integer("rssi", board.rssi ?? 0)}`;
			json += `,"channel":${integer("channel", board.channel ?? 0)}`;
			json += `,"ip":${jsonString(board.ip ?? "")}`;
		}
		json += `,"mac":${jsonString(mac)}`;
	}
	return json + "}";
}

export function buildReport(system: SystemFacts, board: BoardFacts, identity: ReportIdentity): string {
	const mac = formatMac(system.mac);
	const chip = system.chipInfo;
	const app = system.application;
	const sha = app.elfSha256.toLowerCase();
	if (!/^[0-9a-f]{64}$/.test(sha)) throw new RangeError("application.elf_sha256 must be 64 hex characters");

	let json = `{"version":2,"language":${jsonString(identity.language)}`;
	json += `,"flash_size":${integer("flash_size", system.flashSize)}`;
	json += `,"minimum_free_heap_size":${jsonString(integer("minimum_free_heap_size", system.minimumFreeHeapSize))}`;
	json += `,"mac_address":${jsonString(mac)}`;
	json += `,"uuid":${jsonString(identity.uuid)}`;
	json += `,"chip_model_name":${jsonString(system.chipModelName)}`;
	json += `,"chip_info":{"model":${integer("model", chip.model)},"cores":${integer("cores", chip.cores)}`;
	json += `,"revision":${integer("revision", chip.revision)},"features":${integer("features", chip.features)}}`;
	json += `,"application":{"name":${jsonString(app.name)},"version":${jsonString(app.version)}`;
	json += `,"compile_time":${jsonString(formatCompileTime(app.compileDate, app.compileTime))}`;
	json += `,"idf_version":${jsonString(app.idfVersion)},"elf_sha256":${jsonString(sha)}}`;
	json += `,"partition_table": [`;
	for (let i = 0; i < system.partitions.length; i++) {
		const p = system.partitions[i]!;
		json += `${i ? "," : ""}{"label":${jsonString(p.label)},"type":${integer("type", p.type)}`;
		json += `,"subtype":${integer("subtype", p.subtype)},"address":${integer("address", p.address)}`;
		json += `,"size":${integer("size", p.size)}}`;
	}
	json += `],"ota":{"label":${jsonString(system.runningPartition)}}`;
	const display = system.display;
	json += `,"display":{"monochrome":${display.monochrome ? "true" : "false"}`;
	json += `,"width":${integer("width", display.width)},"height":${integer("height", display.height)}}`;
	json += `,"board":${boardJson(board, mac)}}`;
	return json;
}
