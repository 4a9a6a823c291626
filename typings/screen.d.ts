/*
 * The display driver mcconfig creates from `config.screen` (the SSD1306 on the board, the
 * simulator's screen on lin); undefined in a build without a screen. Device code only: the
 * Node typecheck has the DOM's `screen` instead.
 */
declare var screen: import("commodetto/PixelsOut").PixelsOut | undefined;
