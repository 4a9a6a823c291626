/*
 * The UART port model every stand-in of the modem port uses: a write beyond the free TX space
 * throws and queues nothing, the TX buffer drains at the line rate, bytes that arrive while the
 * RX buffer is full are lost and counted, one message reaches the VM at a time.
 */
import { spec, assert } from "../support/spec.ts";
import { ManualClock } from "../../desktop/ml307-simulator/manual-clock.ts";
import { RING_BUFFERED_PORT, SDK_FIFO_PORT, UartPortModel, byteTimeMs, type UartPortRules } from "uart-model/port-model";

function open(rules: UartPortRules, baud = 115200, stallMs = 0) {
	const clock = new ManualClock();
	const log: string[] = [];
	const sent: Uint8Array[] = [];
	const reads: Uint8Array[] = [];
	let readLimit: number | undefined;
	const model: UartPortModel = new UartPortModel(
		rules,
		baud,
		clock,
		{
			transmit: (bytes) => void sent.push(bytes),
			readable(count) {
				log.push(`readable ${count} at ${clock.now().toFixed(2)}`);
				const bytes = model.read(readLimit);
				if (bytes) reads.push(bytes);
			},
			writable: (count) => void log.push(`writable ${count} at ${clock.now().toFixed(2)}`),
		},
		{ post: (deliver) => void clock.set(deliver, stallMs) },
	);
	return {
		clock,
		model,
		log,
		sent,
		reads,
		readAtMost(count: number | undefined) {
			readLimit = count;
		},
	};
}

const counting = (length: number): Uint8Array => new Uint8Array(length).map((_, i) => i & 0xff);

spec("uart model: the board's ring-buffered port and the SDK's serial, as the stand-ins enforce them", () => {
	assert.deepEqual([RING_BUFFERED_PORT.txCapacity, RING_BUFFERED_PORT.rxCapacity, RING_BUFFERED_PORT.countsLoss], [4096, 8192, true]);
	assert.deepEqual([SDK_FIFO_PORT.txCapacity, SDK_FIFO_PORT.rxCapacity, SDK_FIFO_PORT.countsLoss], [128, 128, false]);
	assert.ok(Object.isFrozen(RING_BUFFERED_PORT) && Object.isFrozen(SDK_FIFO_PORT));
	assert.equal(byteTimeMs(115200).toFixed(5), "0.08681", "10 bits a byte (8N1)");
});

spec("uart model: a write larger than the free TX space throws output full and queues nothing; the space comes back at the line rate", async () => {
	const { clock, model, log, sent } = open(SDK_FIFO_PORT);
	await clock.advance(0);
	assert.deepEqual(log, ["writable 128 at 0.00"], "once after open, with the whole FIFO");
	assert.throws(() => model.write(new Uint8Array(129)), /output full/);
	assert.equal(model.txPending(), 0, "nothing queued");
	model.write(counting(100));
	assert.equal(model.txFree(), 28);
	assert.throws(() => model.write(new Uint8Array(29)), /output full/);
	await clock.advance(5);
	assert.equal(model.txFree(), 128 - Math.ceil(100 - 5 / byteTimeMs(115200)), "the bytes sent in 5 ms at 115200 baud are free again");
	assert.deepEqual(sent, [], "bytes reach the far end when their last bit is out");
	await clock.advance(5);
	assert.deepEqual(sent, [counting(100)]);
	assert.deepEqual(log.slice(1), ["writable 119 at 7.90"], "again once fewer than 10 bytes wait (the SDK's threshold)");
	assert.equal(model.figures.maxWrite, 100);
});

spec("uart model: bytes that arrive while the RX buffer is full are lost and counted; what was kept reads out in order", async () => {
	const { clock, model, log, reads } = open({ ...RING_BUFFERED_PORT, rxCapacity: 64 }, 115200, 50);
	await clock.advance(100);
	assert.deepEqual(log, ["writable 4096 at 50.00"], "the VM is busy 50 ms before each callback");
	log.length = 0;
	model.arrive(counting(200), clock.now(), byteTimeMs(115200));
	await clock.advance(100);
	assert.deepEqual(log, ["readable 64 at 160.42"], "told at the 120th byte, read 50 ms later");
	assert.deepEqual(reads, [counting(64)]);
	assert.deepEqual(model.figures, { txCapacity: 4096, maxWrite: 0, rxCapacity: 64, rxHighWater: 64, rxLostBytes: 136 });
	assert.ok(Object.isFrozen(model.figures));
});

spec("uart model: one message in flight; a short burst is told when the line goes idle, and bytes left unread are told again", async () => {
	const { clock, model, log, reads, readAtMost } = open(RING_BUFFERED_PORT);
	await clock.advance(0);
	log.length = 0;
	readAtMost(2);
	model.arrive(counting(6), clock.now(), byteTimeMs(115200));
	await clock.advance(10);
	assert.deepEqual(log, ["readable 6 at 1.39", "readable 4 at 1.39", "readable 2 at 1.39"], "6 bytes and 10 idle byte times, then again until all is read");
	assert.deepEqual(reads.map((bytes) => [...bytes]), [[0, 1], [2, 3], [4, 5]]);
	assert.equal(model.read(), undefined, "nothing left: undefined");
	assert.equal(model.figures.rxLostBytes, 0);
});

spec("uart model: close discards the bytes still waiting to go out, and nothing calls back after it", async () => {
	const { clock, model, log, sent } = open(RING_BUFFERED_PORT);
	model.write(counting(1000));
	model.arrive(counting(10), clock.now(), byteTimeMs(115200));
	model.close();
	await clock.advance(1000);
	assert.deepEqual(sent, []);
	assert.deepEqual(log, []);
	assert.throws(() => model.write(counting(1)), /closed/);
});
