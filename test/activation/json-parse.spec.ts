import { spec, assert, fixture } from "../support/spec.ts";
import { parseJsonFirstWins } from "activation/json-parse";

function parse(text: string, maxDepth = 8): unknown {
	const result = parseJsonFirstWins(text, maxDepth);
	if (!result.ok) throw new Error(`refused at ${result.offset}${result.tooDeep ? " (too deep)" : ""}: ${text}`);
	return result.value;
}

const VALID = [
	"0", "-0", "1", "-1", "12.5", "1e3", "1E+3", "-1.25e-2", "1e400", "123456789012345678901234567890",
	"true", "false", "null", '""', '"a"', '"\\u00e9\\n\\t\\"\\\\\\/"', '"\\ud83d\\ude00"', '"中文😀"', '"\\u0000"',
	"[]", "{}", " [ 1 , [ 2 , [ ] ] , { } ] ", '{"a":1,"b":[true,false,null],"c":{"d":"e"}}', '\n\t{ "a" :\r\n 1 }\n',
	'{"":1}', '{"2":"b","1":"a","x":0}', '{"__proto__":{"x":1},"constructor":2,"toString":"s"}', "[[[[[[[[1]]]]]]]]",
];
const INVALID = [
	"", " ", "{", "}", "[", "]", "[1,]", "[,1]", '{"a":1,}', '{"a" 1}', '{"a":}', "{a:1}", "{'a':1}", '{"a":1 "b":2}', "[1 2]",
	"01", "-", "+1", "1.", ".5", "1e", "1e+", "0x10", "NaN", "Infinity", "tru", "nul", "falsey", "True",
	'"abc', '"a\nb"', '"\\x41"', '"\\u12"', '"\\', "[1]x", "{} {}", "\ufeff{}", '{"a":1}}', "[1]]", '"\u0001"',
];

spec("json-parse: every valid text reads as JSON.parse reads it", () => {
	for (const text of VALID) assert.deepEqual(parse(text), JSON.parse(text), text);
	for (const name of ["ota-response-1-activated.json", "ota-response-2-unactivated.json", "activate-response-200.json"])
		assert.deepEqual(parse(fixture(name)), JSON.parse(fixture(name)), name);
});

spec("json-parse: every text JSON.parse refuses is refused, with where it stopped being JSON", () => {
	for (const text of INVALID) {
		let parsedByJson = true;
		try {
			JSON.parse(text);
		} catch {
			parsedByJson = false;
		}
		assert.equal(parsedByJson, false, `the case itself is invalid JSON: ${text}`);
		const result = parseJsonFirstWins(text, 8);
		assert.ok(!result.ok, `refused: ${JSON.stringify(text)}`);
		if (!result.ok) assert.ok(result.offset >= 0 && result.offset <= text.length && !result.tooDeep, text);
	}
	const result = parseJsonFirstWins('{"a":[1,2,x]}', 8);
	assert.ok(!result.ok && result.offset === 10, "the offset is the first character that is not JSON");
});

spec("json-parse: a repeated name keeps its first value at every level (cJSON's GetObjectItem), JSON.parse keeps the last", () => {
	assert.deepEqual(parse('{"activation":{"code":"1"},"activation":{}}'), { activation: { code: "1" } });
	assert.deepEqual(parse('{"a":{"b":1,"b":2,"c":{"d":"x","d":"y"}},"a":3}'), { a: { b: 1, c: { d: "x" } } });
	assert.deepEqual(parse('[{"k":1,"k":[2]},{"k":null,"k":0}]'), [{ k: 1 }, { k: null }]);
	assert.deepEqual(parse('{"k":{},"k":{"deep":[[[[1]]]]}}'), { k: {} }, "the dropped value is still read (and checked) as JSON");
	assert.ok(!parseJsonFirstWins('{"k":1,"k":[1,}', 8).ok, "a repeated member that is not JSON still makes the text invalid");
	const escaped = parse('{"co\\u0064e":"first","code":"second"}') as Record<string, unknown>;
	assert.equal(escaped.code, "first", "names compare after their escapes are read");
});

spec("json-parse: __proto__ is a member like any other; objects have no prototype", () => {
	const value = parse('{"__proto__":{"polluted":true},"__proto__":1}') as Record<string, unknown>;
	assert.equal(Object.getPrototypeOf(value), null);
	assert.deepEqual(Object.keys(value), ["__proto__"]);
	assert.deepEqual(value["__proto__"], { polluted: true });
	assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

spec("json-parse: nesting beyond maxDepth is refused at the bracket that opens one level too many", () => {
	assert.deepEqual(parseJsonFirstWins("[[[[[[[[1]]]]]]]]", 8).ok, true);
	assert.deepEqual(parseJsonFirstWins("[[[[[[[[[1]]]]]]]]]", 8), { ok: false, offset: 8, tooDeep: true });
	assert.deepEqual(parseJsonFirstWins('{"a":{"b":[{}]}}', 3), { ok: false, offset: 11, tooDeep: true });
	const deep = "[".repeat(100000);
	assert.deepEqual(parseJsonFirstWins(deep, 8), { ok: false, offset: 8, tooDeep: true }, "100,000 open brackets cost no stack");
	assert.deepEqual(parseJsonFirstWins('"[[[[[[[[[[[[["', 8).ok, true, "brackets inside a string do not count");
});
