#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import PricePropBasics
import Synchronization

/// Writes files so that readers see either the old content or the new, never a partial file.
///
/// The content goes to a hidden temporary file in the destination's directory (`.name.tmp-PID-N`), is flushed
/// with `fsync`, and is then moved over the destination with POSIX `rename`, which is atomic within one file
/// system. If anything fails the temporary file is removed and the destination is untouched. A symbolic link
/// is written through: the temporary file goes next to its target and replaces the target. A device, FIFO or
/// socket is written in place, since a rename would replace it with a regular file. Temporary files are
/// registered with ``TemporaryFiles`` so a signal handler can remove them, and ones left by a process that no
/// longer exists are removed by the next write to the same destination.
///
/// The path `-` conventionally means standard output; these functions do not handle it (the caller writes
/// to its output stream instead), see ``isStandardOutput(_:)``.
public enum AtomicFile {
    /// Whether `path` is `-`, meaning standard output (or input) rather than a file.
    public static func isStandardOutput(_ path: String) -> Bool { path == "-" }

    /// Replaces the file at `path` with `text` encoded as UTF-8.
    /// `waitForReader` runs the open of a FIFO nobody reads yet (see ``Stream/init(path:waitForReader:)``).
    public static func write(_ text: String, to path: String,
                             waitForReader: (() -> Int32) -> Int32 = { $0() }) throws(FileError) {
        try write(bytes: Array(text.utf8), to: path, waitForReader: waitForReader)
    }

    /// Replaces the file at `path` with `bytes`. A new file gets mode 0666 minus the umask; an existing
    /// file keeps its mode.
    public static func write(bytes: [UInt8], to path: String,
                             waitForReader: (() -> Int32) -> Int32 = { $0() }) throws(FileError) {
        let stream = try Stream(path: path, waitForReader: waitForReader)
        try stream.write(bytes: bytes)
        try stream.commit()
    }

    /// Checks, before a long run starts, that ``write(_:to:)`` to `path` would succeed as far as the file
    /// system can tell: the directory exists, is a directory and is writable (a probe file is created and
    /// removed at once), and `path` is not itself a directory; a device or FIFO must be writable. Leaves no
    /// file behind. Does nothing for `-`.
    public static func checkWritable(_ path: String) throws(FileError) {
        if isStandardOutput(path) { return }
        let destination = try destination(path)
        if destination.isSpecial {
            guard access(destination.path, W_OK) == 0 else {
                throw FileError(path: path, reason: .fromErrno(errno, directory: false))
            }
            return
        }
        let probe = temporaryPath(for: destination.path)
        // Registered like any temporary file, so a signal between creating and removing it removes it too.
        let registration = TemporaryFiles.register(probe)
        defer { TemporaryFiles.unregister(registration) }
        let descriptor = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw FileError(path: path, reason: .fromErrno(errno, directory: true)) }
        close(descriptor)
        unlink(probe)
    }

    /// The most a file may hold for ``read(_:limit:)`` by default: 512 MiB.
    public static let defaultReadLimit = BoundedRead.defaultLimit

    /// Reads the whole file at `path` as UTF-8 (invalid bytes become U+FFFD).
    /// - Throws: ``FileError`` when it cannot be read or holds more than `limit` bytes (checked while reading,
    ///   so `/dev/zero` or an endless FIFO stops at the limit too).
    public static func read(_ path: String, limit: Int = defaultReadLimit) throws(FileError) -> String {
        switch BoundedRead.bytes(atPath: path, limit: limit) {
        case let .success(bytes): return String(decoding: bytes, as: UTF8.self)
        case let .failure(.system(code)): throw FileError(path: path, reason: .fromErrno(code, directory: false))
        case .failure(.isADirectory): throw FileError(path: path, reason: .isADirectory)
        case .failure(.notText): throw FileError(path: path, reason: .notText)
        case let .failure(.tooLarge(limit)): throw FileError(path: path, reason: .tooLarge(limit: limit))
        }
    }

    // MARK: - Helpers

    private static let counter = Atomic<Int>(0)

    /// The directory part of `path`: `.` for a bare name, `/` for a file in the root.
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let directory = path[..<slash]
        return directory.isEmpty ? "/" : String(directory)
    }

    /// A fresh hidden name next to `path`, unique within this process and across processes (by PID), in
    /// the form ``removeStaleTemporaries(for:)`` recognises.
    static func temporaryPath(for path: String) -> String {
        let serial = counter.add(1, ordering: .relaxed).newValue
        let directory = directory(of: path)
        return (directory == "/" ? "" : directory) + "/.\(baseName(path)).tmp-\(getpid())-\(serial)"
    }
}

// The module-qualified C functions, unambiguous next to Swift's own `write` name.
extension AtomicFile {
    #if canImport(Glibc)
    static let systemWrite = Glibc.write
    #elseif canImport(Musl)
    static let systemWrite = Musl.write
    #elseif canImport(Darwin)
    static let systemWrite = Darwin.write
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
        /// The same file as another input or output of the command, named by its role (`--csv`, `the scenario`).
        case sameFile(as: String)
        /// More bytes than a reader accepts.
        case tooLarge(limit: Int)
        /// Standard output or a pipe closed by its reader.
        case closedPipe
        /// A device or FIFO read as text sent a NUL byte.
        case notText
        /// Any other system error: its `errno` and the C library's text.
        case system(code: Int32, message: String)

        /// The reason for the C library error `code`; `directory` says the failing call was on the directory.
        public static func fromErrno(_ code: Int32, directory: Bool) -> Reason {
            switch code {
            case ENOENT: return directory ? .directoryMissing : .notFound
            case ENOTDIR: return .directoryMissing
            case EACCES, EPERM: return .permissionDenied
            case EISDIR: return .isADirectory
            case EROFS: return .readOnlyFileSystem
            case ENOSPC, EDQUOT: return .noSpace
            case EPIPE: return .closedPipe
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
        case let .sameFile(role): return "is the same file as \(role); refusing to overwrite it"
        case let .tooLarge(limit): return "larger than \(FileError.bytesText(limit)), the most accepted"
        case .closedPipe: return "the reader closed the pipe; output lost"
        case .notText: return "not a text file (it sent a NUL byte)"
        case let .system(_, message): return message
        }
    }
}

extension FileError: CustomStringConvertible {
    /// `1024` as `1 KiB`, `512 << 20` as `512 MiB`; other counts in bytes.
    static func bytesText(_ count: Int) -> String {
        for (shift, unit) in [(30, "GiB"), (20, "MiB"), (10, "KiB")] where count >= 1 << shift && count % (1 << shift) == 0 {
            return "\(count >> shift) \(unit)"
        }
        return "\(count) bytes"
    }

    /// `path: message`, e.g. `out/run.csv: directory 'out' does not exist`.
    public var description: String { "\(path): \(message)" }
}
