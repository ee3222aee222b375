// Syntax and semantic errors: the exact text users see (file:line:col, source line, caret, notes).
#include <catch2/catch.hpp>

#include "aiem/aiem.hpp"

namespace {
std::string errors_of(const std::string& text) {
  auto r = aiem::parse(text, "bad.aiem");
  REQUIRE_FALSE(r.ok());
  return r.rendered;
}
}  // namespace

TEST_CASE("syntax errors: several per file, with recovery at the next statement", "[parser][diagnostics]") {
  CHECK(errors_of("model m {\n"
                  "  input x : int8[16\n"
                  "  y = dense(x, 4, w: int8 from random(1)) -> [4]\n"
                  "  z = relu(y) |> \n"
                  "  output z\n"
                  "}\n") ==
        "bad.aiem:2:20: error: expected ']', found end of line\n"
        "  input x : int8[16\n"
        "                   ^\n"
        "bad.aiem:3:46: error: expected type, found '['\n"
        "  y = dense(x, 4, w: int8 from random(1)) -> [4]\n"
        "                                             ^\n"
        "bad.aiem:4:15: error: expected a statement, found '|'\n"
        "  z = relu(y) |> \n"
        "              ^\n");
}

TEST_CASE("syntax errors: missing '=' and unknown top-level text", "[parser][diagnostics]") {
  CHECK(errors_of("modle m {}\nmodel m {\n  fc1 dense(x, 4)\n}\n") ==
        "bad.aiem:1:1: error: expected 'model', 'block', 'import' or 'type', found 'modle'\n"
        "modle m {}\n"
        "^~~~~\n"
        "bad.aiem:3:7: error: expected '=' after 'fc1', found 'dense'\n"
        "  fc1 dense(x, 4)\n"
        "      ^~~~~\n");
}

TEST_CASE("syntax errors: unclosed model and unterminated comment", "[parser][diagnostics]") {
  CHECK(errors_of("model m {\n  input x : int8[4]\n") ==
        "bad.aiem:3:1: error: expected '}', found end of file\n"
        "\n"
        "^\n"
        "bad.aiem:1:9: note: to match this '{'\n"
        "model m {\n"
        "        ^\n");
  CHECK(errors_of("model m { input x : int8[4] /* oops\n output x }\n") ==
        "bad.aiem:1:29: error: unterminated comment\n"
        "model m { input x : int8[4] /* oops\n"
        "                            ^~\n"
        "bad.aiem:1:29: error: expected '}', found end of file\n"
        "model m { input x : int8[4] /* oops\n"
        "                            ^\n"
        "bad.aiem:1:9: note: to match this '{'\n"
        "model m { input x : int8[4] /* oops\n"
        "        ^\n");
}

TEST_CASE("semantic errors: unknown names with suggestions, and no cascades", "[sema][diagnostics]") {
  CHECK(errors_of("model m {\n"
                  "  input x : int8[4]\n"
                  "  fc1 = dense(x, 4, w: int8 from random(1))\n"
                  "  fc2 = dense(fc9, 4, w: int8 from random(2))\n"
                  "  fc3 = dnse(fc1, 4)\n"
                  "  output fc2, fc3\n"
                  "}\n") ==
        "bad.aiem:4:15: error: unknown name 'fc9'; did you mean 'fc1'?\n"
        "  fc2 = dense(fc9, 4, w: int8 from random(2))\n"
        "              ^~~\n"
        "bad.aiem:5:9: error: unknown op or block 'dnse'; did you mean 'dense'?\n"
        "  fc3 = dnse(fc1, 4)\n"
        "        ^~~~\n");
}

TEST_CASE("semantic errors: argument counts, kinds and keywords", "[sema][diagnostics]") {
  CHECK(errors_of("model m {\n"
                  "  type act = fixed<8, 3>\n"
                  "  input x : int8[4]\n"
                  "  a = dense(x, act, w: int8 from random(1))\n"
                  "  b = relu(x, x)\n"
                  "  c = add(x, x, bias: 3)\n"
                  "  d = dense(x, 4)\n"
                  "  output x\n"
                  "}\n") ==
        "bad.aiem:4:16: error: argument 'units' of dense must be an integer\n"
        "  a = dense(x, act, w: int8 from random(1))\n"
        "               ^~~\n"
        "bad.aiem:5:15: error: relu takes 1 positional argument, 2 given\n"
        "  b = relu(x, x)\n"
        "              ^\n"
        "bad.aiem:6:17: error: add has no argument 'bias'; its arguments are: a, b, c\n"
        "  c = add(x, x, bias: 3)\n"
        "                ^~~~\n"
        "bad.aiem:7:7: error: no data for parameter 'd.w': give a source (`from \"file.npy\"`, `from random(1)`, "
        "...) or a `params \"file.npz\"` statement\n"
        "  d = dense(x, 4)\n"
        "      ^~~~~~~~~~~\n");
}

TEST_CASE("semantic errors: shapes, with a note at the operand's definition", "[sema][diagnostics]") {
  CHECK(errors_of("model m {\n"
                  "  input x : int8[4]\n"
                  "  input z : int8[8]\n"
                  "  s = add(x, z)\n"
                  "  output s\n"
                  "}\n") ==
        "bad.aiem:4:7: error: add: operands [1,4] and [1,8] do not broadcast (each axis, from the last, must be equal or 1 in one of them)\n"
        "  s = add(x, z)\n"
        "      ^~~~~~~~~\n"
        "bad.aiem:3:9: note: 'z' (int8[1,8]) is defined here\n"
        "  input z : int8[8]\n"
        "        ^\n");
}

TEST_CASE("semantic errors: types, hints, settings and redefinitions", "[sema][diagnostics]") {
  CHECK(errors_of("model m {\n"
                  "  target vek999\n"
                  "  batch 8\n"
                  "  batch 4\n"
                  "  type t = fixed<40, 3, RND_FOO>\n"
                  "  input x : int8[4]\n"
                  "  input x : int8[4]\n"
                  "  y = relu(x) @tiles(cascade: 0) @placement(1) @memtile @direct\n"
                  "  output y\n"
                  "}\n") ==
        "bad.aiem:2:10: error: unknown target 'vek999'; expected one of: vek280, ve2302, vek385\n"
        "  target vek999\n"
        "         ^~~~~~\n"
        "bad.aiem:4:3: error: batch is set twice\n"
        "  batch 4\n"
        "  ^~~~~~~\n"
        "bad.aiem:3:3: note: first set here\n"
        "  batch 8\n"
        "  ^~~~~~~\n"
        "bad.aiem:5:18: error: width of fixed<> must be between 2 and 32, got 40\n"
        "  type t = fixed<40, 3, RND_FOO>\n"
        "                 ^~\n"
        "bad.aiem:5:25: error: unknown rounding mode 'RND_FOO'; expected TRN, TRN_ZERO, RND, RND_ZERO, RND_INF, "
        "RND_MIN_INF or RND_CONV\n"
        "  type t = fixed<40, 3, RND_FOO>\n"
        "                        ^~~~~~~\n"
        "bad.aiem:7:9: error: redefinition of 'x'\n"
        "  input x : int8[4]\n"
        "        ^\n"
        "bad.aiem:6:9: note: previous definition is here\n"
        "  input x : int8[4]\n"
        "        ^\n"
        "bad.aiem:8:31: error: 'cascade' of @tiles must be between 1 and 4096, got 0\n"
        "  y = relu(x) @tiles(cascade: 0) @placement(1) @memtile @direct\n"
        "                              ^\n"
        "bad.aiem:8:35: error: unknown hint '@placement'; expected @tiles, @at, @memtile or @direct\n"
        "  y = relu(x) @tiles(cascade: 0) @placement(1) @memtile @direct\n"
        "                                  ^~~~~~~~~\n"
        "bad.aiem:8:57: error: '@direct' contradicts '@memtile'\n"
        "  y = relu(x) @tiles(cascade: 0) @placement(1) @memtile @direct\n"
        "                                                        ^~~~~~~\n"
        "bad.aiem:8:48: note: given here\n"
        "  y = relu(x) @tiles(cascade: 0) @placement(1) @memtile @direct\n"
        "                                               ^~~~~~~~\n");
}

TEST_CASE("semantic errors: parameter files and values", "[sema][diagnostics]") {
  auto r = aiem::parse("model m {\n  input x : int8[2]\n  y = dense(x, 2, w: int8 from \"missing.npy\")\n"
                       "  z = dense(x, 2, w: fixed<4,1> from [[0.5, 3.0], [0, 0]])\n  output y\n}\n",
                       "bad.aiem", {.base_dir = AIEM_SOURCE_DIR "/tests/fixtures"});
  REQUIRE_FALSE(r.ok());
  CHECK(r.rendered ==
        "bad.aiem:3:32: error: " AIEM_SOURCE_DIR "/tests/fixtures/missing.npy: cannot read file\n"
        "  y = dense(x, 2, w: int8 from \"missing.npy\")\n"
        "                               ^~~~~~~~~~~~~\n"
        "bad.aiem:4:19: error: parameter 'z.w' from literal: value 3 at [0,1] does not fit fixed<4,1> (range -1 .. "
        "0.875)\n"
        "  z = dense(x, 2, w: fixed<4,1> from [[0.5, 3.0], [0, 0]])\n"
        "                  ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n");
}

TEST_CASE("semantic errors: blocks and imports", "[sema][diagnostics]") {
  CHECK(errors_of("import \"nowhere.aiem\"\nmodel m { input x : int8[2] output x }\n")
            .rfind("bad.aiem:1:8: error: cannot find imported file 'nowhere.aiem' (looked in: ", 0) == 0);
  CHECK(errors_of("block b(x) { y = relu(x) }\n"
                  "model m {\n"
                  "  input x : int8[2]\n"
                  "  h = b(x, 3)\n"
                  "  output x\n"
                  "}\n") ==
        "bad.aiem:4:12: error: block 'b' takes 1 argument\n"
        "  h = b(x, 3)\n"
        "           ^\n"
        "bad.aiem:1:7: note: block defined here\n"
        "block b(x) { y = relu(x) }\n"
        "      ^\n");
}

TEST_CASE("hls4ml spellings: ap_fixed / ap_ufixed with AP_ modes are the same types", "[parser][diagnostics]") {
  auto r = aiem::parse("model m { input x : ap_fixed<8, 3, AP_RND_CONV, AP_SAT>[4]\n"
                       "  y = dense(x, 4, w: ap_fixed<8, 1> from random(1)) -> ap_ufixed<8, 3, AP_RND, AP_SAT_SYM>\n"
                       "  output y }\n",
                       "hls.aiem");
  INFO(r.rendered);
  REQUIRE(r.ok());
  auto same = aiem::parse("model m { input x : fixed<8, 3, RND_CONV, SAT>[4]\n"
                          "  y = dense(x, 4, w: fixed<8, 1> from random(1)) -> ufixed<8, 3, RND, SAT_SYM>\n"
                          "  output y }\n",
                          "same.aiem");
  REQUIRE(same.ok());
  CHECK(r.model->ir_text() == same.model->ir_text());
  // ap_int<W> / ap_uint<W> are fixed<W, W> / ufixed<W, W> with ap_fixed's TRN, WRAP.
  auto ints = aiem::parse("model m { input x : ap_int<8>[4]\n  y = dense(x, 4, w: ap_int<8> from random(1)) -> ap_uint<6>\n"
                          "  output y }\n", "ints.aiem");
  auto fixed = aiem::parse("model m { input x : fixed<8, 8>[4]\n  y = dense(x, 4, w: fixed<8, 8> from random(1)) -> ufixed<6, 6>\n"
                           "  output y }\n", "fixed.aiem");
  REQUIRE(ints.ok());
  REQUIRE(fixed.ok());
  CHECK(ints.model->ir_text() == fixed.model->ir_text());
}

TEST_CASE("diagnostics: did you mean for modes, a missing '->', block notes are notes", "[parser][diagnostics]") {
  CHECK(errors_of("model m { input x : int8[4]\n"
                  "  y = dense(x, 4, w: int8 from random(1)) -> fixed<8, 3, RND_CONVV, SATT>\n"
                  "  output y }\n") ==
        "bad.aiem:2:58: error: unknown rounding mode 'RND_CONVV'; did you mean 'RND_CONV'? (expected TRN, TRN_ZERO, "
        "RND, RND_ZERO, RND_INF, RND_MIN_INF or RND_CONV)\n"
        "  y = dense(x, 4, w: int8 from random(1)) -> fixed<8, 3, RND_CONVV, SATT>\n"
        "                                                         ^~~~~~~~~\n"
        "bad.aiem:2:69: error: unknown overflow mode 'SATT'; did you mean 'SAT'? (expected WRAP, SAT, SAT_ZERO or "
        "SAT_SYM)\n"
        "  y = dense(x, 4, w: int8 from random(1)) -> fixed<8, 3, RND_CONVV, SATT>\n"
        "                                                                    ^~~~\n");
  CHECK(errors_of("model m { input x : int8[4]\n"
                  "  y = dense(x, 4, w: int8 from random(1)) int8\n"
                  "  output y }\n") ==
        "bad.aiem:2:43: error: expected '->' before the output type 'int8' (a step's result type is written "
        "`op(...) -> TYPE`)\n"
        "  y = dense(x, 4, w: int8 from random(1)) int8\n"
        "                                          ^~~~\n");
  auto r = aiem::parse("block b(x) {\n  y = dense(x, 4, w: int8 from random(1)) -> int8\n  y = relu(y)\n  return y\n}\n"
                       "model m { input x : int8[4]\n  h = b(x)\n  output h }\n",
                       "blk.aiem");
  REQUIRE_FALSE(r.ok());
  std::size_t errors = 0;
  for (const auto& d : r.diagnostics) errors += d.severity == aiem::Diagnostic::Severity::Error;
  CHECK(errors == 1);
  CHECK_THAT(r.rendered, Catch::Contains("blk.aiem:7:7: note: in this use of block 'b'"));
  CHECK_THAT(r.rendered, !Catch::Contains("error: in this use"));
}

TEST_CASE("syntax errors never show C++ type names", "[parser][diagnostics]") {
  const std::pair<const char*, const char*> cases[] = {
      {"model m { input x : int8[4]\n  output 5 }\n", "bad.aiem:2:10: error: expected a name, found '5'"},
      {"model m { input x : int8[4]\n  y = relu(x)\n  return\n  output y }\n", "bad.aiem:3:9: error: expected a name, found end of line"},
      {"model m { target 5\n input x : int8[4]\n output x }\n", "bad.aiem:1:18: error: expected a name, found '5'"},
      {"model m { batch x\n input x : int8[4]\n output x }\n", "bad.aiem:1:17: error: expected a number, found 'x'"},
  };
  for (const auto& [text, first] : cases) {
    const std::string e = errors_of(text);
    INFO(e);
    CHECK_THAT(e, Catch::StartsWith(first));
    CHECK_THAT(e, !Catch::Contains("boost") && !Catch::Contains("spirit") && !Catch::Contains("N5"));
  }
}

TEST_CASE("limits: deep nesting, exploding block uses and huge tensors are refused at their place", "[parser][diagnostics][limits]") {
  std::string deep = "model m { input x : int8[4]\n  y = relu(";
  for (int i = 0; i < 7000; ++i) deep += "f(";
  deep += "x";
  for (int i = 0; i < 7000; ++i) deep += ")";
  deep += ")\n  output y }\n";
  auto d = aiem::parse(deep, "deep.aiem");
  REQUIRE_FALSE(d.ok());
  CHECK_THAT(d.rendered, Catch::Contains("brackets nest deeper than 200 levels"));

  std::string blocks = "block b0(x) { y = relu(x) return y }\n";
  for (int i = 1; i <= 30; ++i)
    blocks += "block b" + std::to_string(i) + "(x) { p = b" + std::to_string(i - 1) + "(x) q = b" + std::to_string(i - 1) +
              "(p) return q }\n";
  blocks += "model m { input x : int8[4]\n  y = b30(x)\n  output y }\n";
  auto b = aiem::parse(blocks, "blocks.aiem");  // 2^30 uses: must end quickly with one error
  REQUIRE_FALSE(b.ok());
  CHECK_THAT(b.rendered, Catch::Contains("more than 10000 block uses to expand"));

  auto u = aiem::parse("model m { input x : int8[4]\n  y = dense(x, 4611686018427387904, w: int8 from random(1)) -> int8\n"
                       "  output y }\n", "units.aiem");
  REQUIRE_FALSE(u.ok());
  CHECK_THAT(u.rendered, Catch::Contains("units.aiem:2:16: error: 4611686018427387904 units make a weight or output tensor"));
  auto dims = aiem::parse("model m { input x : int8[1000000000]\n  output x }\n", "dims.aiem");
  REQUIRE_FALSE(dims.ok());
  CHECK_THAT(dims.rendered, Catch::Contains("exceeds the limit of 268435456 elements"));
}

TEST_CASE("semantic errors: a table function on an input wider than 12 bits, bad clip bounds, a concat that is no list",
          "[parser][diagnostics]") {
  CHECK_THAT(errors_of("model m {\n  input x : int16[4]\n  y = sigmoid(x) -> int8\n  output y\n}\n"),
             Catch::Contains("bad.aiem:3:7: error: sigmoid 'y' cannot be a table: its input int16 has 16 bits; a "
                             "lookup table covers inputs of at most 12 bits"));
  CHECK_THAT(errors_of("model m {\n  input x : int8[4]\n  y = clip(x, min: 2, max: 1)\n  output y\n}\n"),
             Catch::Contains("bad.aiem:3:7: error: clip needs min <= max, got 2 and 1"));
  CHECK_THAT(errors_of("model m {\n  input x : int8[4]\n  y = concat(x)\n  output y\n}\n"),
             Catch::Contains("bad.aiem:3:14: error: concat takes a list of tensors"));
  CHECK_THAT(errors_of("model m {\n  input x : int8[4]\n  y = slice(x, start: 3, end: 9)\n  output y\n}\n"),
             Catch::Contains("slice [3:9] is not a non-empty range of the 4 elements of axis -1"));
  CHECK_THAT(errors_of("model m {\n  input x : int8[4]\n  input z : int8[3]\n  y = mul(x, z)\n  output y\n}\n"),
             Catch::Contains("mul: operands [1,4] and [1,3] do not broadcast"));
}

TEST_CASE("semantic errors: a transpose that is no permutation or moves the batch axis", "[parser][diagnostics]") {
  CHECK_THAT(errors_of("model m {\n  input x : int8[4, 8]\n  y = transpose(x, perm: [0, 2, 2])\n  output y\n}\n"),
             Catch::Contains("transpose: perm [0, 2, 2] is not a permutation of the 3 axes of [1,4,8]"));
  CHECK_THAT(errors_of("model m {\n  input x : int8[4, 8]\n  y = transpose(x, perm: [1, 0, 2])\n  output y\n}\n"),
             Catch::Contains("transpose keeps the batch axis first"));
  CHECK_THAT(errors_of("model m {\n  input x : int8[4, 8]\n  y = transpose(x, perm: 2)\n  output y\n}\n"),
             Catch::Contains("perm is a list of axes"));
}

TEST_CASE("semantic errors: a pad without a size per axis, of negative sizes, or of a value its type cannot hold",
          "[parser][diagnostics]") {
  CHECK_THAT(errors_of("model m {\n  input x : int8[4, 8]\n  y = pad(x, before: [1], after: [0, 2])\n  output y\n}\n"),
             Catch::Contains("pad: pad needs before and after for each of the 2 axes of a sample of [1,4,8], has 1 and 2"));
  CHECK_THAT(errors_of("model m {\n  input x : int8[4, 8]\n  y = pad(x, before: [0, -1], after: [0, 2])\n  output y\n}\n"),
             Catch::Contains("pad sizes must be between 0 and"));
  CHECK_THAT(errors_of("model m {\n  input x : fixed<8, 4>[8]\n  y = pad(x, before: [1], after: [0], value: 0.01)\n  output y\n}\n"),
             Catch::Contains("bad.aiem:3:7: error: pad 'y': the value 0.01 is not a number of its type fixed<8,4"));
  CHECK_THAT(errors_of("model m {\n  input x : int8[8]\n  y = pad(x, before: 1, after: [0])\n  output y\n}\n"),
             Catch::Contains("before is a list of sizes"));
}

TEST_CASE("semantic errors: a reshape that changes the number of elements per sample", "[parser][diagnostics]") {
  CHECK_THAT(errors_of("model m {\n  input x : int8[4, 8]\n  y = reshape(x, shape: [30])\n  output y\n}\n"),
             Catch::Contains("reshape: shape [30] holds 30 elements per sample, [1,4,8] has 32"));
  CHECK_THAT(errors_of("model m {\n  input x : int8[4, 8]\n  y = reshape(x, shape: 32)\n  output y\n}\n"),
             Catch::Contains("shape is a list of sizes per sample"));
}

TEST_CASE("non-ASCII text: accepted in comments and strings, elsewhere a syntax error naming the character",
          "[parser][diagnostics]") {
  // UTF-8 in a comment, a block comment and a string (a path) parses; Debug builds used to abort here.
  auto ok = aiem::parse("// café\nmodel m {\n  /* € */ input x : int8[4]\n  y = relu(x) // naïve\n  output y\n}\n",
                        "ok.aiem");
  INFO(ok.rendered);
  CHECK(ok.ok());
  auto strings = aiem::parse("model m {\n  params \"poids_\xc3\xa9t\xc3\xa9.npz\"\n  input x : int8[4]\n  output x\n}\n", "s.aiem");
  CHECK(strings.rendered.find("non-ASCII") == std::string::npos);
  // The caret counts characters, not bytes.
  CHECK(errors_of("model m {\n  input x\xc3\xa9 : int8[4]\n  output y \xe2\x82\xac\n}\n") ==
        "bad.aiem:2:10: error: expected ':', found the non-ASCII character '\xc3\xa9' (outside comments and strings, a "
        "model is ASCII)\n"
        "  input x\xc3\xa9 : int8[4]\n"
        "         ^\n"
        "bad.aiem:3:12: error: expected a statement, found the non-ASCII character '\xe2\x82\xac' (outside comments and "
        "strings, a model is ASCII)\n"
        "  output y \xe2\x82\xac\n"
        "           ^\n");
  // A byte that is not UTF-8 is named by its value.
  CHECK(errors_of("model m {\n  input x : int8[4] \xff\n}\n").find("found the byte 0xFF, which is not ASCII") !=
        std::string::npos);
}

TEST_CASE("semantic errors: convs and pools whose window, groups or padding do not fit their input", "[parser][diagnostics]") {
  const std::string head = "model m {\n  input x : int8[8, 8, 4]\n  ";
  CHECK_THAT(errors_of(head + "y = conv2d(x, 6, kernel: 3, groups: 4, w: int8 from random(1))\n  output y\n}\n"),
             Catch::Contains("groups 4 must divide the 4 input and the 6 output channels"));
  CHECK_THAT(errors_of(head + "y = conv2d(x, 4, kernel: 9, w: int8 from random(1))\n  output y\n}\n"),
             Catch::Contains("conv2d: a window of 9 elements does not fit spatial axis 1 of size 8 with padding 0 + 0"));
  CHECK_THAT(errors_of(head + "y = conv2d(x, 4, kernel: 3, padding: [1, 1, 1], w: int8 from random(1))\n  output y\n}\n"),
             Catch::Contains("padding has 3 entries; it needs 1, 2 or 4"));
  CHECK_THAT(errors_of(head + "y = conv2d(x, 4, kernel: 3, padding: 1, same: 1, w: int8 from random(1))\n  output y\n}\n"),
             Catch::Contains("give padding or same, not both"));
  CHECK_THAT(errors_of(head + "y = conv1d(x, 4, kernel: 3, w: int8 from random(1))\n  output y\n}\n"),
             Catch::Contains("conv1d reads [batch, length, channels]"));
  CHECK_THAT(errors_of(head + "y = maxpool(x, kernel: 2, padding: 2)\n  output y\n}\n"),
             Catch::Contains("is not smaller than its window"));
  CHECK_THAT(errors_of(head + "y = avgpool(x, kernel: 2, stride: 2000)\n  output y\n}\n"),
             Catch::Contains("stride 2000 is not in 1 .. 1024"));
  CHECK_THAT(errors_of(head + "y = conv2d(x, 4, kernel: [3, 3, 3], w: int8 from random(1))\n  output y\n}\n"),
             Catch::Contains("kernel has 3 entries; it needs 1 or 2"));
}
