/*
 * KeyValueStore for Node hosts: an in-memory NVS that checks every write with the same
 * rules as the board (checkNvsWrite), optionally kept in a JSON file so a second run of
 * the CLI finds the UUID and server settings the first run stored, as a device would.
 */
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import type { KeyValueStore, StoredValue } from "../../modules/activation/interfaces.ts";
import { checkNvsName, checkNvsWrite } from "../../modules/activation/nvs-rules.ts";

const MAX_WRITES_KEPT = 1000;

export type NvsContents = Record<string, Record<string, StoredValue>>;

export interface NvsStoreOptions {
	/** Persist to this JSON file: read at construction (if it exists), rewritten after every write. */
	readonly file?: string;
	/** Contents to start with (checked like writes); a persisted file's contents win over these. */
	readonly initial?: NvsContents;
}

export class NvsStore implements KeyValueStore {
	readonly #data = new Map<string, Map<string, StoredValue>>();
	readonly #file: string | undefined;
	readonly #writes: string[] = [];

	constructor(options: NvsStoreOptions = {}) {
		this.#file = options.file;
		if (options.initial) this.#load(options.initial, "initial contents");
		if (this.#file) {
			let text: string | undefined;
			try {
				text = readFileSync(this.#file, "utf8");
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
			}
			if (text !== undefined) {
				let parsed: unknown;
				try {
					parsed = JSON.parse(text);
				} catch (error) {
					throw new Error(`NVS file ${this.#file} is not JSON: ${(error as Error).message}`, { cause: error });
				}
				this.#load(parsed, `NVS file ${this.#file}`);
			}
		}
	}

	get(namespace: string, key: string): StoredValue | undefined {
		checkNvsName("namespace", namespace);
		checkNvsName("key", key);
		return this.#data.get(namespace)?.get(key);
	}

	set(namespace: string, key: string, value: StoredValue): void {
		checkNvsWrite(namespace, key, value);
		this.#put(namespace, key, value);
		// Bounded: a server that rotates a password on every check must not grow a long run.
		if (this.#writes.push(`${namespace}/${key}`) > MAX_WRITES_KEPT) this.#writes.shift();
		this.#persist();
	}

	/** Erases one key, like nvs_erase_key (the file is rewritten); returns whether it was there. */
	remove(namespace: string, key: string): boolean {
		checkNvsName("namespace", namespace);
		checkNvsName("key", key);
		const entries = this.#data.get(namespace);
		if (!entries?.delete(key)) return false;
		if (entries.size === 0) this.#data.delete(namespace);
		this.#persist();
		return true;
	}

	/** Writes the file now (what a run would write first): an unwritable file shows before anything depends on it. */
	flush(): void {
		this.#persist();
	}

	/** "namespace/key" of every set() since construction (the newest 1000), in order (values left out: they may be secrets). */
	get writes(): readonly string[] {
		return this.#writes;
	}

	/** A plain copy of everything stored. */
	contents(): NvsContents {
		const out: NvsContents = {};
		for (const [namespace, entries] of this.#data) out[namespace] = Object.fromEntries(entries);
		return out;
	}

	#put(namespace: string, key: string, value: StoredValue): void {
		let entries = this.#data.get(namespace);
		if (!entries) this.#data.set(namespace, (entries = new Map()));
		entries.set(key, value);
	}

	#load(contents: unknown, what: string): void {
		if (typeof contents !== "object" || contents === null || Array.isArray(contents))
			throw new TypeError(`${what}: expected an object of namespaces`);
		for (const [namespace, entries] of Object.entries(contents)) {
			if (typeof entries !== "object" || entries === null || Array.isArray(entries))
				throw new TypeError(`${what}: namespace "${namespace}" must be an object of keys`);
			for (const [key, value] of Object.entries(entries as Record<string, unknown>)) {
				try {
					checkNvsWrite(namespace, key, value as StoredValue);
				} catch (error) {
					throw new TypeError(`${what}: ${(error as Error).message}`, { cause: error });
				}
				this.#put(namespace, key, value as StoredValue);
			}
		}
	}

	#persist(): void {
		if (!this.#file) return;
		// Write then rename, so an interrupted run never leaves half a file behind.
		const temporary = `${this.#file}.${process.pid}.tmp`;
		writeFileSync(temporary, JSON.stringify(this.contents(), null, "\t") + "\n", { mode: 0o600 });
		renameSync(temporary, this.#file);
	}
}
