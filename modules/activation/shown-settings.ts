/*
 * What of the hand-over may be shown to a person (the board's serial console, the runner's
 * output): the members that are no secret as they are (a URL without its `user:password@`),
 * every other value as `<redacted>`; an empty value stays "" so "no token" reads differently
 * from "a token". The one list of what is public, for the device and the desktop alike.
 */
import type { StoredValue } from "activation/interfaces";
import type { ServerSettings } from "activation/events";
import { urlWithoutUserinfo } from "activation/url-text";

/** mqtt/websocket members whose values are not secrets. */
const PUBLIC_SETTING_KEYS = Object.freeze(["endpoint", "url", "client_id", "publish_topic", "subscribe_topic", "keepalive", "version"]);

/** The members as they may be shown, in a null-prototype record ("constructor" or "__proto__" are names like any other). */
export function shownSettingValues(values: Readonly<Record<string, StoredValue>>): Record<string, StoredValue> {
	const out = Object.create(null) as Record<string, StoredValue>;
	for (const key of Object.keys(values)) {
		const value = values[key]!;
		if (value === "" || !PUBLIC_SETTING_KEYS.includes(key)) out[key] = value === "" ? "" : "<redacted>";
		else out[key] = typeof value === "string" ? urlWithoutUserinfo(value) : value;
	}
	return out;
}

/** The hand-over as it may be shown: secrets redacted, URLs without userinfo. */
export function shownSettings(settings: ServerSettings): ServerSettings {
	const shown: { -readonly [K in keyof ServerSettings]: ServerSettings[K] } = {
		protocol: settings.protocol,
		mqtt: shownSettingValues(settings.mqtt),
		websocket: shownSettingValues(settings.websocket),
	};
	if (settings.serverTime) shown.serverTime = settings.serverTime;
	if (settings.firmware) shown.firmware = { ...settings.firmware, url: urlWithoutUserinfo(settings.firmware.url) };
	return shown;
}

/** An outcome (the flow's or the device's) as it may be shown: its settings, if it has any, through shownSettings. */
export function shownOutcome<T extends { readonly status: string }>(outcome: T): T {
	const settings = (outcome as { readonly settings?: ServerSettings }).settings;
	return settings === undefined ? outcome : { ...outcome, settings: shownSettings(settings) };
}
