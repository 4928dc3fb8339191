// Unit tests of atomic output: files and directories written whole or not at all.
#include "driver/output_writer.h"

#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

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

TEST_CASE("a file is written, then replaced whole, with no temporary file left",
          "[output_writer]") {
  ScratchDir d;
  fs::path out = d.path / "plan.dot";
  std::string err;
  REQUIRE(write_output_file(out.string(), "first\n", false, &err));
  CHECK(read(out) == "first\n");
  REQUIRE(write_output_file(out.string(), "second\n", false, &err));
  CHECK(read(out) == "second\n");
  CHECK(d.names(d.path) == std::vector<std::string>{"plan.dot"});
}

TEST_CASE("a file's mode is 0666 or 0777 less the umask", "[output_writer]") {
  ScratchDir d;
  mode_t old = umask(022);
  std::string err;
  REQUIRE(write_output_file((d.path / "a").string(), "x", false, &err));
  REQUIRE(write_output_file((d.path / "b").string(), "x", true, &err));
  umask(old);
  CHECK(mode_of(d.path / "a") == 0644);
  CHECK(mode_of(d.path / "b") == 0755);
}

TEST_CASE("a file write that cannot happen leaves everything as it was", "[output_writer]") {
  ScratchDir d;
  std::string err;
  fs::create_directory(d.path / "dir");
  CHECK_FALSE(write_output_file((d.path / "dir").string(), "x", false, &err));
  CHECK(err == "'" + (d.path / "dir").string() + "' is a directory");
  CHECK_FALSE(write_output_file((d.path / "missing" / "plan.dot").string(), "x", false, &err));
  CHECK(err.find("cannot create a file in '" + (d.path / "missing").string() + "': ") == 0);
  CHECK(d.names(d.path) == std::vector<std::string>{"dir"});
  CHECK(d.names(d.path / "dir").empty());
}

TEST_CASE("writing through a symbolic link replaces the file it points at", "[output_writer]") {
  ScratchDir d;
  write(d.path / "real.dot", "old");
  fs::create_symlink("real.dot", d.path / "link.dot");
  std::string err;
  REQUIRE(write_output_file((d.path / "link.dot").string(), "new", false, &err));
  CHECK(fs::is_symlink(d.path / "link.dot"));
  CHECK(read(d.path / "real.dot") == "new");
}

TEST_CASE("a dangling link gets its file created; a link nowhere or in a loop is an error",
          "[output_writer]") {
  ScratchDir d;
  std::string err;
  fs::create_symlink("missing.dot", d.path / "dangling.dot");
  REQUIRE(write_output_file((d.path / "dangling.dot").string(), "new", false, &err));
  CHECK(fs::is_symlink(d.path / "dangling.dot"));
  CHECK(read(d.path / "missing.dot") == "new");

  fs::create_symlink("nowhere/x.dot", d.path / "lost.dot");
  CHECK_FALSE(write_output_file((d.path / "lost.dot").string(), "x", false, &err));
  CHECK(err == "'" + (d.path / "lost.dot").string() + "' is a symbolic link to '" +
                   (d.path / "nowhere/x.dot").string() + "', in a directory that does not exist");
  CHECK(fs::is_symlink(d.path / "lost.dot"));

  fs::create_symlink("loop2", d.path / "loop1");
  fs::create_symlink("loop1", d.path / "loop2");
  CHECK_FALSE(write_output_file((d.path / "loop1").string(), "x", false, &err));
  CHECK(err ==
        "cannot write '" + (d.path / "loop1").string() + "': Too many levels of symbolic links");
  CHECK(fs::is_symlink(d.path / "loop1"));
  CHECK(d.names(d.path) ==
        std::vector<std::string>{"dangling.dot", "loop1", "loop2", "lost.dot", "missing.dot"});
}

TEST_CASE("a FIFO is written into, never replaced", "[output_writer]") {
  ScratchDir d;
  fs::path fifo = d.path / "plan.fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  std::string got;
  std::thread reader([&] { got = read(fifo); });
  std::string err;
  bool written = write_output_file(fifo.string(), "through the pipe\n", false, &err);
  reader.join();
  CHECK(written);
  CHECK(got == "through the pipe\n");
  CHECK(fs::is_fifo(fifo));
  CHECK(d.names(d.path) == std::vector<std::string>{"plan.fifo"});
}

TEST_CASE("a link to one of our descriptors (/dev/stdout) writes to the descriptor",
          "[output_writer]") {
  ScratchDir d;
  int ends[2];
  REQUIRE(::pipe(ends) == 0);
  fs::path link = d.path / "stdout";
  fs::create_symlink("/proc/self/fd/" + std::to_string(ends[1]), link);
  std::string err;
  CHECK(write_output_file(link.string(), "into the pipe", false, &err));
  ::close(ends[1]);
  char buf[64];
  ssize_t n = ::read(ends[0], buf, sizeof buf);
  ::close(ends[0]);
  CHECK(std::string(buf, n > 0 ? static_cast<size_t>(n) : 0) == "into the pipe");
  CHECK(fs::is_symlink(link));
  CHECK(d.names(d.path) == std::vector<std::string>{"stdout"});
}

TEST_CASE("devices: a character device is written into; a block device, a socket refused",
          "[output_writer]") {
  ScratchDir d;
  std::string err;
  fs::path socket_path = d.path / "plan.sock";
  int sock = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::snprintf(address.sun_path, sizeof address.sun_path, "%s", socket_path.c_str());
  REQUIRE(::bind(sock, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  CHECK_FALSE(write_output_file(socket_path.string(), "x", false, &err));
  CHECK(err == "'" + socket_path.string() + "' is a socket: baton writes files, FIFOs and devices");
  CHECK(fs::is_socket(socket_path));
  ::close(sock);

  // Device nodes in the scratch directory (never in /dev): only where mknod is permitted.
  fs::path null = d.path / "null", disk = d.path / "disk";
  if (::mknod(null.c_str(), S_IFCHR | 0666, makedev(1, 3)) != 0 ||
      ::mknod(disk.c_str(), S_IFBLK | 0600, makedev(7, 0)) != 0) {
    WARN("mknod is not permitted here: the device cases are not run");
    return;
  }
  CHECK(write_output_file(null.string(), "discarded", false, &err));
  CHECK(fs::is_character_file(null));
  CHECK_FALSE(write_output_file(disk.string(), "x", false, &err));
  CHECK(err == "'" + disk.string() + "' is a block device: baton does not write over a disk");
  CHECK(fs::is_block_file(disk));
}

TEST_CASE("is_same_file: the same file whatever the links, never what does not exist",
          "[output_writer]") {
  ScratchDir d;
  write(d.path / "spec.baton", "param a = 1\n");
  fs::create_symlink("spec.baton", d.path / "link.baton");
  CHECK(is_same_file((d.path / "link.baton").string(), (d.path / "spec.baton").string()));
  CHECK(is_same_file((d.path / "." / "spec.baton").string(), (d.path / "spec.baton").string()));
  write(d.path / "other.baton", "param a = 1\n");
  CHECK_FALSE(is_same_file((d.path / "other.baton").string(), (d.path / "spec.baton").string()));
  CHECK_FALSE(is_same_file((d.path / "missing").string(), (d.path / "spec.baton").string()));
}

TEST_CASE("a directory is written whole, with subdirectories and the marker", "[output_writer]") {
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

TEST_CASE("an empty directory is filled; one baton did not write is never touched",
          "[output_writer]") {
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

TEST_CASE("a directory write that fails half-way leaves no trace", "[output_writer]") {
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
