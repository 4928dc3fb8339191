// Atomic output: temporary files and directories beside the destination, then rename(2).
//
// std::filesystem is used only through its error_code overloads, so nothing here throws.
#include "driver/output_writer.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

namespace baton {
namespace fs = std::filesystem;
namespace {

const char kMarkerText[] =
    "This directory was written by baton compile; the next compile to it replaces it whole.\n";

mode_t current_umask() {
  // umask can only be read by setting it; the driver is single-threaded.
  mode_t mask = umask(0);
  umask(mask);
  return mask;
}

std::string errno_text() {
  return std::strerror(errno);
}

/// Writes all of `content` to `fd` and flushes it to disk.
bool write_all(int fd, const std::string& content) {
  const char* p = content.data();
  size_t left = content.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  return ::fsync(fd) == 0;
}

/// Follows `path` when it is a symbolic link, so that the link keeps pointing at the output.
fs::path resolve_link(const fs::path& path) {
  std::error_code ec;
  if (!fs::is_symlink(fs::symlink_status(path, ec))) return path;
  fs::path target = fs::weakly_canonical(path, ec);
  return ec ? path : target;
}

/// The directory that holds `path` ("." for a bare name).
fs::path parent_of(const fs::path& path) {
  fs::path parent = path.parent_path();
  return parent.empty() ? fs::path(".") : parent;
}

/// A relative path with no `.`, `..` or empty component: it stays inside the output directory.
bool is_plain_relative(const std::string& path) {
  fs::path p(path);
  if (path.empty() || p.is_absolute()) return false;
  for (const fs::path& part : p) {
    if (part.empty() || part == "." || part == "..") return false;
  }
  return true;
}

/// Creates `path` (which must not exist) holding `content`.
bool create_file(const fs::path& path, const std::string& content, bool executable,
                 std::string* err) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, executable ? 0777 : 0666);
  if (fd < 0) {
    *err = "cannot create '" + path.string() + "': " + errno_text();
    return false;
  }
  bool ok = write_all(fd, content);
  std::string why = ok ? "" : errno_text();
  if (::close(fd) != 0 && ok) {
    ok = false;
    why = errno_text();
  }
  if (!ok) *err = "cannot write '" + path.string() + "': " + why;
  return ok;
}

}  // namespace

bool write_file_atomically(const std::string& path_text, const std::string& content,
                           bool executable, std::string* err) {
  fs::path path = resolve_link(path_text);
  if (path.filename().empty() || path.filename() == "." || path.filename() == "..") {
    *err = "'" + path_text + "' does not name a file";
    return false;
  }
  std::error_code ec;
  if (fs::is_directory(fs::status(path, ec))) {
    *err = "'" + path_text + "' is a directory";
    return false;
  }
  fs::path dir = parent_of(path);
  std::string tmp = (dir / ("." + path.filename().string() + ".tmp-XXXXXX")).string();
  int fd = ::mkstemp(tmp.data());
  if (fd < 0) {
    *err = "cannot create a file in '" + dir.string() + "': " + errno_text();
    return false;
  }
  bool ok =
      ::fchmod(fd, (executable ? 0777 : 0666) & ~current_umask()) == 0 && write_all(fd, content);
  std::string why = ok ? "" : errno_text();
  if (::close(fd) != 0 && ok) {
    ok = false;
    why = errno_text();
  }
  if (ok && ::rename(tmp.c_str(), path.c_str()) != 0) {
    ok = false;
    why = errno_text();
  }
  if (!ok) {
    ::unlink(tmp.c_str());
    *err = "cannot write '" + path_text + "': " + why;
  }
  return ok;
}

bool write_directory_atomically(const std::string& dir_text, const std::vector<OutputFile>& files,
                                std::string* err) {
  fs::path dir = resolve_link(fs::path(dir_text).lexically_normal());
  // `out/` names the directory `out`.
  if (dir.filename().empty()) dir = dir.parent_path();
  if (dir.empty() || dir.filename() == "." || dir.filename() == ".." || dir == dir.root_path()) {
    *err = "'" + dir_text + "' cannot be replaced: name a directory of its own";
    return false;
  }
  for (const OutputFile& f : files) {
    if (!is_plain_relative(f.path) || f.path == kOutputMarker) {
      *err = "internal error: the backend produced the file name '" + f.path + "'";
      return false;
    }
  }

  std::error_code ec;
  fs::file_status status = fs::status(dir, ec);
  bool exists = fs::exists(status);
  if (exists && !fs::is_directory(status)) {
    *err = "'" + dir_text + "' exists and is not a directory";
    return false;
  }
  if (exists && !fs::exists(dir / kOutputMarker, ec) && !fs::is_empty(dir, ec)) {
    *err = "'" + dir_text + "' is not empty and was not written by baton (it has no " +
           kOutputMarker + "); remove it or choose another directory";
    return false;
  }

  std::string tmp = (parent_of(dir) / ("." + dir.filename().string() + ".tmp-XXXXXX")).string();
  if (::mkdtemp(tmp.data()) == nullptr) {
    *err = "cannot create a directory in '" + parent_of(dir).string() + "': " + errno_text();
    return false;
  }
  auto fail = [&](const std::string& message) {
    fs::remove_all(tmp, ec);
    *err = message;
    return false;
  };
  if (::chmod(tmp.c_str(), 0777 & ~current_umask()) != 0)
    return fail("cannot write '" + dir_text + "': " + errno_text());
  for (const OutputFile& f : files) {
    fs::path target = fs::path(tmp) / f.path;
    fs::create_directories(target.parent_path(), ec);
    if (ec) return fail("cannot create '" + target.parent_path().string() + "': " + ec.message());
    if (!create_file(target, f.content, f.executable, err)) return fail(*err);
  }
  if (!create_file(fs::path(tmp) / kOutputMarker, kMarkerText, false, err)) return fail(*err);

  if (!exists) {
    if (::rename(tmp.c_str(), dir.c_str()) != 0)
      return fail("cannot write '" + dir_text + "': " + errno_text());
    return true;
  }
  // Swap the two directories in one step, then delete the old one (now at the temporary name).
  if (::renameat2(AT_FDCWD, tmp.c_str(), AT_FDCWD, dir.c_str(), RENAME_EXCHANGE) == 0) {
    fs::remove_all(tmp, ec);
    return true;
  }
  if (errno != EINVAL && errno != ENOSYS)
    return fail("cannot write '" + dir_text + "': " + errno_text());
  // A file system without RENAME_EXCHANGE: move the old directory aside, then the new one in.
  // Between the two renames `dir` is missing for an instant, but never half-written.
  std::string old = tmp + ".old";
  if (::rename(dir.c_str(), old.c_str()) != 0)
    return fail("cannot replace '" + dir_text + "': " + errno_text());
  if (::rename(tmp.c_str(), dir.c_str()) != 0) {
    std::string why = errno_text();
    ::rename(old.c_str(), dir.c_str());
    return fail("cannot replace '" + dir_text + "': " + why);
  }
  fs::remove_all(old, ec);
  return true;
}

}  // namespace baton
