import { spec, assert } from "../support/spec.ts";
import { jsonString } from "activation/json";

spec("json: plain ASCII is quoted as is", () => {
	assert.equal(jsonString("xiaozhi"), '"xiaozhi"');
});

spec("json: quotes, backslashes and control characters are escaped", () => {
	assert.equal(jsonString('a"b\\c\nd\te\u0001'), '"a\\"b\\\\c\\nd\\te\\u0001"');
});

spec("json: non-ASCII text is kept as UTF-8 text, like JSON.stringify", () => {
	assert.equal(jsonString("中国移动"), JSON.stringify("中国移动"));
});
