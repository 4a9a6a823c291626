/*
 * The setup hotspot's name and address, as the official firmware makes them: "Xiaozhi-"
 * and the last two bytes of the SoftAP MAC in upper-case hex. ESP-IDF derives the SoftAP
 * MAC from the station MAC (the one the natives read) by adding 1 to its last byte, which
 * wraps without carrying into the byte before.
 */

export const HOTSPOT_PREFIX = "Xiaozhi";
/** The SoftAP's address on every ESP32 (ESP-IDF's default 192.168.4.1/24). */
export const HOTSPOT_ADDRESS = "192.168.4.1";
export const HOTSPOT_PAGE_URL = "http://192.168.4.1/";

const HEX = "0123456789ABCDEF";

function hexByte(byte: number): string {
	return HEX.charAt(byte >> 4) + HEX.charAt(byte & 15);
}

/** `Xiaozhi-XXXX` from the station MAC (6 bytes). */
export function hotspotName(stationMac: readonly number[]): string {
	if (stationMac.length !== 6) throw new RangeError(`a MAC has 6 bytes, not ${stationMac.length}`);
	const softApLast = (stationMac[5]! + 1) & 0xff;
	return `${HOTSPOT_PREFIX}-${hexByte(stationMac[4]!)}${hexByte(softApLast)}`;
}

/** The page's address as a person types it: no scheme, no trailing slash (`192.168.4.1`). */
export function pageAddress(pageUrl: string): string {
	let address = pageUrl;
	if (address.slice(0, 7).toLowerCase() === "http://") address = address.slice(7);
	if (address.endsWith("/")) address = address.slice(0, -1);
	return address;
}
