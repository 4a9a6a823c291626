/*
 * The speaker volume, kept where the official firmware keeps it (NVS audio/output_volume,
 * 0-100, default 70) and stepped by the volume buttons.
 */
import type { KeyValueStore } from "activation/interfaces";

export const VOLUME_NAMESPACE = "audio";
export const VOLUME_KEY = "output_volume";
export const DEFAULT_VOLUME = 70;
/** One press of volume up or down. */
export const VOLUME_STEP = 10;

/** The stored volume; the default when nothing (or nothing sensible) is stored. */
export function storedVolume(store: KeyValueStore): number {
	const value = store.get(VOLUME_NAMESPACE, VOLUME_KEY);
	return typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 100 ? value : DEFAULT_VOLUME;
}

/** One button press: the new volume, kept in 0-100 and stored when it changed. */
export function stepVolume(store: KeyValueStore, direction: 1 | -1): number {
	const current = storedVolume(store);
	const next = Math.min(100, Math.max(0, current + direction * VOLUME_STEP));
	if (next !== current || store.get(VOLUME_NAMESPACE, VOLUME_KEY) !== next) store.set(VOLUME_NAMESPACE, VOLUME_KEY, next);
	return next;
}

/** AudioOut's stream volume (0-256, 256 = unity) for a 0-100 setting. */
export function audioOutVolume(percent: number): number {
	return Math.round((Math.min(100, Math.max(0, percent)) * 256) / 100);
}
