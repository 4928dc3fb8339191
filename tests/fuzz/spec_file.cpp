// The harnesses' spec file: a private directory on a memory-backed file system.
#include "spec_file.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <vector>

namespace baton::fuzz {
namespace fs = std::filesystem;

namespace {

/// Where the private directory goes: /dev/shm keeps a million rewrites off the disk.
std::string scratch_root() {
  std::error_code ec;
  if (fs::is_directory("/dev/shm", ec) && access("/dev/shm", W_OK) == 0) return "/dev/shm";
  const char* tmp = std::getenv("TMPDIR");
  return tmp != nullptr && *tmp != '\0' ? tmp : "/tmp";
}

std::string& directory_to_remove() {
  static std::string dir;
  return dir;
}

void remove_directory() {
  std::error_code ec;
  if (!directory_to_remove().empty()) fs::remove_all(directory_to_remove(), ec);
}

}  // namespace

SpecFile::SpecFile() {
  std::string pattern = scratch_root() + "/baton-fuzz-XXXXXX";
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  if (mkdtemp(name.data()) == nullptr) {
    std::perror("baton fuzz: mkdtemp");
    std::abort();
  }
  dir_ = name.data();
  path_ = dir_ + "/fuzz.baton";
  directory_to_remove() = dir_;
  std::atexit(remove_directory);
}

SpecFile& SpecFile::instance() {
  static SpecFile file;
  return file;
}

bool SpecFile::write(std::string_view bytes) {
  std::ofstream out(path_, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) {
    std::fprintf(stderr, "baton fuzz: cannot write %s\n", path_.c_str());
    return false;
  }
  return true;
}

}  // namespace baton::fuzz
