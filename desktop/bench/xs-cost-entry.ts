/*
 * XS side of the cost benchmark: the core's pure steps as global functions, so the Node
 * side can evaluate each one in its own crank and read xsnap's meter for it.
 */
import { buildReport } from "activation/report";
import { parseCheckResponse } from "activation/response";
import { capturedBoard, capturedSystem, CAPTURED_UUID } from "../node/captured-device.ts";

const system = capturedSystem();
const board = capturedBoard();
const identity = { uuid: CAPTURED_UUID, language: "zh-CN" };
let kept: unknown[] = [];

const bench = {
	noop(): void {},
	report(): void {
		kept.push(buildReport(system, board, identity));
	},
	parse(body: string): void {
		kept.push(parseCheckResponse(200, body, "2.0.4"));
	},
	release(): void {
		kept = [];
	},
};
(globalThis as unknown as { bench: typeof bench }).bench = bench;
