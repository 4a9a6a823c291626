// Node module-resolution hook: maps the Moddable module specifiers the adapters import
// ("preference", "timer", "http", …) to this folder's fakes, which carry the ESP32's
// rules. Installed by register.ts; everything else resolves as usual (tsx, tsconfig paths).
const FAKES = {
	preference: "./preference.ts",
	timer: "./timer.ts",
	time: "./time.ts",
	http: "./http.ts",
	securesocket: "./securesocket.ts",
	wifi: "./wifi.ts",
	net: "./net.ts",
	rng: "./rng.ts",
	Resource: "./resource.ts",
	"pins/audioout": "./audioout.ts",
	crypt: "./crypt.ts",
	hmac: "./hmac.ts",
};

export async function resolve(specifier, context, nextResolve) {
	const fake = FAKES[specifier];
	if (fake) return nextResolve(new URL(fake, import.meta.url).href, context);
	return nextResolve(specifier, context);
}
