#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Writes files so that readers see either the old content or the new, never a partial file.
///
/// The content goes to a hidden temporary file in the destination's directory (`.name.tmp-PID-N`), is flushed
/// with `fsync`, and is then moved over the destination with POSIX `rename`, which is atomic within one file
/// system. If anything fails the temporary file is removed and the destination is untouched.
///
/// The path `-` conventionally means standard output; these functions do not handle it (the caller writes
/// to its output stream instead), see ``isStandardOutput(_:)``.
public enum AtomicFile {
    /// Whether `path` is `-`, meaning standard output (or input) rather than a file.
    public static func isStandardOutput(_ path: String) -> Bool { path == "-" }

    /// Replaces the file at `path` with `text` encoded as UTF-8.
    public static func write(_ text: String, to path: String) throws(FileError) {
        try write(bytes: Array(text.utf8), to: path)
    }

    /// Replaces the file at `path` with `bytes`. A new file gets mode 0666 minus the umask; an existing
    /// file keeps its mode.
    public static func write(bytes: [UInt8], to path: String) throws(FileError) {
        let existingMode = try destinationMode(path)
        let temporary = temporaryPath(for: path)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw FileError(path: path, reason: .fromErrno(errno, directory: true)) }
        var succeeded = false
        defer {
            if !succeeded { unlink(temporary) }
        }
        do {
            defer { close(descriptor) }
            if let existingMode { fchmod(descriptor, existingMode) }
            var offset = 0
            while offset < bytes.count {
                let written = bytes[offset...].withUnsafeBytes { AtomicFile.systemWrite(descriptor, $0.baseAddress, $0.count) }
                if written < 0 {
                    if errno == EINTR { continue }
                    throw FileError(path: path, reason: .fromErrno(errno, directory: false))
                }
                offset += written
            }
            guard fsync(descriptor) == 0 else {
                throw FileError(path: path, reason: .fromErrno(errno, directory: false))
            }
        }
        guard rename(temporary, path) == 0 else {
            throw FileError(path: path, reason: .fromErrno(errno, directory: false))
        }
        succeeded = true
    }

    /// Checks, before a long run starts, that ``write(_:to:)`` to `path` would succeed as far as the file
    /// system can tell: the directory exists, is a directory and is writable (a probe file is created and
    /// removed at once), and `path` is not itself a directory. Leaves no file behind. Does nothing for `-`.
    public static func checkWritable(_ path: String) throws(FileError) {
        if isStandardOutput(path) { return }
        guard !path.isEmpty else { throw FileError(path: path, reason: .emptyPath) }
        _ = try destinationMode(path)
        let probe = temporaryPath(for: path)
        let descriptor = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw FileError(path: path, reason: .fromErrno(errno, directory: true)) }
        close(descriptor)
        unlink(probe)
    }

    /// Reads the whole file at `path` as UTF-8 (invalid bytes become U+FFFD).
    public static func read(_ path: String) throws(FileError) -> String {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileError(path: path, reason: .fromErrno(errno, directory: false)) }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { AtomicFile.systemRead(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw FileError(path: path, reason: .fromErrno(errno, directory: false))
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    // MARK: - Helpers

    private static let counter = Atomic<Int>(0)

    /// The directory part of `path`: `.` for a bare name, `/` for a file in the root.
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let directory = path[..<slash]
        return directory.isEmpty ? "/" : String(directory)
    }

    /// A fresh hidden name next to `path`, unique within this process and across processes (by PID).
    static func temporaryPath(for path: String) -> String {
        let name = path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
        let serial = counter.add(1, ordering: .relaxed).newValue
        let directory = directory(of: path)
        return (directory == "/" ? "" : directory) + "/.\(name).tmp-\(getpid())-\(serial)"
    }

    /// The mode of an existing regular file at `path`, `nil` if there is none; errors if the directory
    /// is missing or not a directory, or `path` is a directory.
    static func destinationMode(_ path: String) throws(FileError) -> mode_t? {
        var status = stat()
        let directory = directory(of: path)
        guard stat(directory, &status) == 0 else {
            throw FileError(path: path, reason: .fromErrno(errno, directory: true))
        }
        guard status.st_mode & S_IFMT == S_IFDIR else { throw FileError(path: path, reason: .directoryMissing) }
        if path.hasSuffix("/") { throw FileError(path: path, reason: .isADirectory) }
        guard stat(path, &status) == 0 else { return nil }
        if status.st_mode & S_IFMT == S_IFDIR { throw FileError(path: path, reason: .isADirectory) }
        return status.st_mode & 0o7777
    }
}

// The module-qualified C functions, unambiguous next to Swift's own `write`/`read` names.
extension AtomicFile {
    #if canImport(Glibc)
    static let systemWrite = Glibc.write
    static let systemRead = Glibc.read
    #elseif canImport(Musl)
    static let systemWrite = Musl.write
    static let systemRead = Musl.read
    #elseif canImport(Darwin)
    static let systemWrite = Darwin.write
    static let systemRead = Darwin.read
    #endif
}

/// A file that could not be read or written, and why.
public struct FileError: Error, Sendable, Hashable {
    public enum Reason: Sendable, Hashable {
        case emptyPath
        /// The directory that should hold the file does not exist (or a path component is not a directory).
        case directoryMissing
        case permissionDenied
        case isADirectory
        case notFound
        case readOnlyFileSystem
        case noSpace
        /// Any other system error: its `errno` and the C library's text.
        case system(code: Int32, message: String)

        static func fromErrno(_ code: Int32, directory: Bool) -> Reason {
            switch code {
            case ENOENT: return directory ? .directoryMissing : .notFound
            case ENOTDIR: return .directoryMissing
            case EACCES, EPERM: return .permissionDenied
            case EISDIR: return .isADirectory
            case EROFS: return .readOnlyFileSystem
            case ENOSPC, EDQUOT: return .noSpace
            default: return .system(code: code, message: String(cString: strerror(code)))
            }
        }
    }

    public var path: String
    public var reason: Reason

    public init(path: String, reason: Reason) {
        self.path = path
        self.reason = reason
    }

    /// The reason in words, without the path.
    public var message: String {
        switch reason {
        case .emptyPath: return "empty file name"
        case .directoryMissing: return "directory '\(AtomicFile.directory(of: path))' does not exist"
        case .permissionDenied: return "permission denied"
        case .isADirectory: return "is a directory"
        case .notFound: return "no such file"
        case .readOnlyFileSystem: return "read-only file system"
        case .noSpace: return "no space left on device"
        case let .system(_, message): return message
        }
    }
}

extension FileError: CustomStringConvertible {
    /// `path: message`, e.g. `out/run.csv: directory 'out' does not exist`.
    public var description: String { "\(path): \(message)" }
}
