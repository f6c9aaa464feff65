#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension AtomicFile {
    /// What a path names once symbolic links are followed: where the bytes must go and how.
    struct Destination {
        /// The path after following symbolic links (also dangling ones), so a link is written through and
        /// replaced at its target, never turned into a regular file itself.
        var path: String
        /// Whether an existing file there is not a regular file (a device such as `/dev/null`, a FIFO, a
        /// socket): those are written in place, since renaming over them would replace them.
        var isSpecial: Bool
        /// The mode of an existing regular file, kept by its replacement.
        var mode: mode_t?
    }

    /// Links followed before giving up, as the kernel does (`ELOOP`).
    static let maximumLinks = 40

    /// Where writing `path` must go; errors if the directory is missing or `path` is a directory.
    static func destination(_ path: String) throws(FileError) -> Destination {
        guard !path.isEmpty else { throw FileError(path: path, reason: .emptyPath) }
        if path.hasSuffix("/") { throw FileError(path: path, reason: .isADirectory) }
        let resolved = try followLinks(path)
        var status = stat()
        let directory = directory(of: resolved)
        // A link's target is named, so the message speaks of the directory that is really missing.
        guard stat(directory, &status) == 0 else {
            throw FileError(path: resolved, reason: .fromErrno(errno, directory: true))
        }
        guard status.st_mode & S_IFMT == S_IFDIR else { throw FileError(path: resolved, reason: .directoryMissing) }
        guard stat(resolved, &status) == 0 else { return Destination(path: resolved, isSpecial: false, mode: nil) }
        switch status.st_mode & S_IFMT {
        case S_IFDIR: throw FileError(path: path, reason: .isADirectory)
        case S_IFREG: return Destination(path: resolved, isSpecial: false, mode: status.st_mode & 0o7777)
        default: return Destination(path: resolved, isSpecial: true, mode: nil)
        }
    }

    /// `path` with every symbolic link in its last component replaced by its target (relative targets are
    /// relative to the link's directory).
    static func followLinks(_ path: String) throws(FileError) -> String {
        var current = path
        for _ in 0...maximumLinks {
            var status = stat()
            guard lstat(current, &status) == 0, status.st_mode & S_IFMT == S_IFLNK else { return current }
            var target = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlink(current, &target, target.count - 1)
            guard length >= 0 else { throw FileError(path: path, reason: .fromErrno(errno, directory: false)) }
            let text = String(decoding: target[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if text.hasPrefix("/") || !current.contains("/") {
                current = text
            } else {
                let base = directory(of: current)
                current = (base == "/" ? "" : base) + "/" + text
            }
        }
        throw FileError(path: path, reason: .system(code: ELOOP, message: String(cString: strerror(ELOOP))))
    }

    /// The identity of the file `path` names or would create: device and inode of an existing file, else
    /// the directory's device and inode with the name, so `x.csv`, `./x.csv` and a link to it are the same.
    /// `nil` when it cannot be told (a missing directory), in which case writing fails on its own.
    static func identity(_ path: String) -> FileIdentity? {
        guard let resolved = try? followLinks(path) else { return nil }
        var status = stat()
        if stat(resolved, &status) == 0 {
            return FileIdentity(device: UInt64(status.st_dev), inode: UInt64(status.st_ino), name: nil,
                                isCharacterDevice: status.st_mode & S_IFMT == S_IFCHR)
        }
        guard stat(directory(of: resolved), &status) == 0 else { return nil }
        let name = resolved.lastIndex(of: "/").map { String(resolved[resolved.index(after: $0)...]) } ?? resolved
        return FileIdentity(device: UInt64(status.st_dev), inode: UInt64(status.st_ino), name: name,
                            isCharacterDevice: false)
    }

    /// Refuses, before any work, outputs that would overwrite an input or each other.
    ///
    /// Each entry pairs a path with how the command line named it (`--csv`), for the message. Standard output
    /// (`-`) and character devices (`/dev/null`, a terminal) may be shared; any other output naming the same
    /// file as an input or as an earlier output is an error.
    /// - Throws: ``FileError`` with ``FileError/Reason/sameFile(as:)`` naming the other use.
    public static func checkDistinct(inputs: [(path: String, role: String)], outputs: [(path: String, role: String)]) throws(FileError) {
        var seen: [(identity: FileIdentity, role: String)] = []
        for input in inputs where !isStandardOutput(input.path) {
            // An input that does not exist (a bundled scenario's name) cannot be overwritten.
            if let identity = identity(input.path), identity.name == nil { seen.append((identity, input.role)) }
        }
        for output in outputs where !isStandardOutput(output.path) {
            guard let identity = identity(output.path) else { continue }
            if !identity.isCharacterDevice, let other = seen.first(where: { $0.identity == identity }) {
                throw FileError(path: output.path, reason: .sameFile(as: other.role))
            }
            seen.append((identity, output.role))
        }
    }

    // MARK: - Stale temporary files

    /// Removes temporary files for `destination` left by earlier runs of this program that ended without
    /// cleaning up (killed by a signal that cannot be caught): hidden files named `.NAME.tmp-PID-N` next to it
    /// whose process no longer exists. Files of running processes are left alone.
    static func removeStaleTemporaries(for destination: String) {
        let directory = directory(of: destination)
        let prefix = "." + baseName(destination) + ".tmp-"
        guard let stream = opendir(directory) else { return }
        defer { closedir(stream) }
        var stale: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            guard name.hasPrefix(prefix) else { continue }
            let parts = name.dropFirst(prefix.count).split(separator: "-")
            guard parts.count == 2, let pid = Int32(parts[0]), pid > 0, UInt(parts[1]) != nil else { continue }
            if pid != getpid(), kill(pid, 0) != 0, errno == ESRCH { stale.append(name) }
        }
        for name in stale { unlink((directory == "/" ? "" : directory) + "/" + name) }
    }

    /// The last component of `path`.
    static func baseName(_ path: String) -> String {
        path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
    }
}

/// Which file a path names, for telling whether two paths are the same file.
struct FileIdentity: Equatable {
    var device: UInt64
    var inode: UInt64
    /// For a file that does not exist yet: its name within the directory given by device and inode.
    var name: String?
    var isCharacterDevice: Bool
}
