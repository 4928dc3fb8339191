// Unit tests of atomic output: files and directories written whole or not at all.
#include "driver/output_writer.h"

#include <stdlib.h>
#include <sys/stat.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace baton {
namespace {

namespace fs = std::filesystem;

/// A fresh directory for one test, removed at the end.
struct ScratchDir {
  fs::path path;
  ScratchDir() {
    std::string tmpl = (fs::temp_directory_path() / "baton-output-test-XXXXXX").string();
    REQUIRE(mkdtemp(tmpl.data()) != nullptr);
    path = tmpl;
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  /// The names in the directory, sorted, hidden ones included.
  std::vector<std::string> names(const fs::path& dir) const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
  }
};

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void write(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

mode_t mode_of(const fs::path& path) {
  struct stat st;
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

}  // namespace

TEST_CASE("a file is written, then replaced whole, with no temporary file left", "[output]") {
  ScratchDir d;
  fs::path out = d.path / "plan.dot";
  std::string err;
  REQUIRE(write_file_atomically(out.string(), "first\n", false, &err));
  CHECK(read(out) == "first\n");
  REQUIRE(write_file_atomically(out.string(), "second\n", false, &err));
  CHECK(read(out) == "second\n");
  CHECK(d.names(d.path) == std::vector<std::string>{"plan.dot"});
}

TEST_CASE("a file's mode is 0666 or 0777 less the umask", "[output]") {
  ScratchDir d;
  mode_t old = umask(022);
  std::string err;
  REQUIRE(write_file_atomically((d.path / "a").string(), "x", false, &err));
  REQUIRE(write_file_atomically((d.path / "b").string(), "x", true, &err));
  umask(old);
  CHECK(mode_of(d.path / "a") == 0644);
  CHECK(mode_of(d.path / "b") == 0755);
}

TEST_CASE("a file write that cannot happen leaves everything as it was", "[output]") {
  ScratchDir d;
  std::string err;
  fs::create_directory(d.path / "dir");
  CHECK_FALSE(write_file_atomically((d.path / "dir").string(), "x", false, &err));
  CHECK(err == "'" + (d.path / "dir").string() + "' is a directory");
  CHECK_FALSE(write_file_atomically((d.path / "missing" / "plan.dot").string(), "x", false, &err));
  CHECK(err.find("cannot create a file in '" + (d.path / "missing").string() + "': ") == 0);
  CHECK(d.names(d.path) == std::vector<std::string>{"dir"});
  CHECK(d.names(d.path / "dir").empty());
}

TEST_CASE("writing through a symbolic link replaces the file it points at", "[output]") {
  ScratchDir d;
  write(d.path / "real.dot", "old");
  fs::create_symlink("real.dot", d.path / "link.dot");
  std::string err;
  REQUIRE(write_file_atomically((d.path / "link.dot").string(), "new", false, &err));
  CHECK(fs::is_symlink(d.path / "link.dot"));
  CHECK(read(d.path / "real.dot") == "new");
}

TEST_CASE("a directory is written whole, with subdirectories and the marker", "[output]") {
  ScratchDir d;
  fs::path out = d.path / "site";
  std::vector<OutputFile> files = {{"inventory.ini", "[all]\n", false},
                                   {"roles/web/tasks/main.yml", "- ping:\n", false},
                                   {"run.sh", "#!/bin/sh\n", true}};
  std::string err;
  REQUIRE(write_directory_atomically(out.string(), files, &err));
  CHECK(d.names(d.path) == std::vector<std::string>{"site"});
  CHECK(d.names(out) ==
        std::vector<std::string>{".baton-output", "inventory.ini", "roles", "run.sh"});
  CHECK(read(out / "roles/web/tasks/main.yml") == "- ping:\n");
  CHECK((mode_of(out / "run.sh") & 0100) != 0);
  CHECK((mode_of(out / "inventory.ini") & 0111) == 0);

  // A second compile replaces it: files no longer produced disappear.
  files = {{"inventory.ini", "[all]\nweb\n", false}};
  REQUIRE(write_directory_atomically(out.string() + "/", files, &err));
  CHECK(d.names(d.path) == std::vector<std::string>{"site"});
  CHECK(d.names(out) == std::vector<std::string>{".baton-output", "inventory.ini"});
  CHECK(read(out / "inventory.ini") == "[all]\nweb\n");
}

TEST_CASE("an empty directory is filled; one baton did not write is never touched", "[output]") {
  ScratchDir d;
  std::string err;
  fs::create_directory(d.path / "empty");
  REQUIRE(write_directory_atomically((d.path / "empty").string(), {{"a", "a", false}}, &err));
  CHECK(d.names(d.path / "empty") == std::vector<std::string>{".baton-output", "a"});

  fs::create_directory(d.path / "home");
  write(d.path / "home" / "notes.txt", "mine");
  CHECK_FALSE(write_directory_atomically((d.path / "home").string(), {{"a", "a", false}}, &err));
  CHECK(err == "'" + (d.path / "home").string() +
                   "' is not empty and was not written by baton (it has no .baton-output); "
                   "remove it or choose another directory");
  CHECK(d.names(d.path / "home") == std::vector<std::string>{"notes.txt"});

  write(d.path / "file", "x");
  CHECK_FALSE(write_directory_atomically((d.path / "file").string(), {{"a", "a", false}}, &err));
  CHECK(err == "'" + (d.path / "file").string() + "' exists and is not a directory");
  CHECK(d.names(d.path) == std::vector<std::string>{"empty", "file", "home"});
}

TEST_CASE("a directory write that fails half-way leaves no trace", "[output]") {
  ScratchDir d;
  std::string err;
  // The second file needs a directory where the first file is.
  std::vector<OutputFile> files = {{"a", "a", false}, {"a/b", "b", false}};
  CHECK_FALSE(write_directory_atomically((d.path / "out").string(), files, &err));
  CHECK(err.find("cannot create '") == 0);
  CHECK(d.names(d.path).empty());

  CHECK_FALSE(
      write_directory_atomically((d.path / "out").string(), {{"../escape", "x", false}}, &err));
  CHECK(err == "internal error: the backend produced the file name '../escape'");
  CHECK_FALSE(write_directory_atomically(".", {{"a", "a", false}}, &err));
  CHECK(err == "'.' cannot be replaced: name a directory of its own");
  CHECK(d.names(d.path).empty());
}

}  // namespace baton
