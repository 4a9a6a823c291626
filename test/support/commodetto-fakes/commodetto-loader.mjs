// Node module-resolution hook: maps the Commodetto specifiers poco-screen.ts imports to fakes.
const FAKES = {
	"commodetto/Poco": "./poco.ts",
	"commodetto/Bitmap": "./bitmap.ts",
};

export async function resolve(specifier, context, nextResolve) {
	const fake = FAKES[specifier];
	if (fake) return nextResolve(new URL(fake, import.meta.url).href, context);
	return nextResolve(specifier, context);
}
