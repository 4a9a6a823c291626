/*
 * Which OTA URL the run uses, and why. As in the firmware, a URL stored in NVS
 * (`wifi/ota_url`, set by the provisioning page) wins over the build's URL, and so over
 * `--ota-url`; the runner says so on its first line, and `--forget-ota-url` erases it.
 */
import type { StoredValue } from "../../modules/activation/interfaces.ts";
import { urlHasUserinfo } from "../../modules/activation/url-text.ts";
import { shownUrl } from "./reporter.ts";

export const OTA_URL_NAMESPACE = "wifi";
export const OTA_URL_KEY = "ota_url";

export type OtaUrlChoice =
	/** The device's NVS holds a URL: the firmware uses it, whatever the build (or the flag) says. */
	| { readonly source: "stored"; readonly url: string; readonly flagUrl?: string }
	| { readonly source: "flag"; readonly url: string }
	/** Nothing given, nothing stored: the embedded emulator's URL, once it runs. */
	| { readonly source: "emulator" };

/** The firmware's rule (settings.ts resolveOtaUrl): a non-empty stored string wins. */
export function chooseOtaUrl(stored: StoredValue | undefined, flagUrl: string | undefined): OtaUrlChoice {
	if (typeof stored === "string" && stored.length > 0) return { source: "stored", url: stored, ...(flagUrl !== undefined ? { flagUrl } : {}) };
	if (flagUrl !== undefined) return { source: "flag", url: flagUrl };
	return { source: "emulator" };
}

/** The first line of a run for a URL the person gave or the device had stored. */
export function otaUrlLine(choice: OtaUrlChoice, nvsFile: string | undefined): string | undefined {
	if (choice.source === "emulator") return undefined;
	const hidden = urlHasUserinfo(choice.url) ? "; its user:password part is not shown" : "";
	if (choice.source === "flag") return `OTA URL ${shownUrl(choice.url)} (from --ota-url${hidden})`;
	const where = nvsFile ? `NVS wifi/ota_url in ${nvsFile}` : "NVS wifi/ota_url of the device profile";
	const over = choice.flagUrl !== undefined ? `--ota-url ${shownUrl(choice.flagUrl)}` : "the embedded emulator";
	return `OTA URL ${shownUrl(choice.url)} (stored in ${where}${hidden}; as in the firmware it wins over ${over}; --forget-ota-url erases it)`;
}

/** Host names that are this machine: virtual time may poll them as fast as they answer. */
export function isLoopbackUrl(url: string): boolean {
	let host: string;
	try {
		host = new URL(url).hostname.toLowerCase();
	} catch {
		return false;
	}
	return host === "localhost" || host === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
