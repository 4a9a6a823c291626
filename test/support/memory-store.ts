/* An in-memory KeyValueStore that enforces the device's NVS rules, for portable specs. */
import type { KeyValueStore, StoredValue } from "activation/interfaces";
import { checkNvsName, checkNvsWrite } from "activation/nvs-rules";

export class MemoryStore implements KeyValueStore {
	readonly values = new Map<string, StoredValue>();
	writes = 0;

	get(namespace: string, key: string): StoredValue | undefined {
		checkNvsName("namespace", namespace);
		checkNvsName("key", key);
		return this.values.get(`${namespace}/${key}`);
	}

	set(namespace: string, key: string, value: StoredValue): void {
		checkNvsWrite(namespace, key, value);
		this.values.set(`${namespace}/${key}`, value);
		this.writes++;
	}

	remove(namespace: string, key: string): void {
		checkNvsName("namespace", namespace);
		checkNvsName("key", key);
		this.values.delete(`${namespace}/${key}`);
	}
}

export class RecordingLog {
	readonly lines: string[] = [];
	info(message: string): void {
		this.lines.push("I " + message);
	}
	warn(message: string): void {
		this.lines.push("W " + message);
	}
	error(message: string): void {
		this.lines.push("E " + message);
	}
}
