/*
 * The app's settings from mc/config (the manifest's "config" block, overridden by
 * `mcconfig … key=value`), read once into a checked, frozen object. Secrets (the Wi-Fi
 * password) are kept but never appear in errors or logs.
 */
import { DEVICE_DEFAULTS } from "activation/policy";
import { HOTSPOT_ADDRESS } from "wifi-setup/hotspot";

export interface AppConfig {
	readonly otaUrl: string;
	readonly language: "zh-CN" | "en-US";
	readonly boardType: string;
	readonly boardName: string;
	/** The first boot's network, stored in NVS network/type when NVS holds no choice yet (a BOOT double-click's choice stays); undefined leaves NVS alone. */
	readonly network?: "ml307" | "wifi";
	/** Wi-Fi station credentials for Wi-Fi mode; undefined when no ssid is configured. */
	readonly wifi?: { readonly ssid: string; readonly password?: string };
	readonly wifiJoinTimeoutMs: number;
	/**
	 * Wi-Fi setup mode's servers: ports 80 and 53 and the page at http://192.168.4.1/ on the board;
	 * the simulator and the desktop run listen on free high ports (`setupHttpPort=`, `setupDnsPort=`,
	 * `setupPageUrl=`).
	 */
	readonly setup: { readonly httpPort: number; readonly dnsPort: number; readonly pageUrl: string };
	/** Host for the clock before the first HTTPS request in Wi-Fi mode (TLS checks certificate dates). */
	readonly sntp?: string;
	/** Resource name of one more trusted CA (DER), e.g. a self-hosted server's. */
	readonly extraCa?: string;
	readonly requestTimeoutMs: number;
	readonly maxBodyBytes: number;
	/** How the device's announcer reads a code: `announceRepeatSeconds` (default 0, never) and `announceCodeTwice` (default true). */
	readonly announce: { readonly repeatEveryMs: number; readonly readCodeTwice: boolean };
}

function optionalString(config: Readonly<Record<string, unknown>>, key: string): string | undefined {
	const value = config[key];
	if (value === undefined || value === "") return undefined;
	if (typeof value !== "string") throw new TypeError(`config.${key} must be a string`);
	return value;
}

function positiveInteger(config: Readonly<Record<string, unknown>>, key: string, fallback: number): number {
	const raw = config[key];
	if (raw === undefined || raw === "") return fallback;
	// mcconfig passes command-line values as strings.
	const value = typeof raw === "string" ? Number(raw) : raw;
	if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) throw new RangeError(`config.${key} must be a positive integer`);
	return value;
}

function setupSettings(config: Readonly<Record<string, unknown>>): AppConfig["setup"] {
	const httpPort = positiveInteger(config, "setupHttpPort", 80);
	const dnsPort = positiveInteger(config, "setupDnsPort", 53);
	if (httpPort > 65535 || dnsPort > 65535) throw new RangeError("config.setupHttpPort and config.setupDnsPort must be ports (1-65535)");
	const pageUrl = optionalString(config, "setupPageUrl") ?? `http://${HOTSPOT_ADDRESS}${httpPort === 80 ? "" : `:${httpPort}`}/`;
	if (!/^http:\/\/[!-~]+\/$/.test(pageUrl)) throw new RangeError(`config.setupPageUrl must be an http:// URL ending in "/", not ${pageUrl}`);
	return Object.freeze({ httpPort, dnsPort, pageUrl });
}

function announceSettings(config: Readonly<Record<string, unknown>>): AppConfig["announce"] {
	const repeat = config.announceRepeatSeconds;
	const seconds = repeat === undefined || repeat === "" ? 0 : Number(repeat);
	if (!(Number.isFinite(seconds) && seconds >= 0)) throw new RangeError(`config.announceRepeatSeconds must be a number of seconds >= 0, not ${String(repeat)}`);
	const twice = config.announceCodeTwice;
	if (twice !== undefined && twice !== true && twice !== false && twice !== "true" && twice !== "false" && twice !== "")
		throw new RangeError(`config.announceCodeTwice must be true or false, not ${String(twice)}`);
	return Object.freeze({ repeatEveryMs: seconds * 1000, readCodeTwice: twice !== false && twice !== "false" });
}

export function readAppConfig(config: Readonly<Record<string, unknown>>): AppConfig {
	const language = optionalString(config, "language") ?? DEVICE_DEFAULTS.language;
	if (language !== "zh-CN" && language !== "en-US") throw new RangeError(`config.language must be zh-CN or en-US, not ${language}`);
	const boardType = optionalString(config, "boardType") ?? DEVICE_DEFAULTS.boardType;
	const network = optionalString(config, "network");
	if (network !== undefined && network !== "ml307" && network !== "wifi") throw new RangeError(`config.network must be ml307 or wifi, not ${network}`);
	const ssid = optionalString(config, "ssid");
	const password = optionalString(config, "password");
	if (password !== undefined && ssid === undefined) throw new RangeError("config.password is set without config.ssid");
	return Object.freeze({
		otaUrl: optionalString(config, "otaUrl") ?? DEVICE_DEFAULTS.otaUrl,
		language,
		boardType,
		boardName: optionalString(config, "boardName") ?? boardType,
		network,
		wifi: ssid === undefined ? undefined : Object.freeze(password === undefined ? { ssid } : { ssid, password }),
		wifiJoinTimeoutMs: positiveInteger(config, "wifiJoinTimeoutMs", DEVICE_DEFAULTS.wifiJoinTimeoutMs),
		setup: setupSettings(config),
		sntp: optionalString(config, "sntp"),
		extraCa: optionalString(config, "extraCa"),
		requestTimeoutMs: positiveInteger(config, "requestTimeoutMs", DEVICE_DEFAULTS.requestTimeoutMs),
		maxBodyBytes: positiveInteger(config, "maxBodyBytes", DEVICE_DEFAULTS.maxBodyBytes),
		announce: announceSettings(config),
	});
}
