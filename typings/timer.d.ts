/* Our declaration of the Moddable "timer" module: only what this project uses. */

declare module "timer" {
	/** Opaque timer handle; the callback receives it. */
	export type TimerId = { readonly __timer: unique symbol };
	export type TimerCallback = (id: TimerId) => void;

	const Timer: {
		/** One-shot after `interval` ms (0 when omitted), repeating every `repeat` ms if given. */
		set(callback: TimerCallback, interval?: number, repeat?: number): TimerId;
		repeat(callback: TimerCallback, interval: number): TimerId;
		schedule(id: TimerId, interval?: number, repeat?: number): void;
		/** Clearing a fired one-shot or an undefined id is harmless. */
		clear(id: TimerId | undefined): void;
		/** Blocks the whole VM: never call it from the app. */
		delay(ms: number): void;
	};
	export default Timer;
}
