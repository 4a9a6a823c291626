/* Bench section: bytes across the ESP32↔ML307R UART for one 4G activation (see emulator/ml307/uart-bench.ts). */
export { run } from "../../emulator/ml307/uart-bench.ts";
