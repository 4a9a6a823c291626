/*
 * Payload throughput of the modem's HTTP stack over the UART, on the board's timeline: the
 * driver (AT channel, Ml307HttpTransport) over the board's ring-buffered port model, the
 * ML307R simulator sending at the line rate, one POST of 4 KB whose answer is the same 4 KB.
 * The request body goes raw after the `>` prompt, the answer comes back in hex in
 * `+MHTTPURC: "content"` lines (2 characters a byte); every AT command of the request (create,
 * configuration, headers, delete) and the simulator's answer times (1 ms a command, 5 ms to the
 * answer's first byte) are in the time. Virtual time: the figures do not depend on this machine.
 */
import type { HttpRequest, HttpResult, HttpTransport } from "../../modules/activation/interfaces.ts";
import { AtChannel } from "../../modules/ml307/at-channel.ts";
import { Ml307HttpTransport } from "../../modules/ml307/http-transport.ts";
import { Ecma419SerialPort } from "../../modules/ml307/io.ts";
import { RING_BUFFERED_PORT, type UartFigures, type UartPortRules } from "../../modules/uart-model/port-model.ts";
import { ManualClock } from "./manual-clock.ts";
import { SerialLink } from "./link.ts";
import { LinkedSerialPort } from "./serial-port.ts";
import { Ml307Simulator } from "./simulator.ts";

export const PAYLOAD_BYTES = 4096;

export interface LinkThroughput {
	readonly baud: number;
	readonly port: string;
	readonly stallMs: number;
	/** One request: from the first AT command to the result. */
	readonly elapsedMs: number;
	/** Request body up plus response body down, per second. */
	readonly payloadPerSecond: number;
	/** Bytes on the wire both ways for it. */
	readonly wireBytes: number;
	/** One direction's line rate: baud / 10 (8N1). */
	readonly lineBytesPerSecond: number;
	readonly figures: UartFigures;
}

const echo: HttpTransport = { request: (request: HttpRequest): Promise<HttpResult> => Promise.resolve({ ok: true, status: 200, body: request.body }) };

export async function measureLinkThroughput(baud: number, rules: UartPortRules = RING_BUFFERED_PORT, stallMs = 0): Promise<LinkThroughput> {
	const clock = new ManualClock();
	const link = new SerialLink(clock, { hostBaud: baud });
	new Ml307Simulator(link, clock, echo, { baud });
	let serial: LinkedSerialPort | undefined;
	let stall = 0;
	const post = (deliver: () => void): void => void clock.set(deliver, stall);
	// The port opens at the modem's rate and the modem is registered: the request is all there is to time.
	const channel = new AtChannel(new Ecma419SerialPort((options) => (serial = new LinkedSerialPort(link, clock, rules, options, post)), baud), clock);
	const http = new Ml307HttpTransport(channel, clock);
	await clock.advance(1);
	stall = stallMs;
	const body = "x".repeat(PAYLOAD_BYTES);
	const before = { ...link.stats, at: clock.now() };
	const result = await clock.run(
		http.request({ method: "POST", url: "https://api.tenclass.net/xiaozhi/ota/", headers: [["Content-Type", "application/json"]], body, timeoutMs: 30_000, maxBodyBytes: 8192 }),
	);
	if (!result.ok || result.body !== body) throw new Error(`the ${PAYLOAD_BYTES}-byte echo failed: ${result.ok ? "body differs" : result.detail}`);
	const elapsedMs = clock.now() - before.at;
	channel.close();
	return {
		baud,
		port: rules.name,
		stallMs,
		elapsedMs,
		payloadPerSecond: (2 * PAYLOAD_BYTES * 1000) / elapsedMs,
		wireBytes: link.stats.hostToModem - before.hostToModem + link.stats.modemToHost - before.modemToHost,
		lineBytesPerSecond: baud / 10,
		figures: serial!.model.figures,
	};
}

function row(figure: LinkThroughput): string {
	const label = `${figure.port} port, ${figure.baud} baud${figure.stallMs ? `, VM busy ${figure.stallMs} ms a callback` : ""}`;
	return (
		`  ${label.padEnd(58)} ${Math.round(figure.payloadPerSecond).toString().padStart(6)} payload B/s` +
		` (${(figure.elapsedMs / 1000).toFixed(3)} s, ${figure.wireBytes} B on the wire)` +
		`  line ${figure.lineBytesPerSecond} B/s each way; largest write ${figure.figures.maxWrite}, RX high-water ${figure.figures.rxHighWater}, lost ${figure.figures.rxLostBytes}`
	);
}

/** Bench rows: the link's payload rate at the firmware's two rates, next to the line rate. */
export async function printLinkThroughput(): Promise<void> {
	console.log(`\nML307R link throughput (modem HTTP stack, ${PAYLOAD_BYTES} B POST body up raw + the same ${PAYLOAD_BYTES} B back in hex, virtual time):`);
	for (const baud of [115200, 921600]) console.log(row(await measureLinkThroughput(baud)));
	console.log(row(await measureLinkThroughput(921600, RING_BUFFERED_PORT, 50)));
}
