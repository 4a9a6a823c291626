/*
 * The activation screens on the device: each activation event goes through the pure
 * reducer and renderer (modules/screens), and the resulting 1-bit frame is drawn with Poco
 * as one Bitmap.Monochrome. The SSD1306 driver only takes whole frames (its adaptInvalid
 * widens every update), so every draw is a full-frame `begin()`; a view that shows the same as
 * the last one is not rendered again, a changed one is rendered into the one frame made at
 * start (ScreenPresenter), a frame equal to the one on the panel is not sent again, and
 * countdown-only changes are drawn at most once a second.
 */
import Poco, { type PocoPrototype } from "commodetto/Poco";
import Bitmap from "commodetto/Bitmap";
import type { PixelsOut } from "commodetto/PixelsOut";
import type { ActivationEvent } from "activation/events";
import { ScreenPresenter } from "screens/presenter";
import type { Language } from "screens/strings";
import { INITIAL_VIEW, screenViewFor, type ScreenView } from "screens/view";
import { FRAME_BYTES, FRAME_HEIGHT, FRAME_WIDTH, type Frame } from "screens/frame";

/** Countdown redraws closer together than this are skipped (the next tick carries the change). */
const COUNTDOWN_MIN_INTERVAL_MS = 1000;
/** One drawMonochrome per frame: a short display list is plenty. */
const DISPLAY_LIST_BYTES = 256;

export interface PocoScreenOptions {
	readonly language: Language;
	/** Monotonic milliseconds (Time.ticks on the device). */
	readonly now: () => number;
	/** Scroll rows that do not fit (a long server message); `tick()` moves them. Default: shorten with an ellipsis. */
	readonly scroll?: boolean;
	/**
	 * Runs a draw later, from a shallow stack (e.g. a timer turn): events arrive deep in the
	 * flow's calls, and a render there adds its depth to theirs (the XS stack's peak). Events
	 * before the draw runs are coalesced into one frame. Default: draw at once.
	 */
	readonly schedule?: (draw: () => void) => void;
}

export class PocoScreen {
	readonly #poco: PocoPrototype;
	readonly #options: PocoScreenOptions;
	/**
	 * What the panel shows now; the bitmap Poco draws reads this buffer. Its bytes are outside
	 * the XS heap (a SharedArrayBuffer is malloc'd, never moved): for pixels in a movable
	 * ArrayBuffer Poco turns the collector off from drawMonochrome() to end(), and end()
	 * allocates, so a draw that met a full heap aborted XS ("memory full", the 4G run).
	 */
	readonly #shown = new Uint8Array(new SharedArrayBuffer(FRAME_BYTES));
	readonly #bitmap: ReturnType<typeof makeBitmap>;
	readonly #lit: number;
	readonly #dark: number;
	readonly #presenter: ScreenPresenter;
	#view: ScreenView = INITIAL_VIEW;
	#drawnOnce = false;
	#lastDrawAt = Number.NEGATIVE_INFINITY;
	#frameIndex = 0;
	#drawScheduled = false;
	/** Frames sent to the panel (for the log and tests). */
	draws = 0;

	constructor(pixelsOut: PixelsOut, options: PocoScreenOptions) {
		if (pixelsOut.width !== FRAME_WIDTH || pixelsOut.height !== FRAME_HEIGHT)
			throw new RangeError(`PocoScreen: needs a ${FRAME_WIDTH}x${FRAME_HEIGHT} screen, got ${pixelsOut.width}x${pixelsOut.height}`);
		this.#poco = new Poco(pixelsOut, { displayListLength: DISPLAY_LIST_BYTES });
		this.#options = options;
		this.#presenter = new ScreenPresenter(options.language);
		this.#bitmap = makeBitmap(this.#shown);
		this.#lit = this.#poco.makeColor(255, 255, 255);
		this.#dark = this.#poco.makeColor(0, 0, 0);
	}

	get view(): ScreenView {
		return this.#view;
	}

	/** Feed every activation event here (the ActivationFlow's onEvent). */
	onEvent(event: ActivationEvent): void {
		this.showView(screenViewFor(this.#view, event), event.type === "countdown");
	}

	/** Show a view the host makes itself (network bring-up before the flow starts). */
	showView(view: ScreenView, countdownOnly = false): void {
		this.#view = view;
		if (countdownOnly && this.#options.now() - this.#lastDrawAt < COUNTDOWN_MIN_INTERVAL_MS) return;
		this.#present();
	}

	/** Advance scrolling rows one step; call it on a timer (e.g. every 400 ms) when `scroll` is on. */
	tick(): void {
		if (!this.#options.scroll) return;
		this.#frameIndex++;
		this.#present();
	}

	/** Draws `frame` unless the panel already shows it. Returns whether it was sent. */
	show(frame: Frame): boolean {
		if (frame.length !== FRAME_BYTES) throw new RangeError(`PocoScreen: a frame is ${FRAME_BYTES} bytes, got ${frame.length}`);
		if (this.#drawnOnce && sameBytes(frame, this.#shown)) return false;
		this.#shown.set(frame);
		const poco = this.#poco;
		poco.begin();
		poco.drawMonochrome(this.#bitmap, this.#lit, this.#dark, 0, 0);
		poco.end();
		this.#drawnOnce = true;
		this.#lastDrawAt = this.#options.now();
		this.draws++;
		return true;
	}

	close(): void {
		this.#poco.close();
	}

	#present(): void {
		const schedule = this.#options.schedule;
		if (!schedule) return this.#draw();
		if (this.#drawScheduled) return;
		this.#drawScheduled = true;
		schedule(() => {
			this.#drawScheduled = false;
			this.#draw();
		});
	}

	#draw(): void {
		if (this.#presenter.render(this.#view, this.#options.scroll ? this.#frameIndex : undefined)) this.show(this.#presenter.frame);
	}
}

function makeBitmap(pixels: Uint8Array): InstanceType<typeof Bitmap> {
	return new Bitmap(FRAME_WIDTH, FRAME_HEIGHT, Bitmap.Monochrome, pixels.buffer as ArrayBuffer, pixels.byteOffset);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
	for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
	return true;
}
