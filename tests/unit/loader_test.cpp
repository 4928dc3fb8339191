// Unit tests for the loader: files, encodings, and imports followed once each.
#include "compiler/frontend/loader.h"

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "compiler/frontend/spec_file_reader.h"

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

TEST_CASE("only .baton files are imported, and a .baton link must lead to one", "[loader]") {
  TempDir dir;
  dir.write("token.txt", "ghp_secret\n");
  fs::create_symlink(dir.path("token.txt"), dir.path("leak.baton"));
  auto l = load(dir.write("main.baton",
                          "import \"token.txt\"\nimport \"/proc/self/environ\"\n"
                          "import \"leak.baton\"\nparam a = 1\n"));
  CHECK(l->status == LoadStatus::Ok);
  REQUIRE(l->codes() == std::vector<std::string>{"E0002", "E0002", "E0002"});
  CHECK(l->diags.diagnostics()[0].message == "cannot import 'token.txt': not a .baton file");
  CHECK(l->diags.diagnostics()[0].help ==
        "baton reads only specs: files whose names end in .baton");
  CHECK(l->diags.diagnostics()[1].message ==
        "cannot import '/proc/self/environ': not a .baton file");
  CHECK(l->diags.diagnostics()[2].message == "cannot import 'leak.baton': it leads to '" +
                                                 dir.path("token.txt") +
                                                 "', which is not a .baton file");
  CHECK(l->sources.size() == 1);  // nothing but the root was read
  CHECK(l->module.missing_imports);

  // A link between two specs is fine.
  dir.write("real.baton", "param r = 1\n");
  fs::create_symlink("real.baton", dir.path("alias.baton"));
  auto ok = load(dir.write("ok.baton", "import \"alias.baton\"\nparam a = r\n"));
  CHECK(ok->codes().empty());

  // The root: a .baton link to another file is refused; another name is the user's choice.
  auto root = load(dir.path("leak.baton"));
  CHECK(root->status == LoadStatus::IoError);
  CHECK(root->diags.diagnostics()[0].message == "cannot read '" + dir.path("leak.baton") +
                                                    "': it leads to '" + dir.path("token.txt") +
                                                    "', which is not a .baton file");
  CHECK(root->sources.size() == 0);
  dir.write("deploy.spec", "param a = 1\n");
  CHECK(load(dir.path("deploy.spec"))->codes().empty());
}

TEST_CASE("an import must be a regular file: a FIFO is refused without waiting", "[loader]") {
  TempDir dir;
  REQUIRE(::mkfifo(dir.path("pipe.baton").c_str(), 0600) == 0);
  auto l = load(dir.write("main.baton", "import \"pipe.baton\"\nparam a = 1\n"));
  REQUIRE(l->codes() == std::vector<std::string>{"E0002"});
  CHECK(l->diags.diagnostics()[0].message ==
        "cannot import 'pipe.baton': is a FIFO, not a regular file");
  CHECK(l->diags.diagnostics()[0].help.empty());
}

TEST_CASE("reading stops at the first NUL and at 256 MiB", "[loader]") {
  // /dev/zero has no end: the first NUL ends the read (E0005), at once.
  auto zero = load("/dev/zero");
  REQUIRE(zero->codes() == std::vector<std::string>{"E0005"});
  CHECK(zero->sources.file(0).text == std::string(1, '\0'));

  TempDir dir;
  std::string big = dir.write("big.baton", "");
  fs::resize_file(big, kMaxSpecBytes + 1);  // sparse: nothing is written
  auto l = load(big);
  CHECK(l->status == LoadStatus::IoError);
  CHECK(l->diags.diagnostics()[0].message ==
        "cannot read '" + big + "': is larger than 256 MiB, the most baton reads of one file");
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
