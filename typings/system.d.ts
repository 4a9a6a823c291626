/* Our declaration of the Moddable "system" module (modules/io/system) as the ESP32 build maps it: only restart. */

declare module "system" {
	const System: {
		/** esp_restart(): the chip reboots. */
		restart(): void;
	};
	export default System;
}
