/*
 * Runs a Moddable `lin` debug build (mc.so) in mcsim with no one at the debugger: serves the
 * xsbug protocol on 127.0.0.1, hands every trace() line to a callback, reports exceptions
 * (with their stack) and lets the app continue, and records the instrumentation samples
 * (chunk and slot heap use) the debug build sends once a second.
 *
 * The protocol parser is the SDK's own (tools/xsbug-log/xsbug-machine.js in $MODDABLE),
 * loaded at run time from the SDK being used; nothing of the SDK is kept in this project.
 */
import { createRequire } from "node:module";
import { createServer, type Server, type Socket } from "node:net";
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";

export interface XsbugSessionOptions {
	readonly moddable: string;
	readonly app: string;
	/** Folder of mcsim device definitions (the 128x32 OLED). */
	readonly simsDir: string;
	/** Private HOME for mcsim's settings, so runs do not share state. */
	readonly home: string;
	readonly onLine: (line: string) => void;
	readonly onException: (text: string) => void;
	/** Whether xsbug stops (and reports) on every exception thrown; default true. */
	readonly stopOnExceptions?: boolean;
	/** Command to wrap mcsim in (xvfb-run …) when there is no display. */
	readonly wrapper?: readonly string[];
	/** Each once-a-second instrument sample (values per instrument name), in order with the trace lines. */
	readonly onSample?: (values: ReadonlyMap<string, number>) => void;
}

export interface InstrumentPeak {
	readonly name: string;
	readonly unit: string;
	readonly peak: number;
}

interface MachineInstance {
	title?: string;
	instruments: { name: string; unit: string; value?: string }[];
	doSetAllBreakpoint(breakpoints: unknown[], exceptions: boolean, start: boolean): void;
}

type MachineClass = new (input: Socket, output: Socket) => MachineInstance;

export class XsbugSession {
	readonly #options: XsbugSessionOptions;
	#server: Server | undefined;
	#child: ChildProcess | undefined;
	readonly #peaks = new Map<string, InstrumentPeak>();
	#exited: Promise<number | null> | undefined;

	constructor(options: XsbugSessionOptions) {
		this.#options = options;
	}

	get peaks(): InstrumentPeak[] {
		return [...this.#peaks.values()];
	}

	/** Listens on an ephemeral 127.0.0.1 port, then starts mcsim pointed at it. */
	async start(): Promise<void> {
		const require = createRequire(import.meta.url);
		const machinePath = join(this.#options.moddable, "tools/xsbug-log/xsbug-machine.js");
		try {
			require.resolve("saxophone", { paths: [join(this.#options.moddable, "tools/xsbug-log")] });
		} catch {
			throw new Error(`the SDK's xsbug-log needs its dependency: (cd ${join(this.#options.moddable, "tools/xsbug-log")} && npm install)`);
		}
		const { Machine } = require(machinePath) as { Machine: MachineClass };
		const options = this.#options;
		const peaks = this.#peaks;
		class RunnerMachine extends Machine {
			#partial = "";
			frames: { name: string; path?: string; line?: string }[] = [];
			onTitleChanged(title: string, tag: string): void {
				(Machine.prototype as unknown as { onTitleChanged(title: string, tag: string): void }).onTitleChanged.call(this, title, tag);
				// Stop on exceptions, so they are reported (unless the app throws on purpose, as the SDK contracts do).
				this.doSetAllBreakpoint([], false, options.stopOnExceptions ?? true);
			}
			onLogged(_path: string, _line: string, data: string): void {
				this.#partial += data;
				let newline: number;
				while ((newline = this.#partial.indexOf("\n")) >= 0) {
					options.onLine(this.#partial.slice(0, newline));
					this.#partial = this.#partial.slice(newline + 1);
				}
			}
			onViewChanged(name: string, items: { name: string; path?: string; line?: string }[]): void {
				if (name === "frames") this.frames = items;
			}
			onBroken(path: string, line: string, text: string): void {
				const stack = this.frames.map((frame) => `  at ${frame.name}${frame.path ? ` ${frame.path}:${frame.line}` : ""}`).join("\n");
				options.onException(`${text.trim()}${path ? ` (${path}:${line})` : ""}\n${stack}`);
				(Machine.prototype as unknown as { onBroken(this: unknown, p: string, l: string, t: string): void }).onBroken.call(this, path, line, text);
			}
			onInstrumentValues(values: string[]): void {
				(Machine.prototype as unknown as { onInstrumentValues(this: unknown, v: string[]): void }).onInstrumentValues.call(this, values);
				const sample = new Map<string, number>();
				for (const instrument of this.instruments) {
					const value = Number(instrument.value);
					sample.set(instrument.name, value);
					const known = peaks.get(instrument.name);
					if (Number.isFinite(value) && (!known || value > known.peak))
						peaks.set(instrument.name, { name: instrument.name, unit: instrument.unit, peak: value });
				}
				options.onSample?.(sample);
			}
		}
		this.#server = createServer((socket) => {
			socket.setEncoding("utf8");
			socket.on("error", () => {});
			new RunnerMachine(socket, socket);
		});
		const port = await new Promise<number>((resolve, reject) => {
			this.#server!.once("error", reject);
			this.#server!.listen(0, "127.0.0.1", () => {
				const address = this.#server!.address();
				resolve(typeof address === "object" && address ? address.port : 0);
			});
		});
		const mcsim = join(this.#options.moddable, "build/bin/lin/release/mcsim");
		const wrapper = this.#options.wrapper ?? [];
		const command = wrapper.length ? wrapper[0]! : mcsim;
		const args = wrapper.length ? [...wrapper.slice(1), mcsim, this.#options.simsDir, this.#options.app] : [this.#options.simsDir, this.#options.app];
		this.#child = spawn(command, args, {
			stdio: ["ignore", "inherit", "inherit"],
			detached: true, // its own process group, so stop() ends xvfb-run and mcsim together
			env: { ...process.env, HOME: this.#options.home, XSBUG_HOST: "127.0.0.1", XSBUG_PORT: String(port) },
		});
		this.#exited = new Promise((resolve) => this.#child!.once("exit", (code) => resolve(code)));
	}

	/** Resolves with mcsim's exit code if it ends by itself. */
	exited(): Promise<number | null> {
		return this.#exited ?? Promise.resolve(null);
	}

	async stop(): Promise<void> {
		const child = this.#child;
		if (child && child.exitCode === null && child.pid !== undefined) {
			try {
				process.kill(-child.pid, "SIGTERM");
			} catch {
				// already gone
			}
			await Promise.race([this.exited(), new Promise((resolve) => setTimeout(resolve, 2000))]);
		}
		await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
	}
}
