// Unit tests for the loader: files, encodings, and imports followed once each.
#include "compiler/frontend/loader.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

namespace baton {
namespace {
namespace fs = std::filesystem;

/// A fresh directory under the system's temporary directory, removed at the end.
class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() /
            ("baton_loader_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter_++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string write(const std::string& name, const std::string& text) const {
    fs::path p = path_ / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
  std::string path(const std::string& name) const { return (path_ / name).string(); }

 private:
  static inline int counter_ = 0;
  fs::path path_;
};

struct Loaded {
  SourceManager sources;
  ir::Module module;
  DiagnosticEngine diags;
  LoadStatus status = LoadStatus::Ok;

  std::vector<std::string> codes() const {
    std::vector<std::string> out;
    for (const Diagnostic& d : diags.diagnostics()) out.emplace_back(diag_info(d.kind).code);
    return out;
  }
};

std::unique_ptr<Loaded> load(const std::string& path) {
  auto l = std::make_unique<Loaded>();
  l->status = load_spec(path, l->sources, l->module, l->diags);
  return l;
}

TEST_CASE("imports are resolved relative to the importing file, each parsed once", "[loader]") {
  TempDir dir;
  dir.write("sub/common.baton", "param region = \"r\"\n");
  dir.write("sub/left.baton", "import \"common.baton\"\nparam left = region\n");
  dir.write("right.baton", "import \"sub/common.baton\"\nparam right = region\n");
  std::string root =
      dir.write("main.baton", "import \"sub/left.baton\"\nimport \"right.baton\"\nparam m = 1\n");
  auto l = load(root);
  CHECK(l->status == LoadStatus::Ok);
  CHECK(l->codes().empty());
  CHECK(l->sources.size() == 4);  // main, left, common, right: common once
  CHECK(l->module.params.size() == 4);
  // Imported files rank before their importers: common, left, right, main.
  REQUIRE(l->module.file_rank.size() == 4);
  CHECK(l->module.file_rank[2] == 0);  // common
  CHECK(l->module.file_rank[1] == 1);  // left
  CHECK(l->module.file_rank[3] == 2);  // right
  CHECK(l->module.file_rank[0] == 3);  // main
  // Imported files are named relative to the way the root was named.
  CHECK(l->sources.file(1).display_name ==
        fs::path(root).parent_path().string() + "/sub/left.baton");
}

TEST_CASE("an import cycle is reported once, with a note per import along it", "[loader]") {
  TempDir dir;
  dir.write("a.baton", "import \"b.baton\"\nparam a = 1\n");
  dir.write("b.baton", "import \"c.baton\"\nparam b = 1\n");
  dir.write("c.baton", "import \"a.baton\"\nparam c = 1\n");
  auto l = load(dir.path("a.baton"));
  CHECK(l->status == LoadStatus::Ok);
  REQUIRE(l->codes() == std::vector<std::string>{"E0003"});
  const Diagnostic& d = l->diags.diagnostics()[0];
  CHECK(d.range.file == 2);  // in c.baton, at the import that closes the cycle
  CHECK(d.notes.size() == 2);
  CHECK(l->module.params.size() == 3);
  CHECK(!l->module.incomplete);
}

TEST_CASE("a missing import is an error at the import; the spec is incomplete", "[loader]") {
  TempDir dir;
  auto l = load(dir.write("a.baton", "import \"nope.baton\"\nimport \"\"\nparam a = 1\n"));
  CHECK(l->status == LoadStatus::Ok);
  CHECK(l->codes() == std::vector<std::string>{"E0002", "E0002"});
  CHECK(l->diags.diagnostics()[0].range.line == 1);
  CHECK(l->module.missing_imports);
  CHECK(l->module.incomplete);
}

TEST_CASE("a root that cannot be read is an I/O error", "[loader]") {
  TempDir dir;
  auto missing = load(dir.path("missing.baton"));
  CHECK(missing->status == LoadStatus::IoError);
  CHECK(missing->codes() == std::vector<std::string>{"E0001"});
  CHECK(!missing->diags.diagnostics()[0].range.valid());
  fs::create_directories(dir.path("d"));
  auto directory = load(dir.path("d"));
  CHECK(directory->status == LoadStatus::IoError);
  CHECK(directory->diags.diagnostics()[0].message ==
        "cannot read '" + dir.path("d") + "': is a directory");
}

TEST_CASE("encodings: BOM dropped, NUL and invalid UTF-8 refused at their place", "[loader]") {
  TempDir dir;
  auto bom = load(dir.write("bom.baton", "\xEF\xBB\xBFparam a = @\n"));
  REQUIRE(bom->codes() == std::vector<std::string>{"E0104", "E0101"});
  CHECK(bom->diags.diagnostics()[0].range.col == 11);  // columns as if there were no BOM

  auto nul = load(dir.write("nul.baton", std::string("param a = 1\nxy\0z\n", 17)));
  REQUIRE(nul->codes() == std::vector<std::string>{"E0005"});
  CHECK(nul->diags.diagnostics()[0].range.line == 2);
  CHECK(nul->diags.diagnostics()[0].range.col == 3);
  CHECK(nul->module.params.empty());  // nothing of a binary file is built

  auto latin1 = load(dir.write("latin1.baton", "param \xC3\xA9\xE9 = 1\n"));
  REQUIRE(latin1->codes() == std::vector<std::string>{"E0004"});
  CHECK(latin1->diags.diagnostics()[0].range.col == 8);  // é counts as one column
  CHECK(latin1->diags.diagnostics()[0].message ==
        "'" + dir.path("latin1.baton") + "' is not valid UTF-8: byte 0xE9 at offset 8");

  for (const char* bad : {"\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE2\x82"}) {
    INFO("bytes " << bad);
    auto l = load(dir.write("bad.baton", std::string("param a = \"") + bad + "\"\n"));
    CHECK(l->codes() == std::vector<std::string>{"E0004"});
  }
  auto ok = load(dir.write("ok.baton", "param a = \"\xF0\x9F\x9A\x80 \xE2\x82\xAC\"\n"));
  CHECK(ok->codes().empty());
}

TEST_CASE("a long chain of imports costs no recursion", "[loader]") {
  TempDir dir;
  const int n = 2000;
  for (int i = 0; i < n; ++i) {
    std::string next = i + 1 < n ? "import \"f" + std::to_string(i + 1) + ".baton\"\n" : "";
    dir.write("f" + std::to_string(i) + ".baton", next + "param p" + std::to_string(i) + " = 1\n");
  }
  auto l = load(dir.path("f0.baton"));
  CHECK(l->codes().empty());
  CHECK(l->module.params.size() == static_cast<size_t>(n));
  CHECK(l->module.file_rank[0] == static_cast<uint32_t>(n - 1));
}

}  // namespace
}  // namespace baton
