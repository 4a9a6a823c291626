/*
 * Entry point of our declarations for mcconfig's TypeScript compile (manifest.json lists it
 * in typescript.tsconfig.compilerOptions.types and excludes the SDK's own typings, whose
 * http/timer/commodetto declarations differ from the runtime's). The editor/CI tsconfig
 * includes every file in typings/ directly. Not listed: xs-globals.d.ts and
 * embedded_io/serial.d.ts, embedded_io/digital.d.ts, embedded_io/tcp.d.ts, embedded_provider.d.ts and audioout.d.ts, which the
 * SDK's xs.d.ts and typings provide in that build.
 */
/// <reference path="./timer.d.ts" />
/// <reference path="./time.d.ts" />
/// <reference path="./preference.d.ts" />
/// <reference path="./http.d.ts" />
/// <reference path="./securesocket.d.ts" />
/// <reference path="./net.d.ts" />
/// <reference path="./wifi.d.ts" />
/// <reference path="./dns-server.d.ts" />
/// <reference path="./sntp.d.ts" />
/// <reference path="./system.d.ts" />
/// <reference path="./Resource.d.ts" />
/// <reference path="./mc/config.d.ts" />
/// <reference path="./rng.d.ts" />
/// <reference path="./crypt.d.ts" />
/// <reference path="./hmac.d.ts" />
/// <reference path="./commodetto/commodetto.d.ts" />
/// <reference path="./screen.d.ts" />
/// <reference path="./instrumentation.d.ts" />
/// <reference path="./neopixel.d.ts" />
/// <reference path="./file.d.ts" />
