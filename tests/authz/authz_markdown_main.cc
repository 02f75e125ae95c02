// Prints the authorization tables made from tests/authz/authz_matrix.cc, or writes them into a
// document between its `<!-- authz:<service> -->` and `<!-- /authz -->` markers:
//
//   authz-matrix-markdown                               every service's table
//   authz-matrix-markdown --write docs/architecture.md  the document, its tables regenerated
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "tests/authz/authz_matrix.h"

int main(int argc, char** argv) {
  using namespace tongxin::authz;
  if (argc == 1) {
    for (const char* service : kServices) {
      std::cout << "<!-- authz:" << service << " -->\n" << MarkdownTable(service) << "\n";
    }
    return 0;
  }
  if (argc != 3 || std::string(argv[1]) != "--write") {
    std::cerr << "usage: " << argv[0] << " [--write docs/architecture.md]\n";
    return 2;
  }
  std::ifstream in(argv[2]);
  if (!in) {
    std::cerr << argv[2] << ": cannot read\n";
    return 1;
  }
  std::stringstream document;
  document << in.rdbuf();
  in.close();
  std::string error;
  std::string generated = WithGeneratedTables(document.str(), &error);
  if (!error.empty()) {
    std::cerr << argv[2] << ": " << error << "\n";
    return 1;
  }
  std::ofstream out(argv[2]);
  out << generated;
  return out ? 0 : 1;
}
