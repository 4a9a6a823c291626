/*
 * Parsing of `+NAME: a,b,"c"` information lines and result lines. Unlike esp-ml307's
 * comma split this one knows quotes, so a quoted comma stays inside its argument; each
 * argument remembers whether it was quoted, which the +CEREG form detection needs.
 */

/** Called through `.call`: a method read on a string primitive costs XS a String wrapper. */
const charCodeAt = String.prototype.charCodeAt;

export interface AtArgument {
	/** The text without surrounding quotes. */
	readonly text: string;
	readonly quoted: boolean;
}

export interface InfoLine {
	/** Name without the `+`, e.g. "CEREG". */
	readonly name: string;
	readonly args: readonly AtArgument[];
}

/** Name of a `+` line ("+CSQ: 24,99" → "CSQ", "+MATREADY" → "MATREADY"), or undefined. */
export function infoLineName(line: string): string | undefined {
	if (line.charCodeAt(0) !== 0x2b) return undefined;
	const colon = line.indexOf(":");
	const name = (colon < 0 ? line.slice(1) : line.slice(1, colon)).trim();
	return name.length > 0 ? name : undefined;
}

export function parseInfoLine(line: string): InfoLine | undefined {
	const name = infoLineName(line);
	if (name === undefined) return undefined;
	const colon = line.indexOf(":");
	if (colon < 0) return { name, args: [] };
	return { name, args: splitArguments(line.slice(colon + 1)) };
}

export function splitArguments(text: string): AtArgument[] {
	const args: AtArgument[] = [];
	let i = 0;
	const length = text.length;
	while (i < length && text[i] === " ") i++;
	if (i >= length) return args;
	for (;;) {
		while (i < length && text[i] === " ") i++;
		if (text[i] === '"') {
			const close = text.indexOf('"', i + 1);
			const end = close < 0 ? length : close;
			args.push({ text: text.slice(i + 1, end), quoted: true });
			i = close < 0 ? length : close + 1;
			const comma = text.indexOf(",", i);
			if (comma < 0) break;
			i = comma + 1;
		} else {
			const comma = text.indexOf(",", i);
			const end = comma < 0 ? length : comma;
			args.push({ text: text.slice(i, end).trim(), quoted: false });
			if (comma < 0) break;
			i = comma + 1;
		}
	}
	return args;
}

/** A non-negative decimal integer argument, or undefined. */
export function integerArgument(arg: AtArgument | undefined): number | undefined {
	if (!arg || arg.quoted || !/^\d{1,9}$/.test(arg.text)) return undefined;
	return Number(arg.text);
}

/** Whether text can be an AT string argument: no double quote, CR or LF (the modem has no escape). */
export function isQuotable(text: string): boolean {
	for (let i = 0, unit = charCodeAt.call(text, 0); unit >= 0; unit = charCodeAt.call(text, ++i)) if (unit === 0x22 || unit === 0x0d || unit === 0x0a) return false;
	return true;
}

/** A string for an AT command argument in double quotes; the modem has no escape for `"`. */
export function quoteArgument(text: string): string {
	if (!isQuotable(text)) throw new RangeError("an AT string argument cannot contain a double quote, CR or LF");
	return `"${text}"`;
}
