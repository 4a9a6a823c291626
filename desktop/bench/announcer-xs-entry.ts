/*
 * XS side of the sound benchmark: the announcer with a speaker that only counts (the
 * AudioOut enqueue itself is native and not metered), so the Node side can meter what it
 * costs XS to decide and queue a readout.
 */
import { Announcer } from "announcer/announcer";
import { ALL_CLIPS, type ClipId } from "announcer/clips";

let queued = 0;
let now = 0;
const clipMs = new Map(ALL_CLIPS.map((clip) => [clip, clip.endsWith("prompt") ? 3300 : 360]));
const speaker = { play: () => void queued++, pause: () => void queued++, stop: () => void queued++, clipMs: (clip: ClipId) => clipMs.get(clip) ?? 0 };
const announcer = new Announcer(speaker, { language: "zh-CN", now: () => now });
let serial = 100000;

const bench = {
	noop(): void {},
	/** A new code: stop what plays and queue the prompt and six digits twice, with their pauses. */
	readout(): void {
		now += 1000;
		serial++;
		announcer.onEvent({ type: "code", code: String(serial).slice(0, 6), message: "", replaced: true });
	},
	tick(): void {
		now += 1000;
		announcer.onEvent({ type: "countdown", remainingMs: 1000, next: "activate" });
		announcer.tick();
	},
	queued: () => queued,
};
(globalThis as unknown as { bench: typeof bench }).bench = bench;
