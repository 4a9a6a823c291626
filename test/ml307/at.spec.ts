import { spec, assert } from "../support/spec.ts";
import { AtFramer } from "ml307/at-framer";
import { AtChannel, DEFAULT_RECEIVE_BUFFER_BYTES } from "ml307/at-channel";
import { parseInfoLine, splitArguments, integerArgument } from "ml307/at-parse";
import { parseCereg } from "ml307/cereg";
import { utf8Encode, utf8Decode, hexEncode, hexDecode, asciiBytes } from "ml307/bytes";
import { Ecma419SerialPort, TX_QUEUE_BYTES, type SerialPort } from "ml307/io";
import { ManualClock } from "../../desktop/ml307-simulator/manual-clock.ts";
import { setUp } from "../support/modem-simulator.ts";

function framerLog(capacity = 256, promptExpected = () => false) {
	const events: string[] = [];
	const framer = new AtFramer(
		capacity,
		{ line: (text) => events.push(`line:${text}`), prompt: () => events.push("prompt"), overflow: (n) => events.push(`overflow:${n}`) },
		promptExpected,
	);
	return { framer, events };
}

/** A port whose modem side the spec drives by hand. */
function manualPort() {
	const written: string[] = [];
	let receiver: ((bytes: Uint8Array) => void) | undefined;
	const port: SerialPort = {
		write: (bytes) => {
			written.push(utf8Decode(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)));
		},
		setReceiver: (r) => {
			receiver = r;
		},
	};
	return { port, written, modemSays: (text: string) => receiver!(utf8Encode(text)) };
}

spec("ml307 at: a response split at every byte boundary gives the same lines", () => {
	const stream = '\r\n+CEREG: 2,1,"2490","015B290F",7\r\n\r\nOK\r\n\r\n+CSQ: 24,99\r\n';
	const bytes = utf8Encode(stream);
	for (let cut = 1; cut < bytes.length; cut++) {
		const { framer, events } = framerLog();
		framer.push(bytes.subarray(0, cut));
		framer.push(bytes.subarray(cut));
		assert.deepEqual(events, ['line:+CEREG: 2,1,"2490","015B290F",7', "line:OK", "line:+CSQ: 24,99"], `cut at ${cut}`);
	}
	const { framer, events } = framerLog();
	for (const byte of bytes) framer.push(Uint8Array.of(byte));
	assert.equal(events.length, 3);
});

spec("ml307 at: a line ends only at CR LF; bare CR or LF stays inside it", () => {
	const { framer, events } = framerLog();
	framer.push(utf8Encode("A\rB\nC\r\n"));
	assert.deepEqual(events, ["line:A\rB\nC"]);
});

spec("ml307 at: a partial line waits in the buffer for its CR LF", () => {
	const { framer, events } = framerLog();
	framer.push(utf8Encode("+CSQ: 2"));
	assert.deepEqual(events, []);
	assert.equal(framer.buffered, 7);
	framer.push(utf8Encode("4,99\r"));
	assert.deepEqual(events, []);
	framer.push(utf8Encode("\n"));
	assert.deepEqual(events, ["line:+CSQ: 24,99"]);
});

spec("ml307 at: an over-long line is dropped and reported, the next line survives", () => {
	const { framer, events } = framerLog(64);
	const long = "+MHTTPURC: " + "A".repeat(200);
	framer.push(utf8Encode(long + "\r"));
	framer.push(utf8Encode("\nOK\r\n"));
	assert.equal(events.length, 2);
	assert.match(events[0]!, /^overflow:\d+$/);
	assert.ok(Number(events[0]!.slice(9)) >= 200 - 64, "reports the dropped bytes");
	assert.equal(events[1], "line:OK");
	assert.ok(framer.buffered < 64);
});

spec("ml307 at: the > prompt counts only while a data command waits for it", () => {
	const waiting = framerLog(256, () => true);
	waiting.framer.push(utf8Encode("\r\n> "));
	waiting.framer.push(utf8Encode("OK\r\n"));
	assert.deepEqual(waiting.events, ["prompt", "line:OK"]);
	const idle = framerLog(256, () => false);
	idle.framer.push(utf8Encode("> text\r\n"));
	assert.deepEqual(idle.events, ["line:> text"]);
});

spec("ml307 at: an \"ind\" URC without CR LF is cut before the next +", () => {
	const { framer, events } = framerLog();
	framer.push(utf8Encode('+MHTTPURC: "ind",0+MHTTPURC: "err",0,1\r\n'));
	assert.deepEqual(events, ['line:+MHTTPURC: "ind",0', 'line:+MHTTPURC: "err",0,1']);
});

spec("ml307 at: wake bytes 0xE0 before a line are dropped", () => {
	const { framer, events } = framerLog();
	framer.push(Uint8Array.of(0xe0, 0x4f, 0x4b, 0x0d, 0x0a));
	assert.deepEqual(events, ["line:OK"]);
});

spec("ml307 at: information lines keep quoted commas and tell quoted from bare", () => {
	const line = parseInfoLine('+COPS: 0,0,"CHINA, MOBILE",7');
	assert.equal(line?.name, "COPS");
	assert.deepEqual(
		line?.args.map((a) => [a.text, a.quoted]),
		[
			["0", false],
			["0", false],
			["CHINA, MOBILE", true],
			["7", false],
		],
	);
	assert.deepEqual(parseInfoLine("+MATREADY"), { name: "MATREADY", args: [] });
	assert.equal(parseInfoLine("OK"), undefined);
	assert.equal(integerArgument(splitArguments("123456789")[0]), 123456789);
	assert.equal(integerArgument(splitArguments("869663071312008")[0]), undefined, "15 digits stay text");
	assert.equal(integerArgument(splitArguments('"7"')[0]), undefined, "quoted is not a number");
});

spec("ml307 at: +CEREG query and URC forms give the same registration", () => {
	const query = parseCereg(parseInfoLine('+CEREG: 2,1,"2490","015B290F",7')!.args);
	const urc = parseCereg(parseInfoLine('+CEREG: 1,"2490","015B290F",7')!.args);
	assert.deepEqual(query, { stat: 1, tac: "2490", ci: "015B290F", AcT: 7 });
	assert.deepEqual(urc, query);
	assert.deepEqual(parseCereg(parseInfoLine("+CEREG: 2,3")!.args), { stat: 3 });
	assert.deepEqual(parseCereg(parseInfoLine("+CEREG: 3")!.args), { stat: 3 });
	assert.deepEqual(parseCereg(parseInfoLine('+CEREG: 2,5,"2490","0A80AD0D"')!.args), { stat: 5, tac: "2490", ci: "0A80AD0D" });
	assert.deepEqual(parseCereg(parseInfoLine('+CEREG: 2,1,"2490"')!.args), { stat: 1 }, "location needs tac and ci");
	assert.equal(parseCereg([]), undefined);
});

spec("ml307 at: UTF-8 and hex codecs round-trip", () => {
	const text = "中国移动 ok \u{1f600}";
	assert.equal(utf8Decode(utf8Encode(text)), text);
	assert.equal(hexEncode(utf8Encode("/xiaozhi/ota/")), "2F7869616F7A68692F6F74612F");
	assert.deepEqual(hexDecode("2f78"), Uint8Array.of(0x2f, 0x78));
	assert.equal(hexDecode("2F7"), undefined);
	assert.equal(hexDecode("ZZ"), undefined);
	// One U+FFFD for the cut character (the WHATWG decoder's maximal subpart), not one a byte.
	assert.equal(utf8Decode(Uint8Array.of(0xe4, 0xb8)), "\ufffd", "a cut sequence is replaced, not thrown");
	assert.equal(utf8Decode(Uint8Array.of(0x41, 0xe4, 0xb8, 0xad, 0x42), 1, 3), "\ufffd", "the end bound cuts the character");
	assert.equal(utf8Decode(Uint8Array.of(0x41, 0xe4, 0xb8, 0xad, 0x42), 1, 4), "\u4e2d");
	assert.equal(utf8Decode(Uint8Array.of(0xc0, 0x80, 0xed, 0xa0, 0x80)), "\ufffd".repeat(5), "overlong and surrogate bytes");
	assert.throws(() => asciiBytes("é"), /ASCII/);
});

spec("ml307 at: OK, ERROR and +CME ERROR end a command; a bad code is kept", async () => {
	const clock = new ManualClock();
	const { port, written, modemSays } = manualPort();
	const channel = new AtChannel(port, clock);
	const first = channel.send("AT+CPIN?", { infoNames: ["CPIN"] });
	await clock.flush();
	assert.deepEqual(written, ["AT+CPIN?\r\n"]);
	modemSays("\r\n+CME ERROR: 10\r\n");
	const result = await first;
	assert.equal(result.ok, false);
	if (!result.ok) {
		assert.equal(result.failure, "cme-error");
		assert.equal(result.code, 10);
	}
	const second = channel.send("AT+FOO");
	await clock.flush();
	modemSays("\r\nERROR\r\n");
	const failed = await second;
	assert.equal(failed.ok ? "ok" : failed.failure, "error");
});

spec("ml307 at: a URC between the answer and its OK goes to its listener, not to the command", async () => {
	const clock = new ManualClock();
	const { port, modemSays } = manualPort();
	const channel = new AtChannel(port, clock);
	const urcs: string[] = [];
	channel.onUrc("CEREG", (line) => urcs.push(line));
	channel.onUrc("MHTTPURC", (line) => urcs.push(line));
	const pending = channel.send("AT+CSQ", { infoNames: ["CSQ"] });
	await clock.flush();
	modemSays('\r\n+CSQ: 24,99\r\n\r\n+CEREG: 1,"2490","0A80AD0D",7\r\n\r\n+MHTTPURC: "content",0,2,2,2,7B7D\r\n\r\nOK\r\n');
	const result = await pending;
	assert.ok(result.ok);
	assert.deepEqual(result.info, ["+CSQ: 24,99"]);
	assert.deepEqual(urcs, ['+CEREG: 1,"2490","0A80AD0D",7', '+MHTTPURC: "content",0,2,2,2,7B7D']);
});

spec("ml307 at: a command times out, and its late OK is not given to the next command", async () => {
	const clock = new ManualClock();
	const { port, modemSays } = manualPort();
	const channel = new AtChannel(port, clock);
	const slow = channel.send("AT+CSQ", { infoNames: ["CSQ"], timeoutMs: 300 });
	await clock.run(slow).then((r) => assert.equal(r.ok ? "ok" : r.failure, "timeout"));
	assert.equal(clock.now(), 300);
	const next = channel.send("AT+COPS?", { infoNames: ["COPS"], timeoutMs: 1000 });
	await clock.flush();
	// The late answer to AT+CSQ arrives now; the OK must not complete AT+COPS?.
	modemSays("\r\n+CSQ: 24,99\r\n\r\nOK\r\n");
	await clock.flush();
	modemSays('\r\n+COPS: 0,0,"CHINA MOBILE",7\r\n\r\nOK\r\n');
	const result = await next;
	assert.ok(result.ok);
	assert.deepEqual(result.info, ['+COPS: 0,0,"CHINA MOBILE",7']);
	assert.equal(channel.stats.staleFinals, 1, "the late OK was recognised by the +CSQ line before it");
});

spec("ml307 at: a final result with no command waiting is counted and dropped", async () => {
	const clock = new ManualClock();
	const { port, modemSays } = manualPort();
	const channel = new AtChannel(port, clock);
	modemSays("\r\nOK\r\n");
	assert.equal(channel.stats.staleFinals, 1);
	const next = channel.send("AT");
	await clock.flush();
	modemSays("\r\nOK\r\n");
	assert.ok((await next).ok);
});

spec("ml307 at: data mode waits for >, sends the bytes raw, then waits for OK", async () => {
	const clock = new ManualClock();
	const { port, written, modemSays } = manualPort();
	const channel = new AtChannel(port, clock);
	const pending = channel.send("AT+MHTTPCONTENT=0,0,4", { data: utf8Encode("a,\r\n") });
	await clock.flush();
	assert.equal(written.length, 1);
	modemSays("\r\n>");
	assert.deepEqual(written, ["AT+MHTTPCONTENT=0,0,4\r\n", "a,\r\n"]);
	modemSays(" \r\nOK\r\n");
	assert.ok((await pending).ok);
});

spec("ml307 at: an echoed command line is ignored", async () => {
	const { stack, run } = setUp({ echo: true }, { hostBaud: 921600 });
	const result = await run(stack.channel.send("AT+CGMR", { timeoutMs: 3000 }));
	assert.ok(result.ok);
	assert.deepEqual(result.text, ["ML307R-DL-MBRH0S00"]);
});

/** An ECMA-419 serial the spec drives by hand: what the adapter wrote, and its callbacks. */
function fakeSerials() {
	const opened: {
		baud: number;
		closed: boolean;
		written: number[][];
		pending: ArrayBuffer[];
		rxLostBytes: number | undefined;
		readable: (count: number) => void;
		writable: (count: number) => void;
	}[] = [];
	const port = new Ecma419SerialPort(({ baud, onReadable, onWritable }) => {
		const uart = {
			baud,
			closed: false,
			written: [] as number[][],
			pending: [] as ArrayBuffer[],
			rxLostBytes: undefined as number | undefined,
			readable: (count: number) => onReadable.call(serial, count),
			writable: (count: number) => onWritable.call(serial, count),
		};
		const serial = {
			read: () => uart.pending.shift(),
			write: (data: ArrayBuffer) => {
				if (uart.closed) throw new Error("closed");
				uart.written.push([...new Uint8Array(data)]);
			},
			close: () => void (uart.closed = true),
			get rxLostBytes() {
				return uart.rxLostBytes;
			},
		};
		opened.push(uart);
		return serial;
	});
	return { port, opened };
}

spec("ml307 at: the ECMA-419 adapter drains onReadable, copies writes and reopens the UART to change rate", () => {
	const { port, opened } = fakeSerials();
	const received: string[] = [];
	port.setReceiver((bytes) => received.push(utf8Decode(bytes)));
	opened[0]!.writable(128);
	const view = utf8Encode("xxAT\r\n").subarray(2);
	port.write(view);
	assert.deepEqual(opened[0]!.written, [[0x41, 0x54, 0x0d, 0x0a]], "only the view's bytes are sent");
	opened[0]!.pending.push(utf8Encode("\r\nO").buffer as ArrayBuffer, utf8Encode("K\r\n").buffer as ArrayBuffer);
	opened[0]!.readable(6);
	assert.deepEqual(received, ["\r\nO", "K\r\n"]);
	assert.equal(port.baudRate, 115200);
	port.setBaudRate(921600);
	assert.equal(opened.length, 2);
	assert.ok(opened[0]!.closed);
	assert.equal(opened[1]!.baud, 921600);
	port.setBaudRate(921600);
	assert.equal(opened.length, 2, "same rate: no reopen");
});

spec("ml307 at: the ECMA-419 adapter never hands the serial more than the space it announced; the rest goes out from onWritable, in order", () => {
	const { port, opened } = fakeSerials();
	const uart = opened[0]!;
	const data = new Uint8Array(300).map((_, i) => i & 0xff);
	port.write(data.subarray(0, 100));
	assert.deepEqual(uart.written, [], "nothing before the first onWritable");
	let sent = 0;
	assert.equal(port.whenSent(() => sent++), true);
	uart.writable(128);
	assert.equal(sent, 1, "told when what waited was handed over");
	port.write(data.subarray(100));
	assert.deepEqual(uart.written.map((piece) => piece.length), [100, 28], "the announced 128 bytes, no more");
	assert.equal(port.whenSent(() => sent++), true);
	uart.writable(118);
	uart.writable(128);
	assert.deepEqual(uart.written.map((piece) => piece.length), [100, 28, 118, 54]);
	assert.deepEqual(uart.written.flat(), [...data], "every byte once, in order");
	assert.equal(sent, 2, "told once everything was handed over");
	assert.equal(port.whenSent(() => undefined), false, "nothing waits");
	assert.throws(() => port.write(new Uint8Array(TX_QUEUE_BYTES + 1)), /output queue/, "a write beyond the queue's bound is refused");
	port.setBaudRate(921600);
	opened[1]!.writable(128);
	assert.deepEqual(opened[1]!.written, [], "a reopen drops what waited for the old port");
});

spec("ml307 at: the ECMA-419 adapter reports bytes the serial lost after the bytes read before them", () => {
	const { port, opened } = fakeSerials();
	const uart = opened[0]!;
	const log: string[] = [];
	port.setReceiver(
		(bytes) => log.push(utf8Decode(bytes)),
		(count) => log.push(`lost ${count}`),
	);
	uart.rxLostBytes = 0;
	uart.pending.push(utf8Encode("\r\nOK\r\n").buffer as ArrayBuffer);
	uart.readable(6);
	uart.rxLostBytes = 40;
	uart.pending.push(utf8Encode("+MHTTPURC: \"content\",0,9").buffer as ArrayBuffer);
	uart.readable(25);
	uart.rxLostBytes = 52;
	uart.pending.push(utf8Encode("\r\n").buffer as ArrayBuffer);
	uart.readable(2);
	assert.deepEqual(log, ["\r\nOK\r\n", '+MHTTPURC: "content",0,9', "lost 40", "\r\n", "lost 12"]);
});

spec("ml307 at: the ECMA-419 adapter takes the space a serial announces while it is being made, and ignores a closed serial's callbacks", () => {
	const written: number[][] = [];
	let late: ((count: number) => void) | undefined;
	const port = new Ecma419SerialPort(({ onWritable }) => {
		const serial = {
			read: () => undefined,
			write: (data: ArrayBuffer) => void written.push([...new Uint8Array(data)]),
			close: () => undefined,
		};
		onWritable.call(serial, 128);
		late = (count) => onWritable.call(serial, count);
		return serial;
	});
	port.write(utf8Encode("AT\r\n"));
	assert.deepEqual(written, [[0x41, 0x54, 0x0d, 0x0a]], "the space announced during the open counts");
	const closedOne = late!;
	port.setBaudRate(921600);
	port.write(new Uint8Array(200));
	assert.deepEqual(written.map((piece) => piece.length), [4, 128], "the new serial announced 128 bytes while it was made");
	closedOne(128);
	assert.equal(written.length, 2, "the closed serial's late onWritable is ignored");
	late!(128);
	assert.deepEqual(written.map((piece) => piece.length), [4, 128, 72]);
	port.close();
	port.write(new Uint8Array(10));
	late!(128);
	assert.equal(written.length, 3, "nothing goes to a closed serial");
});

spec("ml307 at: the default receive buffer holds the longest line the modem sends (a 1460-byte content piece in hex) and no more", async () => {
	const clock = new ManualClock();
	const { port, modemSays } = manualPort();
	const channel = new AtChannel(port, clock);
	const urcs: string[] = [];
	const losses: string[] = [];
	channel.onUrc("MHTTPURC", (line) => urcs.push(line));
	channel.onLoss((detail) => losses.push(detail));
	// Every number at its widest (ten digits), the hex quoted: the longest content URC of a full TCP segment.
	const longest = `+MHTTPURC: "content",0,4294967295,4294967295,1460,"${"7B".repeat(1460)}"`;
	assert.ok(longest.length + 2 <= DEFAULT_RECEIVE_BUFFER_BYTES, `${longest.length + 2} bytes fit the buffer`);
	modemSays(`\r\n${longest}\r\n`);
	assert.deepEqual(urcs, [longest]);
	assert.deepEqual(losses, []);
	// A line past the buffer is dropped up to its CR LF and reported, as before; the next one survives.
	modemSays(`\r\n+MHTTPURC: "content",0,9,9,9,"${"7B".repeat(2100)}"\r\n+MHTTPURC: "content",0,2,2,2,7B7D\r\n`);
	assert.equal(losses.length, 1, "the over-long line is reported");
	assert.equal(channel.stats.overflows, 1);
	assert.deepEqual(urcs, [longest, '+MHTTPURC: "content",0,2,2,2,7B7D']);
	assert.ok(DEFAULT_RECEIVE_BUFFER_BYTES < 2 * (longest.length + 2), "the buffer the channel holds for the whole run is sized by that line, not twice it");
});

spec("ml307 at: the ECMA-419 adapter hands the serial a whole buffer written as that buffer, not a copy (the port copies it into its TX ring)", () => {
	const handed: ArrayBuffer[] = [];
	let writable: ((count: number) => void) | undefined;
	const port = new Ecma419SerialPort(({ onWritable }) => {
		const serial = { read: () => undefined, write: (data: ArrayBuffer) => void handed.push(data), close: () => undefined };
		writable = (count) => onWritable.call(serial, count);
		return serial;
	});
	const queued = new Uint8Array(100).fill(0x41);
	port.write(queued);
	writable!(128);
	assert.equal(handed[0], queued.buffer, "a write that waited and goes out whole: the caller's buffer itself");
	const line = utf8Encode("AT+CSQ\r\n");
	port.write(line);
	assert.equal(handed[1], line.buffer, "a write that fits: the caller's buffer itself");
	const long = new Uint8Array(200).fill(0x42);
	port.write(long);
	writable!(128);
	writable!(128);
	assert.deepEqual(
		handed.slice(2).map((piece) => [piece === long.buffer, piece.byteLength]),
		[
			[false, 20],
			[false, 128],
			[false, 52],
		],
		"a write cut to the announced space: copies of exactly its pieces",
	);
	port.write(utf8Encode("xxAT\r\n").subarray(2));
	assert.deepEqual([...new Uint8Array(handed[5]!)], [0x41, 0x54, 0x0d, 0x0a], "a view of part of a buffer: a copy of exactly its bytes");
	assert.equal(handed.length, 6);
});

spec("ml307 at: offUrc and offLoss take a listener off by name, with no unsubscribe function made", async () => {
	const clock = new ManualClock();
	const { port, modemSays } = manualPort();
	const channel = new AtChannel(port, clock, { receiveBufferBytes: 64 });
	const heard: string[] = [];
	const urc = (line: string): void => void heard.push(line);
	const loss = (detail: string): void => void heard.push(`loss: ${detail}`);
	channel.onUrc("CEREG", urc);
	channel.onUrc("MATREADY", urc);
	channel.onLoss(loss);
	modemSays("\r\n+CEREG: 1\r\n");
	channel.offUrc("CEREG", urc);
	modemSays("\r\n+CEREG: 2\r\n\r\n+MATREADY\r\n");
	modemSays(`\r\n+X: ${"A".repeat(100)}\r\n`);
	channel.offLoss(loss);
	channel.offUrc("MATREADY", urc);
	channel.offUrc("NEVER", urc);
	modemSays(`\r\n+MATREADY\r\n\r\n+X: ${"A".repeat(100)}\r\n`);
	assert.equal(heard.length, 3);
	assert.deepEqual(heard.slice(0, 2), ["+CEREG: 1", "+MATREADY"]);
	assert.match(heard[2]!, /^loss: .*overflowed/);
});
