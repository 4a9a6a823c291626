/*
 * The modem checks: bring the ML307R up on its UART at 115200 (switching it there with
 * AT+IPR from whatever rate it runs), then at 115200 and again at 921600 send a 4 KB body
 * through the modem's HTTP stack (one 4096-byte write after AT+MHTTPCONTENT's prompt) to an
 * echo server and compare what comes back; with a port that keeps figures, nothing may have
 * been lost on the link. The same modules/ml307 driver the firmware uses does the work.
 */
import type { HttpTransport } from "activation/interfaces";
import { createMl307Stack, type Ml307Stack } from "ml307/index";
import type { SerialPort } from "ml307/io";
import type { Timers } from "activation/interfaces";
import { bringUpModem } from "ml307/modem";
import type { Check, Verdict } from "self-test/checks";
import { ECHO_BYTES, echoPayload, echoVerdict } from "self-test/echo";

/** What a ring-buffered port reports (esp32s3/modem-serial's figures). */
export interface LinkFigures {
	readonly txCapacity: number;
	readonly maxWrite: number;
	readonly rxCapacity: number;
	readonly rxHighWater: number;
	readonly rxLostBytes: number;
}

export interface ModemCheckParts {
	/** The modem's UART; it must be able to change its rate (setBaudRate). */
	readonly port: SerialPort;
	readonly timers: Timers;
	/** POST target that echoes the body (verbatim, or in JSON "data"). */
	readonly echoUrl: string;
	/** The figures of the port as it is open now, when it keeps them. */
	readonly figures?: () => LinkFigures | undefined;
	/** Baud probes wait this long (default 100 ms; a socket-backed simulator answers later than a wire). */
	readonly probeTimeoutMs?: number;
	/** How long the bring-up may take (registration and data call included). */
	readonly bringUpMs?: number;
}

export const BRING_UP_MS = 120_000;
/** Pause before the next try after no SIM or no registration (the firmware waits 10 s). */
const RETRY_MS = 2000;
const ECHO_TIMEOUT_MS = 60_000;
const BOARD = Object.freeze({ type: "bread-compact-ml307", name: "bread-compact-ml307" });

function describe(figures: LinkFigures): string {
	return `largest write ${figures.maxWrite} of ${figures.txCapacity}, RX high water ${figures.rxHighWater} of ${figures.rxCapacity}, ${figures.rxLostBytes} bytes lost`;
}

async function echoAt(parts: ModemCheckParts, stack: Ml307Stack, http: HttpTransport, baud: number): Promise<Verdict> {
	const port = parts.port;
	if (port.baudRate !== baud) {
		const switched = await stack.channel.send(`AT+IPR=${baud}`, { timeoutMs: 1000 });
		if (!switched.ok) return { ok: false, detail: `AT+IPR=${baud} refused: ${switched.detail}` };
		port.setBaudRate!(baud);
		const probe = await stack.channel.send("AT", { timeoutMs: 1000 });
		if (!probe.ok) return { ok: false, detail: `no answer at ${baud} after AT+IPR: ${probe.detail}` };
	}
	const lostBefore = parts.figures?.()?.rxLostBytes ?? 0;
	const sent = echoPayload(ECHO_BYTES);
	const result = await http.request({
		method: "POST",
		url: parts.echoUrl,
		headers: [["Content-Type", "text/plain"]],
		body: sent,
		timeoutMs: ECHO_TIMEOUT_MS,
		maxBodyBytes: 4 * ECHO_BYTES,
	});
	if (!result.ok) return { ok: false, detail: `the echo request failed (${result.failure}): ${result.detail}` };
	const verdict = echoVerdict(sent, result.status, result.body);
	const figures = parts.figures?.();
	if (!figures) return { ok: verdict.ok, detail: `${verdict.detail} at ${baud} baud` };
	const lost = figures.rxLostBytes - lostBefore;
	if (verdict.ok && lost > 0) return { ok: false, detail: `${verdict.detail} at ${baud} baud, but the link lost ${lost} bytes (${describe(figures)})` };
	if (verdict.ok && figures.maxWrite < ECHO_BYTES) return { ok: false, detail: `no ${ECHO_BYTES}-byte write went through the port (${describe(figures)})` };
	return { ok: verdict.ok, detail: `${verdict.detail} at ${baud} baud; ${describe(figures)}` };
}

/** The modem checks in order: bring-up, then the echo at 115200 and at 921600. */
export function modemChecks(parts: ModemCheckParts): Check[] {
	const stack = createMl307Stack(parts.port, parts.timers, {
		board: BOARD,
		modem: { targetBaud: 115200, probeTimeoutMs: parts.probeTimeoutMs ?? 100 },
	});
	let up = false;
	const bringUpMs = parts.bringUpMs ?? BRING_UP_MS;
	const needsModem = (baud: number) => async (): Promise<Verdict> =>
		up ? echoAt(parts, stack, stack.http, baud) : { ok: false, detail: "the modem did not come up" };
	return [
		{
			name: "modem",
			timeoutMs: bringUpMs + 5000,
			async run(): Promise<Verdict> {
				const deadline = parts.timers.now() + bringUpMs;
				let last = "";
				const result = await bringUpModem(stack.modem, parts.timers, {
					maxDetectRounds: 5,
					retryDelayMs: RETRY_MS,
					stopped: () => parts.timers.now() > deadline,
					onStatus: (status, detail) => void (last = detail ? `${status}: ${detail}` : status),
				});
				up = result.ok;
				return result.ok
					? { ok: true, detail: `${result.revision} answers at 115200, registered, data call up${stack.modem.ip ? ` (${stack.modem.ip})` : ""}` }
					: { ok: false, detail: `${result.detail} (last state ${last})` };
			},
		},
		{ name: "uart 115200", timeoutMs: ECHO_TIMEOUT_MS + 10_000, run: needsModem(115200) },
		{ name: "uart 921600", timeoutMs: ECHO_TIMEOUT_MS + 10_000, run: needsModem(921600) },
	];
}
