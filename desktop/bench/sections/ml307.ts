/* Bench section: bytes across the ESP32↔ML307R UART for one 4G activation (see desktop/ml307-simulator/uart-bench.ts). */
export { run } from "../../ml307-simulator/uart-bench.ts";
