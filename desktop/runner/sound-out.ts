/*
 * The runner's `--sound`: everything the device's speaker played, as one WAV file, or
 * played on this desktop (`--sound -`) with the first player found.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeWav } from "../tools/sounds/wav.ts";
import type { NodeSpeaker } from "../node/speaker.ts";

/** Players tried in order for `--sound -`, with the arguments before the file. */
const PLAYERS: readonly (readonly [string, ...string[]])[] = Object.freeze([["play", "-q"], ["paplay"], ["aplay", "-q"], ["ffplay", "-nodisp", "-autoexit", "-loglevel", "quiet"], ["afplay"]]);

function found(command: string): boolean {
	return spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
}

/** Writes (or plays, for "-") what the speaker played; returns the line to show the user. */
export function deliverSound(speaker: NodeSpeaker, target: string): string {
	const pcm = speaker.pcm();
	const wav = writeWav({ sampleRate: speaker.sampleRate, channels: 1, samples: pcm });
	const seconds = (pcm.length / speaker.sampleRate).toFixed(2);
	const clips = speaker.clipCount;
	if (target !== "-") {
		writeFileSync(target, wav);
		return `Sound: ${clips} clips, ${seconds} s written to ${target}`;
	}
	const player = PLAYERS.find(([command]) => found(command));
	if (!player) return `Sound: ${clips} clips, ${seconds} s; no desktop player found (tried ${PLAYERS.map(([c]) => c).join(", ")}): use --sound FILE.wav`;
	const dir = mkdtempSync(join(tmpdir(), "xiaozhi-sound-"));
	try {
		const file = join(dir, "speaker.wav");
		writeFileSync(file, wav);
		const [command, ...args] = player;
		const run = spawnSync(command, [...args, file], { stdio: "ignore" });
		return run.status === 0 ? `Sound: ${clips} clips, ${seconds} s played with ${command}` : `Sound: ${command} failed (exit ${run.status ?? run.signal}); use --sound FILE.wav`;
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
