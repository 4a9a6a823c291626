/*
 * Moddable's TLS checks certificate dates against Date.now(), and an ESP32 boots at 1970.
 * Before the first HTTPS request over Wi-Fi the clock is set by SNTP, or, if that fails,
 * to the firmware's build time (certificates valid when it was built then verify). The
 * 4G path needs neither: the modem does its own TLS.
 */
import SNTP from "sntp";
import Timer from "timer";
import Time from "time";

const MONTHS = Object.freeze(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]);

/** `__DATE__` ("Nov 15 2025", day space-padded) and `__TIME__` ("16:51:32") as UTC milliseconds. */
export function buildEpochMs(date: string, time: string): number {
	const d = /^([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{4})$/.exec(date);
	const t = /^(\d{2}):(\d{2}):(\d{2})$/.exec(time);
	const month = d ? MONTHS.indexOf(d[1]!) : -1;
	if (!d || !t || month < 0) throw new RangeError(`not a __DATE__/__TIME__ pair: "${date}" "${time}"`);
	return Date.UTC(Number(d[3]), month, Number(d[2]), Number(t[1]), Number(t[2]), Number(t[3]));
}

export type ClockSource = "already-set" | "sntp" | "build-time";

/** Leaves a plausible clock alone; otherwise SNTP within timeoutMs, else the build time. */
export function ensurePlausibleClock(buildMs: number, sntpHost: string | undefined, timeoutMs: number): Promise<ClockSource> {
	if (Date.now() >= buildMs) return Promise.resolve("already-set");
	const fallback = (): ClockSource => {
		Time.set(Math.floor(buildMs / 1000));
		return "build-time";
	};
	if (!sntpHost) return Promise.resolve(fallback());
	return new Promise<ClockSource>((resolve) => {
		let settled = false;
		let client: SNTP | undefined;
		const finish = (source: ClockSource): void => {
			if (settled) return;
			settled = true;
			Timer.clear(timer);
			client?.close();
			resolve(source);
		};
		const timer = Timer.set(() => finish(fallback()), timeoutMs);
		try {
			client = new SNTP({ host: sntpHost }, (message, value) => {
				if (message === SNTP.time && typeof value === "number") {
					Time.set(value);
					finish("sntp");
				} else if (message === SNTP.error) finish(fallback());
			});
		} catch {
			finish(fallback());
		}
	});
}
