/* The board run's starting point, asked of Node once: mc/config, the natives, the modem script. */
import type { BoardSetup } from "../../bridge-protocol.ts";
import { call } from "../xs-bridge.ts";

export const boardSetup = call({ op: "board.setup" }) as BoardSetup;
