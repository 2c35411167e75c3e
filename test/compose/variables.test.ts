import { describe, expect, it } from "vitest";
import { type ComposeFile, variablesIn, variablesUsed } from "../../src/compose/index.js";

/** Builds Compose interpolation text without tripping template-string lints. */
const d = (text: string) => text.replace(/@\{/g, "${");

describe("variablesUsed", () => {
  it("finds braced, defaulted, required and bare references, sorted and unique", () => {
    expect(variablesIn(d("@{A} @{B:-x} @{C-y} @{D?need} @{E:?need} @{F:+alt} $G $H_1 @{A}"))).toEqual([
      "A",
      "B",
      "C",
      "D",
      "E",
      "F",
      "G",
      "H_1",
    ]);
  });

  it("skips escaped dollars", () => {
    expect(variablesIn(d("pg_isready -U $@{POSTGRES_USER} $$HOME"))).toEqual([]);
    // `$$` then `${X}`: a literal dollar followed by a reference.
    expect(variablesIn(d("$$@{X}"))).toEqual(["X"]);
    expect(variablesIn(d("$@{NOT} @{YES} $$$@{ALSO_NOT}"))).toEqual(["YES"]);
  });

  it("finds references nested in defaults", () => {
    expect(variablesIn(d("@{A:-@{B:-@{C}}}"))).toEqual(["A", "B", "C"]);
  });

  it("ignores dollars that start no name", () => {
    expect(variablesIn(d("cost: 5$ @{} @{1X} $-"))).toEqual([]);
  });

  it("walks every value of a model but not its keys", () => {
    const model = {
      name: "demo",
      services: {
        web: {
          image: d("nginx:@{NGINX_TAG:-1.27}"),
          environment: { [d("@{KEY_NOT_READ}")]: d("@{API_KEY}"), LIST: "plain" },
          command: ["sh", "-c", d("echo $GREETING")],
          healthcheck: { test: ["CMD-SHELL", d("pg_isready -U $@{POSTGRES_USER}")] },
          ports: [d("127.0.0.1:@{WEB_PORT}:80")],
        },
      },
      "x-note": [d("@{FROM_EXTENSION}")],
    } as ComposeFile;
    expect(variablesUsed(model)).toEqual(["API_KEY", "FROM_EXTENSION", "GREETING", "NGINX_TAG", "WEB_PORT"]);
  });
});
