/*
 * The activation screens: golden frames pixel for pixel, and the layout rules checked on the
 * rendered pixels (digit size and spacing, the code never shortened, long texts shortened
 * or wrapped on whole glyphs). Runs on Node and on XS.
 */
import { spec, assert, fixture } from "../support/spec.ts";
import { renderScreen, placeOfCode, secondsLeft, type RenderOptions } from "screens/render";
import { stringsFor } from "screens/strings";
import type { ScreenView, CodeStatus } from "screens/view";
import type { Language } from "screens/strings";
import { FRAME_BYTES, FRAME_HEIGHT, FRAME_WIDTH, pixelAt, type Frame } from "screens/frame";
import { SCREEN_CATALOG, LANGUAGES } from "./catalog.ts";
import { FRAMES_FIXTURE, goldenName, parseFramesHexFile } from "./golden.ts";
import { band, differingPixels, inkGroups, inkRows } from "./probe.ts";

/** The digit band: rows under the top row, where the code is drawn. */
const DIGIT_TOP = 14;
const BOTTOM = FRAME_HEIGHT - 1;

function codeView(code: string, message: string, status: CodeStatus = { phase: "shown" }): ScreenView {
	return { kind: "code", code, message, status };
}

function render(view: ScreenView, language: Language, options: RenderOptions = {}): Frame {
	// strict: a glyph cut by the frame edge throws instead of passing unseen.
	return renderScreen(view, language, { ...options, strict: true });
}

let goldenFrames: Map<string, Frame> | undefined;
function golden(name: string): Frame {
	goldenFrames ??= parseFramesHexFile(fixture(FRAMES_FIXTURE));
	const frame = goldenFrames.get(name);
	if (!frame) throw new Error(`no golden frame ${name} in ${FRAMES_FIXTURE}; run test/screens/update-golden.ts`);
	return frame;
}

for (const entry of SCREEN_CATALOG) {
	spec(`screens: ${entry.name} matches its golden frames pixel for pixel (zh-CN, en-US)`, () => {
		for (const language of LANGUAGES) {
			const frame = render(entry.view, language, entry.frameIndex === undefined ? {} : { frameIndex: entry.frameIndex });
			assert.equal(frame.length, FRAME_BYTES);
			assert.equal(differingPixels(frame, golden(goldenName(entry.name, language))), 0, `${entry.name} ${language}: pixels differ`);
		}
	});
}

spec("screens: the golden set covers every screen kind and every failure the flow reports", () => {
	const kinds = new Set(SCREEN_CATALOG.map((e) => e.view.kind));
	for (const kind of ["network", "starting", "checking", "code", "failed", "activated"]) assert.ok(kinds.has(kind as ScreenView["kind"]), kind);
	const failures = new Set(SCREEN_CATALOG.flatMap((e) => (e.view.kind === "failed" ? [e.view.reason.kind] : [])));
	for (const kind of ["no-network", "dns", "connect", "tls", "timeout", "bad-url", "modem", "http-status", "bad-json", "server-error", "unexpected-body", "facts"])
		assert.ok(failures.has(kind as never), `no golden frame for a ${kind} failure`);
});

function digitBoxes(frame: Frame) {
	return inkGroups(frame, DIGIT_TOP, BOTTOM);
}

spec("screens: the six code digits are at least 16 px tall, 12 px wide and evenly spaced", () => {
	for (const language of LANGUAGES) {
		// Digits whose ink spans their whole cell, so ink boxes show the cells.
		const boxes = digitBoxes(render(codeView("209835", "xiaozhi.me\n209835"), language));
		assert.equal(boxes.length, 6, `${language}: six separate digits`);
		for (const box of boxes) {
			assert.ok(box.bottom - box.top + 1 >= 16, `${language}: digit ${box.bottom - box.top + 1} px tall`);
			assert.equal(box.right - box.left + 1, 12, `${language}: digit width`);
		}
		const steps = boxes.slice(1).map((box, i) => box.left - boxes[i]!.left);
		assert.deepEqual(new Set(steps).size, 1, `${language}: uneven steps ${steps.join(",")}`);
		assert.ok(steps[0]! - 12 >= 3, "at least 3 px between digits");
		const leftMargin = boxes[0]!.left;
		const rightMargin = FRAME_WIDTH - 1 - boxes[5]!.right;
		assert.ok(Math.abs(leftMargin - rightMargin) <= 1, `centred: ${leftMargin} vs ${rightMargin}`);
	}
});

spec("screens: 5- and 7-digit codes keep the large digits, evenly spaced and inside the screen", () => {
	for (const code of ["20983", "2098350"]) {
		for (const language of LANGUAGES) {
			const boxes = digitBoxes(render(codeView(code, `xiaozhi.me\n${code}`), language));
			assert.equal(boxes.length, code.length, `${code} ${language}`);
			const steps = boxes.slice(1).map((box, i) => box.left - boxes[i]!.left);
			assert.equal(new Set(steps).size, 1, `${code}: uneven steps ${steps.join(",")}`);
			for (const box of boxes) assert.ok(box.bottom - box.top + 1 >= 16);
			assert.ok(boxes[0]!.left >= 0 && boxes[boxes.length - 1]!.right <= FRAME_WIDTH - 1);
		}
	}
});

spec("screens: the code is never shortened or moved, whatever the message or state above it", () => {
	const messages = [
		"xiaozhi.me\n209835",
		"",
		"209835",
		"\n\n",
		"xiaozhi.me 209835",
		"http://xiaozhi.server.com\n209835",
		"a-very-long-self-hosted-console.some-university.example.edu.cn\n209835",
		"请登录控制台添加设备，输入验证码 209835，验证码有效期 24 小时 ☃",
		'{"unexpected":"json"}',
		"x".repeat(500),
	];
	const statuses: CodeStatus[] = [
		{ phase: "shown" },
		{ phase: "activating", attempt: 10, maxAttempts: 10 },
		{ phase: "checking" },
		{ phase: "retry", reason: { kind: "server-error", detail: "Activation code error ".repeat(8) }, retryInMs: 10000 },
	];
	for (const language of LANGUAGES) {
		const reference = band(render(codeView("209835", "xiaozhi.me\n209835"), language), DIGIT_TOP, BOTTOM);
		for (const message of messages)
			for (const status of statuses) {
				const frame = render(codeView("209835", message, status), language);
				assert.equal(band(frame, DIGIT_TOP, BOTTOM), reference, `${language} ${JSON.stringify(message).slice(0, 40)} ${status.phase}`);
				// The row above never reaches into the digits.
				const top = inkRows(frame, 0, DIGIT_TOP - 1);
				if (top) assert.ok(top[1] <= DIGIT_TOP - 2, `row above ends at ${top[1]}`);
			}
	}
});

spec("screens: the server message splits into the site and the code; other shapes stay text", () => {
	assert.deepEqual(placeOfCode("xiaozhi.me\n209835", "209835"), { site: "xiaozhi.me", text: "xiaozhi.me" });
	assert.deepEqual(placeOfCode("xiaozhi.me\r\n209835\n", "209835"), { site: "xiaozhi.me", text: "xiaozhi.me" });
	assert.deepEqual(placeOfCode("xiaozhi.me 209835", "209835"), { site: "xiaozhi.me", text: "xiaozhi.me" });
	assert.deepEqual(placeOfCode("http://xiaozhi.server.com\n123456", "123456"), { site: "xiaozhi.server.com", text: "xiaozhi.server.com" });
	assert.deepEqual(placeOfCode("https://console.example.com:8002/bind/\n123456", "123456"), { site: "console.example.com:8002/bind", text: "console.example.com:8002/bind" });
	assert.deepEqual(placeOfCode("", "209835"), { text: "" });
	assert.deepEqual(placeOfCode("209835", "209835"), { text: "" });
	assert.deepEqual(placeOfCode("Go to xiaozhi.me\nand enter 209835", "209835"), { text: "Go to xiaozhi.me and enter 209835" });
	assert.deepEqual(placeOfCode("xiaozhi.me\n111111", "209835"), { text: "xiaozhi.me 111111" });
});

spec("screens: an unexpected message is shown as text above the code, an empty one gets a label", () => {
	for (const language of LANGUAGES) {
		const site = render(codeView("209835", "xiaozhi.me\n209835"), language);
		const odd = render(codeView("209835", "Bind this device in the console"), language);
		const empty = render(codeView("209835", ""), language);
		assert.ok(inkRows(odd, 0, DIGIT_TOP - 1), "the odd message is drawn");
		assert.ok(inkRows(empty, 0, DIGIT_TOP - 1), "the empty message gets a label");
		assert.ok(differingPixels(band2(site), band2(odd)) > 0);
		assert.ok(differingPixels(band2(site), band2(empty)) > 0);
	}
});

/** The top row alone (the rest cleared), for comparing what it says. */
function band2(frame: Frame): Frame {
	const copy = frame.slice();
	copy.fill(0, DIGIT_TOP * (FRAME_WIDTH / 8));
	return copy;
}

/** Pixels of the small face's ellipsis: three dots on the baseline row, 2 px apart. */
function endsWithEllipsis(frame: Frame, top: number, bottom: number, right = FRAME_WIDTH - 1): boolean {
	const groups = inkGroups(frame, top, bottom).filter((g) => g.right <= right);
	const dots = groups.slice(-3);
	if (dots.length !== 3) return false;
	return dots.every((d) => d.left === d.right && d.top === d.bottom && d.top === dots[0]!.top) && dots[1]!.left - dots[0]!.left === 2 && dots[2]!.left - dots[1]!.left === 2;
}

spec("screens: a long site is shortened with an ellipsis on whole glyphs, beside the attempt count", () => {
	const long = "a-very-long-self-hosted-console.some-university.example.edu.cn";
	for (const language of LANGUAGES) {
		const frame = render(codeView("209835", `${long}\n209835`, { phase: "activating", attempt: 3, maxAttempts: 10 }), language);
		const groups = inkGroups(frame, 0, DIGIT_TOP - 2);
		const note = groups.slice(-3); // "3", "/", "10" ... the note sits at the right edge
		assert.ok(note[note.length - 1]!.right >= FRAME_WIDTH - 2, "the note is right-aligned");
		// The text before the note ends in an ellipsis.
		const noteLeft = groups.filter((g) => g.left > 100)[0]!.left;
		assert.ok(endsWithEllipsis(frame, 0, DIGIT_TOP - 2, noteLeft - 1), `${language}: ellipsis before the note`);
	}
});

spec("screens: a long message scrolls one whole glyph per frame when a frame index is given", () => {
	const view = codeView("209835", "Open the console at https://xiaozhi.me and add this device with the code below");
	const frames = [0, 1, 2, 3, 4, 5, 6, 7, 8].map((frameIndex) => render(view, "en-US", { frameIndex }));
	assert.equal(differingPixels(frames[0]!, frames[1]!), 0, "held at the start first");
	const moving = frames.slice(3).filter((frame, i) => differingPixels(frame, frames[2 + i]!) > 0);
	assert.ok(moving.length >= 4, "then it moves");
	// Every view is whole glyphs: it ends in an ellipsis while more text follows.
	for (const frame of frames) assert.ok(endsWithEllipsis(frame, 0, DIGIT_TOP - 2), "ellipsis at the right end");
	// Without a frame index the row is shortened, not scrolled.
	assert.equal(differingPixels(render(view, "en-US"), frames[0]!), 0);
});

spec("screens: a long host name wraps onto two rows in English, at its dots and dashes", () => {
	const host = "xiaozhi-server.my-very-long-home-lab-domain.example.com";
	const frame = render({ kind: "checking", host, attempt: 1, maxAttempts: 10 }, "en-US");
	const rows = inkRows(frame, 10, BOTTOM);
	assert.ok(rows && rows[1] - rows[0] >= 14, "two rows of host name");
	// A shorter host stays on one row.
	const one = inkRows(render({ kind: "checking", host: "api.tenclass.net", attempt: 1, maxAttempts: 10 }, "en-US"), 10, BOTTOM);
	assert.ok(one && one[1] - one[0] <= 9);
});

spec("screens: a long error reason wraps, and what still does not fit ends in an ellipsis", () => {
	const detail = "License not found or already activated; refresh the code in the console and try again later please";
	for (const language of LANGUAGES) {
		const frame = render({ kind: "failed", reason: { kind: "server-error", detail }, retryInMs: 10000, final: false }, language);
		const rows = inkRows(frame, 12, BOTTOM)!;
		assert.ok(endsWithEllipsis(frame, rows[1] - 4, rows[1]), `${language}: last body row ends in an ellipsis`);
	}
});

spec("screens: every failure kind has its own words, in both languages", () => {
	const kinds = ["no-network", "dns", "connect", "tls", "timeout", "too-large", "truncated", "bad-url", "io", "bad-json", "unexpected-body", "facts"] as const;
	for (const language of LANGUAGES) {
		const seen = new Set<string>();
		for (const kind of kinds) {
			const frame = render({ kind: "failed", reason: { kind, detail: "x" }, retryInMs: 0, final: false }, language);
			seen.add(band(frame, 0, 12));
		}
		assert.equal(seen.size, kinds.length, `${language}: titles repeat`);
		const s500 = band(render({ kind: "failed", reason: { kind: "http-status", status: 500, detail: "" }, retryInMs: 0, final: false }, language), 0, 12);
		const s502 = band(render({ kind: "failed", reason: { kind: "http-status", status: 502, detail: "" }, retryInMs: 0, final: false }, language), 0, 12);
		assert.notEqual(s500, s502, "the status is shown");
	}
});

spec("screens: countdown words: seconds under a minute, m:ss beyond", () => {
	const en = stringsFor("en-US");
	const zh = stringsFor("zh-CN");
	assert.equal(secondsLeft(en, 9001), "10s");
	assert.equal(secondsLeft(zh, 1), "1秒");
	assert.equal(secondsLeft(en, 59000), "59s");
	assert.equal(secondsLeft(en, 60000), "1:00");
	assert.equal(secondsLeft(zh, 2560000), "42:40");
	assert.equal(secondsLeft(en, 65001), "1:06");
});

spec("screens: the countdown shows whole seconds rounded up and disappears at zero", () => {
	const view = (retryInMs: number): ScreenView => ({ kind: "failed", reason: { kind: "connect", detail: "" }, retryInMs, final: false });
	for (const language of LANGUAGES) {
		assert.equal(differingPixels(render(view(9001), language), render(view(10000), language)), 0, "9.001 s shows as 10");
		assert.ok(differingPixels(render(view(9000), language), render(view(10000), language)) > 0);
		// The title bar is inverted: without a countdown its right end is all lit, with one it is not.
		const darkAtRight = (frame: Frame): number => {
			let dark = 0;
			for (let y = 1; y <= 9; y++) for (let x = 104; x < FRAME_WIDTH; x++) if (!pixelAt(frame, x, y)) dark++;
			return dark;
		};
		assert.equal(darkAtRight(render(view(0), language)), 0, "no countdown at zero");
		assert.ok(darkAtRight(render(view(5000), language)) > 0, "a countdown is drawn");
	}
});

spec("screens: odd input still lays out: no glyph cut, unknown characters as boxes", () => {
	const texts = ["", " ", "\u0000\u0007\t\n", "😀 emoji ☃ ü é ñ", "W".repeat(300), "中".repeat(100), "a b c ".repeat(50), "-".repeat(200)];
	for (const language of LANGUAGES)
		for (const text of texts) {
			render({ kind: "starting", userAgent: text }, language);
			render({ kind: "checking", host: text, attempt: 99, maxAttempts: 100 }, language);
			render({ kind: "failed", reason: { kind: "server-error", detail: text }, retryInMs: 123456789, final: false }, language);
			render({ kind: "failed", reason: { kind: "modem", detail: text }, retryInMs: 0, final: true }, language);
			render(codeView("209835", text), language);
			render({ kind: "network", phase: "registering", detail: text }, language);
		}
	// Codes the digit face cannot take (letters, too long) fall back to the small face: every character drawn, none cut.
	for (const code of ["AB12CD", "12345678901"]) {
		const frame = render(codeView(code, "xiaozhi.me"), "en-US");
		assert.equal(inkGroups(frame, DIGIT_TOP - 1, BOTTOM).length, code.length, code);
	}
	const veryLong = render(codeView("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", ""), "en-US");
	const rows = inkRows(veryLong, DIGIT_TOP - 1, BOTTOM)!;
	assert.ok(rows[1] - rows[0] >= 12, "a code longer than a row wraps onto a second row");
});
