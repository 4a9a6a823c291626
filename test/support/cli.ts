/* The runner as a user starts it: bin/xiaozhi-activate.js as a child process, its output collected. */
import { spawn, type ChildProcess } from "node:child_process";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";

export const BIN = fileURLToPath(new URL("../../bin/xiaozhi-activate.js", import.meta.url));

export interface CliRun {
	readonly code: number | null;
	readonly stdout: string;
	readonly stderr: string;
}

export function runCli(args: readonly string[]): Promise<CliRun> {
	return runCliBytes(args).then(({ code, stdout, stderr }) => ({ code, stdout: stdout.toString(), stderr: stderr.toString() }));
}

export interface CliControl {
	/** Called with stdout so far on every chunk; may signal the child. */
	readonly onStdout?: (text: string, child: ChildProcess) => void;
	/** The child is killed (SIGKILL) after this long: a run that would never end fails instead of hanging the test. */
	readonly killAfterMs?: number;
}

export interface CliBytes {
	readonly code: number | null;
	readonly signal: NodeJS.Signals | null;
	readonly stdout: Buffer;
	readonly stderr: Buffer;
	/** performance.now() when the child had exited and its streams were closed. */
	readonly exitedAt: number;
}

/** The same, with the output as bytes (to look for control bytes) and a hand on the child while it runs. */
export function runCliBytes(args: readonly string[], control: CliControl = {}): Promise<CliBytes> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [BIN, ...args], { cwd: tmpdir(), stdio: ["ignore", "pipe", "pipe"] });
		const out: Buffer[] = [];
		const err: Buffer[] = [];
		const killer = control.killAfterMs === undefined ? undefined : setTimeout(() => child.kill("SIGKILL"), control.killAfterMs);
		child.stdout.on("data", (chunk: Buffer) => {
			out.push(chunk);
			control.onStdout?.(Buffer.concat(out).toString(), child);
		});
		child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
		child.on("error", reject);
		child.on("close", (code, signal) => {
			clearTimeout(killer);
			resolve({ code, signal, stdout: Buffer.concat(out), stderr: Buffer.concat(err), exitedAt: performance.now() });
		});
	});
}
