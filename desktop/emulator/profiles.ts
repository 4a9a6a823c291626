/*
 * What each kind of Xiaozhi server answers. The shapes follow
 * the captured answers in test/fixtures:
 *   official: api.tenclass.net as captured (key order mqtt, websocket, server_time, firmware, activation)
 *   manager:  xinnan manager-api (Java) — errors as HTTP 200 bodies, challenge = Device-Id
 *   single:   xinnan Python single-module server — no activation at all
 * Profiles only build answers; holding, faults and recording are the server's job.
 */
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import type { DeviceRegistry } from "./registry.ts";

export type EmulatorProfile = "official" | "manager" | "single";

export interface Answer {
	status: number;
	/** Omitted for empty bodies. */
	contentType?: string;
	body: string;
	headers?: Record<string, string>;
}

export interface IncomingView {
	method: string;
	/** Path without the query string. */
	path: string;
	/** Lower-case names; repeated headers joined with ", ". */
	headers: Record<string, string>;
	body: string;
	remoteAddress: string;
}

export interface ProfileContext {
	readonly registry: DeviceRegistry;
	/** Epoch milliseconds on the emulator's timeline. */
	wallNow(): number;
	readonly firmwareVersion?: string;
	/** Serial number → HMAC key bytes. */
	readonly v2Keys: ReadonlyMap<string, Buffer>;
	/** https://127.0.0.1:<port> */
	readonly origin: string;
}

export interface ActivateOutcome {
	answer: Answer;
	/** The device is pending: an official server may hold the request until it is bound. */
	pending: boolean;
	deviceId?: string;
}

export interface Profile {
	readonly name: EmulatorProfile;
	check(request: IncomingView): Answer;
	/** `undefined` when this server has no /activate route. */
	activate?(request: IncomingView): ActivateOutcome;
	/** GET on the OTA URL, wrong paths, wrong methods. */
	other(request: IncomingView): Answer;
}

export const OTA_PATH = "/xiaozhi/ota/";
export const ACTIVATE_PATH = "/xiaozhi/ota/activate";

const TIMEZONE_OFFSET_MINUTES = 480;
const MAC_PATTERN = /^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$/;
/** The manager's deliberately loose check (accepts '-' and letters G–Z). */
const MANAGER_DEVICE_ID_PATTERN = /^([0-9A-Za-z]{2}[:-]){5}([0-9A-Za-z]{2})$/;
const DASHED_UUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export function json(status: number, value: unknown): Answer {
	return { status, contentType: "application/json", body: JSON.stringify(value) };
}

export function text(status: number, body: string): Answer {
	return { status, contentType: "text/plain; charset=utf-8", body };
}

type JsonObject = Record<string, unknown>;

function parseObject(body: string): JsonObject | undefined {
	try {
		const value: unknown = JSON.parse(body);
		return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as JsonObject) : undefined;
	} catch {
		return undefined;
	}
}

function objectField(object: JsonObject | undefined, key: string): JsonObject | undefined {
	const value = object?.[key];
	return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

function stringField(object: JsonObject | undefined, key: string): string | undefined {
	const value = object?.[key];
	return typeof value === "string" ? value : undefined;
}

function deviceFacts(report: JsonObject | undefined): { boardType?: string; appVersion?: string } {
	const boardType = stringField(objectField(report, "board"), "type") ?? stringField(report, "chip_model_name");
	const appVersion = stringField(objectField(report, "application"), "version");
	return { ...(boardType !== undefined ? { boardType } : {}), ...(appVersion !== undefined ? { appVersion } : {}) };
}

function announcedVersion(context: ProfileContext, report: JsonObject | undefined): string {
	return context.firmwareVersion ?? stringField(objectField(report, "application"), "version") ?? "";
}

/** A per-run random key for the MQTT password and websocket tokens, which only need to look real. */
function signingKey(): Buffer {
	return createHmac("sha256", randomUUID()).update("emulator").digest();
}

// ─── official ────────────────────────────────────────────────────────────────────────────

function validateIds(request: IncomingView): Answer | { deviceId: string; clientId?: string } {
	const deviceId = request.headers["device-id"];
	if (deviceId === undefined || !MAC_PATTERN.test(deviceId)) return text(400, "Invalid MAC address");
	const clientId = request.headers["client-id"];
	if (clientId !== undefined && !DASHED_UUID_PATTERN.test(clientId)) return text(400, "Invalid client ID");
	return { deviceId, ...(clientId !== undefined ? { clientId } : {}) };
}

/** api.tenclass.net's status-query answer for a device whose ids are valid. */
function officialCheckAnswer(context: ProfileContext, mqttKey: ReturnType<typeof signingKey>, request: IncomingView, ids: { deviceId: string; clientId?: string }): Answer {
	const report = parseObject(request.body);
	const clientId = ids.clientId ?? stringField(report, "uuid") ?? ids.deviceId;
	const { state, code } = context.registry.check(ids.deviceId, deviceFacts(report));

	const macUnderscored = ids.deviceId.replaceAll(":", "_");
	const mqttClientId = `GID_test@@@${macUnderscored}@@@${clientId}`;
	const username = Buffer.from(JSON.stringify({ ip: request.remoteAddress })).toString("base64");
	const password = createHmac("sha256", mqttKey).update(`${mqttClientId}|${username}`).digest("base64");
	const answer: JsonObject = {
		mqtt: {
			endpoint: "mqtt.xiaozhi.me",
			client_id: mqttClientId,
			username,
			password,
			publish_topic: "device-server",
			subscribe_topic: "null",
		},
		websocket: { url: "wss://api.tenclass.net/xiaozhi/v1/", token: "test-token" },
		server_time: { timestamp: context.wallNow(), timezone_offset: TIMEZONE_OFFSET_MINUTES },
		firmware: { version: announcedVersion(context, report), url: "" },
	};
	if (state === "pending" && code !== undefined) {
		const challenge = randomUUID();
		context.registry.setChallenge(ids.deviceId, challenge);
		answer.activation = { code, message: `xiaozhi.me\n${code}`, challenge };
	}
	return json(200, answer);
}

/** api.tenclass.net's activate answer for a device whose ids are valid. */
function officialActivateOutcome(context: ProfileContext, request: IncomingView, deviceId: string): ActivateOutcome {
	const parsed = parseObject(request.body) ?? {};
	// py-xiaozhi wraps the v2 fields in {"Payload":{...}}; the firmware sends them flat.
	const payload = objectField(parsed, "Payload") ?? parsed;
	const serialNumber = stringField(payload, "serial_number");
	if (serialNumber !== undefined) {
		const rejection = verifyV2(context, deviceId, serialNumber, payload);
		if (rejection) return { answer: rejection, pending: false, deviceId };
	}
	const state = context.registry.seen(deviceId);
	switch (state) {
		case "bound":
			return {
				answer: json(200, { message: "Device activated", device_id: context.registry.numericId(deviceId) }),
				pending: false,
				deviceId,
			};
		case "pending":
			return { answer: json(202, { message: "Device activation timeout" }), pending: true, deviceId };
		case "bound-elsewhere":
			return { answer: licenceNotFound(), pending: false, deviceId };
		case "unknown":
			return { answer: json(404, { success: false, error: "Device not found" }), pending: false, deviceId };
	}
}

export function officialProfile(context: ProfileContext): Profile {
	const mqttKey = signingKey();
	return {
		name: "official",
		check(request) {
			if (request.method !== "POST") return this.other(request);
			const ids = validateIds(request);
			if ("status" in ids) return ids;
			return officialCheckAnswer(context, mqttKey, request, ids);
		},
		activate(request) {
			if (request.method !== "POST") return { answer: this.other(request), pending: false };
			const ids = validateIds(request);
			if ("status" in ids) return { answer: ids, pending: false };
			return officialActivateOutcome(context, request, ids.deviceId);
		},
		other(request) {
			if (request.method === "GET" && request.path === OTA_PATH) {
				return json(200, {
					status: "ok",
					message: "Server is working normally",
					timestamp: new Date(context.wallNow()).toISOString(),
					timezone_offset: TIMEZONE_OFFSET_MINUTES,
				});
			}
			return text(404, "Not Found");
		},
	};
}

function licenceNotFound(): Answer {
	return json(404, { success: false, error: "License not found or already activated" });
}

/** Checks a v2 body; returns the rejection, or undefined when the signature is good. */
function verifyV2(context: ProfileContext, deviceId: string, serialNumber: string, payload: JsonObject): Answer | undefined {
	const key = context.v2Keys.get(serialNumber);
	if (!key) return licenceNotFound();
	const challenge = stringField(payload, "challenge");
	const hmac = stringField(payload, "hmac");
	const latest = context.registry.latestChallenge(deviceId);
	if (challenge === undefined || latest === undefined || challenge !== latest) {
		return json(400, { success: false, error: "Challenge not found or expired" });
	}
	const expected = createHmac("sha256", key).update(challenge, "utf8").digest();
	const given = hmac !== undefined && /^[0-9a-f]{64}$/.test(hmac) ? Buffer.from(hmac, "hex") : undefined;
	if (!given || !timingSafeEqual(given, expected)) {
		return json(403, { success: false, error: "HMAC verification failed" });
	}
	return undefined;
}

// ─── manager (xinnan manager-api) ───────────────────────────────────────────────────────

const MANAGER_INTERNAL_ERROR = Object.freeze({ code: 500, msg: "服务器内部异常", data: null });
const MANAGER_NOT_FOUND = Object.freeze({ code: 404, msg: "资源不存在", data: null });
const MANAGER_FIRMWARE_PLACEHOLDER_URL =
	"http://xiaozhi.server.com:8002/xiaozhi/otaMag/download/NOT_ACTIVATED_FIRMWARE_THIS_IS_A_INVALID_URL";
const MANAGER_WEBSOCKET_FALLBACK_URL = "ws://xiaozhi.server.com:8000/xiaozhi/v1/";

export function managerProfile(context: ProfileContext): Profile {
	const tokenSecret = signingKey();

	/** The manager's token format: base64url(HMAC-SHA256(secret, clientId|deviceId|ts)) "." ts. */
	function token(clientId: string, deviceId: string): string {
		const seconds = Math.floor(context.wallNow() / 1000);
		const signature = createHmac("sha256", tokenSecret).update(`${clientId}|${deviceId}|${seconds}`).digest("base64url");
		return `${signature}.${seconds}`;
	}

	return {
		name: "manager",
		check(request) {
			if (request.method === "GET") return text(200, "OTA接口运行正常，websocket集群数量：1");
			if (request.method !== "POST") return json(200, MANAGER_INTERNAL_ERROR);
			const deviceId = request.headers["device-id"];
			if (deviceId === undefined) return json(200, MANAGER_INTERNAL_ERROR);
			if (deviceId.trim() === "") return json(200, { error: "Device ID is required" });
			if (!MANAGER_DEVICE_ID_PATTERN.test(deviceId)) return json(200, { error: "Invalid device ID" });
			const clientIdHeader = request.headers["client-id"];
			const clientId = clientIdHeader === undefined || clientIdHeader.trim() === "" ? deviceId : clientIdHeader;
			const report = parseObject(request.body);
			if (!report) return json(200, MANAGER_INTERNAL_ERROR); // Spring cannot bind the body
			const state = context.registry.state(deviceId);
			const unbound = state === "unknown" || state === "pending";
			// The Java service dereferences application.version for unbound devices.
			if (unbound && !objectField(report, "application")) return json(200, MANAGER_INTERNAL_ERROR);
			const { state: after, code } = context.registry.check(deviceId, deviceFacts(report));

			const now = context.wallNow();
			const answer: JsonObject = {
				server_time: { timestamp: now, timeZone: "Asia/Shanghai", timezone_offset: TIMEZONE_OFFSET_MINUTES },
			};
			if (after === "pending" && code !== undefined) {
				context.registry.setChallenge(deviceId, deviceId);
				answer.activation = { code, message: `${context.origin}\n${code}`, challenge: deviceId };
			}
			answer.firmware = { version: announcedVersion(context, report), url: MANAGER_FIRMWARE_PLACEHOLDER_URL };
			answer.websocket = { url: MANAGER_WEBSOCKET_FALLBACK_URL, token: token(clientId, deviceId) };
			return json(200, answer);
		},
		activate(request) {
			if (request.method !== "POST") return { answer: json(200, MANAGER_INTERNAL_ERROR), pending: false };
			const deviceId = request.headers["device-id"];
			if (deviceId === undefined) return { answer: json(200, MANAGER_INTERNAL_ERROR), pending: false };
			const empty202: Answer = { status: 202, body: "" };
			if (deviceId.trim() === "") return { answer: empty202, pending: false };
			// The manager never reads the body: no HMAC, no serial check.
			const state = context.registry.seen(deviceId);
			if (state === "bound" || state === "bound-elsewhere") return { answer: text(200, "success"), pending: false, deviceId };
			return { answer: empty202, pending: state === "pending", deviceId };
		},
		other() {
			return json(200, MANAGER_NOT_FOUND);
		},
	};
}

// ─── single (xinnan Python server without manager) ──────────────────────────────────────

const SINGLE_WEBSOCKET_URL = "ws://127.0.0.1:8000/xiaozhi/v1/";

export function singleProfile(context: ProfileContext): Profile {
	return {
		name: "single",
		check(request) {
			if (request.method === "GET") return text(200, `OTA接口运行正常，向设备发送的websocket地址是：${SINGLE_WEBSOCKET_URL}`);
			if (request.method !== "POST") return text(405, "405: Method Not Allowed");
			const deviceId = request.headers["device-id"] ?? "";
			const clientId = request.headers["client-id"] ?? "";
			if (deviceId.trim() === "" || clientId.trim() === "") return json(200, { success: false, message: "request error." });
			const report = parseObject(request.body) ?? {}; // an unreadable body counts as {}
			return json(200, {
				server_time: { timestamp: context.wallNow(), timezone_offset: TIMEZONE_OFFSET_MINUTES },
				firmware: { version: announcedVersion(context, report), url: "" },
				websocket: { url: SINGLE_WEBSOCKET_URL, token: "" },
			});
		},
		other() {
			return text(404, "404: Not Found");
		},
	};
}

export function makeProfile(name: EmulatorProfile, context: ProfileContext): Profile {
	switch (name) {
		case "official":
			return officialProfile(context);
		case "manager":
			return managerProfile(context);
		case "single":
			return singleProfile(context);
		default:
			throw new RangeError(`unknown emulator profile ${JSON.stringify(name)} (expected official, manager or single)`);
	}
}
