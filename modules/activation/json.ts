/*
 * JSON text for one string value. The official firmware concatenates values without
 * escaping; for ordinary values this gives the same bytes, and for odd ones (a quote in
 * an SSID, a control character in a carrier name) it still gives valid JSON.
 */
export function jsonString(value: string): string {
	return JSON.stringify(value);
}
