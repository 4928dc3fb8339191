// Output files: temporary files and directories beside the destination, then rename(2); what
// is not a regular file (a FIFO, a device, a descriptor of /proc) is written in place instead.
//
// std::filesystem is used only through its error_code overloads, so nothing here throws.
#include "driver/output_writer.h"

#include <fcntl.h>
#include <linux/magic.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <optional>
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

/// Writes all of `content` to `fd`.
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
  return true;
}

/// Writes all of `content` to `fd` and flushes it to disk.
bool write_all_durably(int fd, const std::string& content) {
  return write_all(fd, content) && ::fsync(fd) == 0;
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

/// How the bytes of a single-file output reach the file `-o` names.
enum class Route {
  Replace,     ///< a regular file or nothing: a temporary file renamed over it
  InPlace,     ///< a FIFO, a character device: opened and written, never replaced
  Descriptor,  ///< one of this process's own file descriptors (`/dev/stdout`)
};

/// Where a single-file output goes, once the links of `-o` are followed.
struct Destination {
  Route route = Route::Replace;
  fs::path path;  ///< Replace: the file to create or replace; InPlace: the file to open
  int fd = -1;    ///< Descriptor: the descriptor to write to
};

/// True when `dir` is on the proc file system, whose links (`/proc/self/fd/1`) are not names
/// of files but the open files themselves: one may lead to a pipe, which has no name.
bool on_procfs(const fs::path& dir) {
  struct statfs fs_info;
  return ::statfs(dir.c_str(), &fs_info) == 0 && fs_info.f_type == PROC_SUPER_MAGIC;
}

/// The descriptor of this process that the /proc link `link` stands for, or -1.
int own_descriptor(const fs::path& link) {
  std::error_code ec;
  fs::path dir = fs::canonical(parent_of(link), ec);
  if (ec) return -1;
  bool own = false;
  for (const char* mine : {"/proc/self/fd", "/proc/thread-self/fd"}) {
    fs::path canonical = fs::canonical(mine, ec);
    own = own || (!ec && canonical == dir);
  }
  std::string name = link.filename().string();
  int fd = -1;
  auto [end, error] = std::from_chars(name.data(), name.data() + name.size(), fd);
  if (!own || error != std::errc() || end != name.data() + name.size()) return -1;
  return ::fcntl(fd, F_GETFD) == -1 ? -1 : fd;
}

/// The route for a file that exists, from its status (links followed); nullopt with a message
/// in *err for what baton never writes to.
std::optional<Route> route_for(const struct stat& st, const std::string& shown, std::string* err) {
  if (S_ISREG(st.st_mode)) return Route::Replace;
  if (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode)) return Route::InPlace;
  if (S_ISDIR(st.st_mode)) {
    *err = "'" + shown + "' is a directory";
  } else if (S_ISBLK(st.st_mode)) {
    *err = "'" + shown + "' is a block device: baton does not write over a disk";
  } else {
    *err = "'" + shown + "' is a socket: baton writes files, FIFOs and devices";
  }
  return std::nullopt;
}

/// Follows the symbolic links of `path_text` one at a time, as far as a file that is not a
/// link, a link of /proc, or a name that does not exist, and says how to write there.
std::optional<Destination> find_destination(const std::string& path_text, std::string* err) {
  // The kernel's own limit on the links in one path (MAXSYMLINKS).
  constexpr int kMaxLinks = 40;
  fs::path path = path_text;
  int error = ELOOP;  // what stops the walk, unless it ends at a destination
  for (int links = 0; links <= kMaxLinks; ++links) {
    struct stat st;
    if (::lstat(path.c_str(), &st) != 0) {
      error = errno;
      if (error != ENOENT) break;
      // Nothing there: a new file, created where the directory already is.
      fs::path dir = parent_of(path);
      std::error_code ec;
      if (fs::is_directory(dir, ec)) return Destination{Route::Replace, path, -1};
      if (links == 0) {
        *err = "cannot create a file in '" + dir.string() + "': " + std::strerror(ENOENT);
      } else {
        *err = "'" + path_text + "' is a symbolic link to '" + path.string() +
               "', in a directory that does not exist";
      }
      return std::nullopt;
    }
    if (!S_ISLNK(st.st_mode)) {
      std::optional<Route> route = route_for(st, path_text, err);
      if (!route) return std::nullopt;
      return Destination{*route, path, -1};
    }
    if (on_procfs(parent_of(path))) {
      if (int fd = own_descriptor(path); fd >= 0) return Destination{Route::Descriptor, path, fd};
      if (::stat(path.c_str(), &st) != 0) {
        error = errno;
        break;
      }
      // Another process's descriptor: what it leads to has no name of its own to replace.
      if (!route_for(st, path_text, err)) return std::nullopt;
      return Destination{Route::InPlace, path, -1};
    }
    std::error_code ec;
    fs::path target = fs::read_symlink(path, ec);
    if (ec) {
      error = ec.value();
      break;
    }
    path =
        target.is_absolute() || path.parent_path().empty() ? target : path.parent_path() / target;
  }
  *err = "cannot write '" + path_text + "': " + std::strerror(error);
  return std::nullopt;
}

/// Writes `content` into the existing `path` (a FIFO, a device, a file behind a /proc link)
/// without replacing it. A regular file is emptied first.
bool write_in_place(const fs::path& path, const std::string& content, const std::string& shown,
                    std::string* err) {
  // No O_CREAT: what is there is written to, or nothing is. A FIFO waits for a reader here.
  int fd = ::open(path.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) {
    *err = "cannot write '" + shown + "': " + errno_text();
    return false;
  }
  struct stat st;
  bool ok = ::fstat(fd, &st) == 0 && (!S_ISREG(st.st_mode) || ::ftruncate(fd, 0) == 0) &&
            write_all(fd, content);
  std::string why = ok ? "" : errno_text();
  if (::close(fd) != 0 && ok) {
    ok = false;
    why = errno_text();
  }
  if (!ok) *err = "cannot write '" + shown + "': " + why;
  return ok;
}

/// Creates `path`, or replaces the regular file there, with a temporary file renamed over it.
bool replace_file(const fs::path& path, const std::string& content, bool executable,
                  const std::string& shown, std::string* err) {
  fs::path dir = parent_of(path);
  std::string tmp = (dir / ("." + path.filename().string() + ".tmp-XXXXXX")).string();
  int fd = ::mkstemp(tmp.data());
  if (fd < 0) {
    *err = "cannot create a file in '" + dir.string() + "': " + errno_text();
    return false;
  }
  bool ok = ::fchmod(fd, (executable ? 0777 : 0666) & ~current_umask()) == 0 &&
            write_all_durably(fd, content);
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
    *err = "cannot write '" + shown + "': " + why;
  }
  return ok;
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
  bool ok = write_all_durably(fd, content);
  std::string why = ok ? "" : errno_text();
  if (::close(fd) != 0 && ok) {
    ok = false;
    why = errno_text();
  }
  if (!ok) *err = "cannot write '" + path.string() + "': " + why;
  return ok;
}

}  // namespace

bool write_output_file(const std::string& path_text, const std::string& content, bool executable,
                       std::string* err) {
  fs::path name = fs::path(path_text).filename();
  if (name.empty() || name == "." || name == "..") {
    *err = "'" + path_text + "' does not name a file";
    return false;
  }
  std::optional<Destination> to = find_destination(path_text, err);
  if (!to) return false;
  switch (to->route) {
    case Route::Replace: return replace_file(to->path, content, executable, path_text, err);
    case Route::InPlace: return write_in_place(to->path, content, path_text, err);
    case Route::Descriptor: break;
  }
  if (write_all(to->fd, content)) return true;
  *err = "cannot write '" + path_text + "': " + errno_text();
  return false;
}

bool is_same_file(const std::string& output, const std::string& input) {
  struct stat out, in;
  return ::stat(output.c_str(), &out) == 0 && ::stat(input.c_str(), &in) == 0 &&
         out.st_dev == in.st_dev && out.st_ino == in.st_ino;
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
