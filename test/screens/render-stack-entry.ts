/*
 * XS side of the renderer's stack test (board-stack.test.ts): renders catalog screens with
 * part of the stack already in use. Results go back to Node through issueCommand.
 */
import { ScreenPresenter } from "screens/presenter";
import type { Language } from "screens/strings";
import { SCREEN_CATALOG } from "./catalog.ts";
import { report, withStackUsed } from "../support/board-stack-probe.ts";

const LANGUAGES: readonly Language[] = ["zh-CN", "en-US"];

const renderProbe = {
	/** Renders the named catalog screens (all when `names` is empty) in both languages, `slots` deep. */
	renderBelow(slots: number, names: readonly string[]): void {
		const entries = SCREEN_CATALOG.filter((entry) => names.length === 0 || names.includes(entry.name));
		if (entries.length === 0) throw new Error(`no catalog screen named ${names.join(", ")}`);
		const presenters = LANGUAGES.map((language) => new ScreenPresenter(language));
		withStackUsed(slots, () => {
			for (const entry of entries) for (const presenter of presenters) presenter.render(entry.view, entry.frameIndex);
		});
		report("survived");
	},
	/** The same with nothing to do at the bottom: the baseline of renderBelow. */
	idleBelow(slots: number): void {
		withStackUsed(slots, () => undefined);
		report("survived");
	},
};
(globalThis as unknown as { renderProbe: typeof renderProbe }).renderProbe = renderProbe;
