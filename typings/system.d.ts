/*
 * Our declaration of the Moddable "system" module ($(MODULES)/io/system) as the ESP32 build maps
 * it: importing it installs the global `System` (declared with the other globals in
 * xs-globals.d.ts, and by the SDK's $MODDABLE/typings/global.d.ts in mcconfig builds); no default export.
 */
declare module "system" {}
