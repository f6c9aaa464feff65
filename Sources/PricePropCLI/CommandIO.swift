#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import PriceProp

/// Where a command writes: standard output for results, standard error for diagnostics.
///
/// The real entry point uses ``standard()``; tests pass ``TextBuffer``s and read what was written.
struct CommandIO {
    var out: any TextOutputStream
    var err: any TextOutputStream

    init(out: any TextOutputStream, err: any TextOutputStream) {
        self.out = out
        self.err = err
    }

    /// Buffered streams on file descriptors 1 and 2; call ``flush()`` before exiting.
    static func standard() -> CommandIO {
        CommandIO(out: FileDescriptorStream(descriptor: 1), err: FileDescriptorStream(descriptor: 2))
    }

    /// Writes `text` and a newline to standard output.
    mutating func print(_ text: String) {
        out.write(text)
        out.write("\n")
    }

    /// Writes `priceprop: error: message` to standard error.
    mutating func error(_ message: String) {
        err.write("\(CommandLineTool.name): error: \(MessageText.line(message))\n")
    }

    /// Writes `priceprop: warning: message` to standard error.
    mutating func warning(_ message: String) {
        err.write("\(CommandLineTool.name): warning: \(MessageText.line(message))\n")
    }

    /// Writes a usage error and its hint to standard error and returns ``ExitCode/usage``.
    mutating func report(_ usage: UsageError) -> Int32 {
        error(usage.message)
        err.write(usage.hint + "\n")
        return ExitCode.usage
    }

    /// Writes `text` to standard output when `path` is `-`, else atomically to the file; on failure reports
    /// the error and returns ``ExitCode/fileIO``, on success `nil`.
    mutating func write(_ text: String, toPath path: String) -> Int32? {
        if AtomicFile.isStandardOutput(path) {
            out.write(text)
            return nil
        }
        do throws(FileError) {
            try AtomicFile.write(text, to: path, waitForReader: Interruption.waitingIndefinitely)
            return nil
        } catch {
            self.error(error.description)
            return ExitCode.fileIO
        }
    }

    /// Flushes buffered standard streams; does nothing for other sinks.
    func flush() {
        (out as? FileDescriptorStream)?.flush()
        (err as? FileDescriptorStream)?.flush()
    }

    /// Whether writing to standard output has failed (full disk, closed pipe), so long work can stop early.
    var outputFailed: Bool { (out as? FileDescriptorStream)?.failure != nil }

    /// Flushes, and when anything written to standard output was lost reports it and returns
    /// ``ExitCode/fileIO`` in place of `status`: one line, or nothing for a pipe its reader closed (as after
    /// `| head`), where the exit status alone says that output was lost.
    mutating func finish(status: Int32) -> Int32 {
        flush()
        guard let code = (out as? FileDescriptorStream)?.failure else { return status }
        if code != EPIPE {
            error("standard output: \(FileError(path: "-", reason: .fromErrno(code, directory: false)).message)")
            flush()
        }
        return ExitCode.fileIO
    }
}

/// A text sink that keeps everything written, for running commands in tests.
final class TextBuffer: TextOutputStream {
    private(set) var text = ""
    init() {}
    func write(_ string: String) { text += string }
}

/// A buffered UTF-8 stream on a POSIX file descriptor; flushes at 64 KiB, on ``flush()`` and when released.
///
/// The first failed write is kept in ``failure`` (its `errno`) and everything after it is dropped, so a
/// full disk or a closed pipe is noticed and reported rather than lost silently.
final class FileDescriptorStream: TextOutputStream {
    let descriptor: Int32
    private var buffer: [UInt8] = []
    /// The `errno` of the first write that failed (`ENOSPC` when a write made no progress).
    private(set) var failure: Int32?

    init(descriptor: Int32) {
        self.descriptor = descriptor
        buffer.reserveCapacity(1 << 16)
    }

    deinit { flush() }

    func write(_ string: String) {
        guard failure == nil else { return }
        buffer.append(contentsOf: string.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    func flush() {
        var offset = 0
        while failure == nil, offset < buffer.count {
            let written = buffer[offset...].withUnsafeBytes { systemWrite(descriptor, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            if written < 0 { failure = errno } else if written == 0 { failure = ENOSPC } else { offset += written }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

#if canImport(Glibc)
private let systemWrite = Glibc.write
#elseif canImport(Musl)
private let systemWrite = Musl.write
#elseif canImport(Darwin)
private let systemWrite = Darwin.write
#endif
