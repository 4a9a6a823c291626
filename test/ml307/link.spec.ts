/*
 * The modem driver over the board's ESP32 side of the UART (the port model with the rules of
 * the module the board links), under a busy VM: paced writes, nothing lost through the
 * ring-buffered port, and every loss (counted by the port, or not) a failed request with its
 * reason, never a wrong parse; the modem stays in step, so the next request works.
 */
import { spec, assert } from "../support/spec.ts";
import { RING_BUFFERED_PORT, SDK_FIFO_PORT, type UartPortRules } from "uart-model/port-model";
import { utf8Decode } from "ml307/bytes";
import { otaRequest, setUpOverPort, type PortSetup } from "../support/modem-simulator.ts";

/** A body as large as one AT+MHTTPCONTENT piece can carry. */
const BIG = JSON.stringify({ pad: "x".repeat(4070) });

async function upOver(rules: UartPortRules): Promise<PortSetup> {
	const s = setUpOverPort(rules);
	assert.ok((await s.run(s.bringUp())).ok, "the modem comes up");
	s.internet.answer = (request) => ({ ok: true, status: 200, body: request.body });
	return s;
}

function failureOf(result: { ok: boolean; failure?: string; detail?: string }): string {
	return result.ok ? "ok" : `${result.failure}: ${result.detail}`;
}

spec("ml307 link: through the ring-buffered port a VM busy 50 ms before each serial callback loses nothing: 4 KB up and 4 KB back arrive whole", async () => {
	const s = await upOver(RING_BUFFERED_PORT);
	s.stallMs = 50;
	const result = await s.run(s.stack.http.request(otaRequest({ body: BIG })));
	assert.deepEqual(result, { ok: true, status: 200, body: BIG });
	assert.equal(s.internet.requests[0]!.body, BIG, "the body reached the server whole");
	const figures = s.serial().model.figures;
	assert.equal(figures.rxLostBytes, 0);
	assert.equal(s.stack.channel.stats.lostBytes, 0);
	assert.ok(figures.maxWrite <= figures.txCapacity, `largest write ${figures.maxWrite}`);
	assert.ok(figures.rxHighWater > SDK_FIFO_PORT.rxCapacity, `the stall made the ring hold ${figures.rxHighWater} bytes, more than a FIFO could`);
	assert.ok(figures.rxHighWater <= figures.rxCapacity);
});

spec("ml307 link: through the SDK's FIFO-only serial the same stress loses bytes; the request fails with the loss, and once the VM is quick again the next one works", async () => {
	const s = await upOver(SDK_FIFO_PORT);
	s.stallMs = 50;
	const lost = await s.run(s.stack.http.request(otaRequest({ body: BIG })));
	assert.match(failureOf(lost), /^io: modem link lost bytes/);
	assert.equal(s.internet.requests[0]!.body, BIG, "paced to the 128-byte FIFO, the request went out whole");
	const figures = s.serial().model.figures;
	assert.ok(figures.rxLostBytes > 0, "the FIFO overflowed");
	assert.ok(figures.maxWrite <= 128, `largest write ${figures.maxWrite}`);
	assert.equal(s.serial().rxLostBytes, undefined, "the SDK's serial counts nothing: the driver saw the loss in the stream");
	s.stallMs = 0;
	const next = await s.run(s.stack.http.request(otaRequest({ body: BIG })));
	assert.deepEqual(next, { ok: true, status: 200, body: BIG });
	assert.equal(s.simulator.liveHttpInstances, 0);
});

spec("ml307 link: bytes the port counts as lost fail the request with their number, and the modem stays in step", async () => {
	const s = await upOver({ ...RING_BUFFERED_PORT, name: "small ring", rxCapacity: 512 });
	s.stallMs = 50;
	const lost = await s.run(s.stack.http.request(otaRequest({ body: BIG })));
	const counted = s.serial().rxLostBytes!;
	assert.ok(counted > 0);
	assert.match(failureOf(lost), new RegExp(`^io: modem link lost \\d+ bytes`));
	assert.equal(s.stack.channel.stats.lostBytes, counted, "every byte the port lost was reported to the channel");
	s.stallMs = 0;
	const next = await s.run(s.stack.http.request(otaRequest({ body: BIG })));
	assert.deepEqual(next, { ok: true, status: 200, body: BIG });
});

spec("ml307 link: a content URC whose hex is shorter than its length is bytes lost, never a body", async () => {
	const s = await upOver(RING_BUFFERED_PORT);
	s.link.lineFault = (bytes) => {
		const text = utf8Decode(bytes);
		const at = text.indexOf('"content"');
		if (at < 0) return bytes;
		const cut = text.length - 20;
		return bytes.slice(0, cut).length === cut ? new Uint8Array([...bytes.subarray(0, cut), ...bytes.subarray(cut + 6)]) : bytes;
	};
	const body = '{"activation":{"code":"209835"}}';
	s.internet.answer = () => ({ ok: true, status: 200, body });
	const lost = await s.run(s.stack.http.request(otaRequest()));
	assert.equal(failureOf(lost), `io: modem link lost 6 bytes: a content URC of ${body.length} bytes carries ${body.length * 2 - 6} of its ${body.length * 2} hex digits`);
	s.link.lineFault = undefined;
	assert.deepEqual(await s.run(s.stack.http.request(otaRequest())), { ok: true, status: 200, body });
	assert.equal(s.simulator.liveHttpInstances, 0);
});

spec("ml307 link: a > prompt lost on the way fails the request with that reason; the data went anyway, so the next request works", async () => {
	const s = await upOver(RING_BUFFERED_PORT);
	s.link.lineFault = (bytes) => (utf8Decode(bytes) === "\r\n> " ? new Uint8Array(0) : bytes);
	const lost = await s.run(s.stack.http.request(otaRequest()));
	assert.match(failureOf(lost), /^io: no > prompt to AT\+MHTTPCONTENT=0,0,\d+ within 1000 ms \(the data was sent anyway/);
	assert.equal(s.internet.requests.length, 0, "no request reached the server");
	s.link.lineFault = undefined;
	const next = await s.run(s.stack.http.request(otaRequest()));
	assert.ok(next.ok, failureOf(next));
	assert.equal(s.internet.requests[0]!.body, otaRequest().body);
	assert.equal(s.simulator.liveHttpInstances, 0);
});
