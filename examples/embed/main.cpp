// Embeds a model written in the .aiem language in a C++ program, runs it on the reference
// interpreter and prints the result. Built against the installed package (find_package(aiem)).
#include <aiem/aiem.hpp>
#include <iostream>

int main() {
  auto parsed = aiem::parse(R"(
    model tiny {
      batch 2
      input x : int8[4]
      y = dense(x, 3, w: int8 from [[1, 0, -1], [2, 1, 0], [0, 3, 1], [-1, -1, 2]], b: int32 from [10, -20, 5])
          -> int8 |> relu
      output y
    })",
                            "tiny.aiem");
  if (!parsed.ok()) {
    std::cerr << parsed.rendered;
    return 1;
  }
  auto outputs = aiem::run(*parsed.model, {{"x", aiem::Tensor::from_codes({2, 4}, {1, 2, 3, 4, -5, 6, -7, 8})}});
  for (const auto& o : outputs) {
    std::cout << o.info.name << " : " << o.info.type << "\n";
    for (std::size_t i = 0; i < o.codes.size(); ++i) std::cout << o.codes[i] << (i % 3 == 2 ? "\n" : " ");
  }
  return 0;
}
