#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension AtomicFile {
    /// A file written piece by piece, still atomically: pieces go to a hidden temporary file next to the
    /// destination (next to a symbolic link's target), and only ``commit()`` moves it into place. Dropping the
    /// stream without committing removes the temporary file and leaves the destination untouched. A device or
    /// FIFO is written in place instead (nothing to rename, nothing to remove).
    ///
    /// It is a class because it owns an open file: one writer, one temporary file.
    public final class Stream {
        public let path: String
        /// The temporary file, `nil` when writing a device or FIFO in place.
        private let temporary: String?
        private let registration: TemporaryFiles.Registration?
        private var descriptor: Int32
        private var buffer: [UInt8] = []

        /// Opens the temporary file for `path` (or `path` itself when it is a device or FIFO).
        ///
        /// Opening a FIFO for writing waits until a process opens it for reading, which may be never; so
        /// when no reader is there yet, the waiting open is handed to `waitForReader` to run, and a caller
        /// that holds signals back while it keeps results can let them end the process during the wait.
        public init(path: String, waitForReader: (() -> Int32) -> Int32 = { $0() }) throws(FileError) {
            self.path = path
            let destination = try AtomicFile.destination(path)
            if destination.isSpecial {
                temporary = nil
                registration = nil
                // Without a reader a non-blocking open fails with ENXIO at once instead of waiting.
                descriptor = open(destination.path, O_WRONLY | O_CLOEXEC | O_NONBLOCK)
                if descriptor < 0, errno == ENXIO {
                    descriptor = waitForReader { open(destination.path, O_WRONLY | O_CLOEXEC) }
                } else if descriptor >= 0 {
                    // Writes then wait for a slow reader rather than failing with EAGAIN.
                    _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
                }
                guard descriptor >= 0 else { throw FileError(path: path, reason: .fromErrno(errno, directory: false)) }
            } else {
                AtomicFile.removeStaleTemporaries(for: destination.path)
                let temporary = AtomicFile.temporaryPath(for: destination.path)
                // Registered before it exists, so no moment leaves a file a signal handler does not know about.
                registration = TemporaryFiles.register(temporary)
                descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
                guard descriptor >= 0 else {
                    let failure = errno
                    TemporaryFiles.unregister(registration)
                    throw FileError(path: path, reason: .fromErrno(failure, directory: true))
                }
                if let mode = destination.mode { fchmod(descriptor, mode) }
                self.temporary = temporary
                self.destinationPath = destination.path
            }
            buffer.reserveCapacity(1 << 16)
        }

        /// Where the temporary file is renamed to: the destination with links followed.
        private var destinationPath = ""

        /// Appends `text` as UTF-8 (buffered).
        public func write(_ text: String) throws(FileError) {
            buffer.append(contentsOf: text.utf8)
            if buffer.count >= 1 << 16 { try flush() }
        }

        /// Appends `bytes` (buffered).
        public func write(bytes: [UInt8]) throws(FileError) {
            buffer.append(contentsOf: bytes)
            if buffer.count >= 1 << 16 { try flush() }
        }

        /// Writes the buffer to the temporary file, fsyncs it and renames it over the destination; for a
        /// device or FIFO, writes the buffer and closes it.
        public func commit() throws(FileError) {
            guard descriptor >= 0 else { return }
            try flush()
            guard let temporary else {
                let closed = close(descriptor) == 0
                let failure = errno
                descriptor = -1
                if !closed, failure != EINTR { throw FileError(path: path, reason: .fromErrno(failure, directory: false)) }
                return
            }
            let synced = fsync(descriptor) == 0
            var failure = errno
            let closed = close(descriptor) == 0
            if synced, !closed { failure = errno }
            descriptor = -1
            guard synced, closed else {
                remove(temporary)
                throw FileError(path: path, reason: .fromErrno(failure, directory: false))
            }
            guard rename(temporary, destinationPath) == 0 else {
                let failure = errno
                remove(temporary)
                throw FileError(path: path, reason: .fromErrno(failure, directory: false))
            }
            TemporaryFiles.unregister(registration)
        }

        /// Abandons the file: the temporary is removed and the destination untouched.
        public func discard() {
            guard descriptor >= 0 else { return }
            close(descriptor)
            descriptor = -1
            if let temporary { remove(temporary) }
        }

        deinit { discard() }

        private func remove(_ temporary: String) {
            unlink(temporary)
            TemporaryFiles.unregister(registration)
        }

        private func flush() throws(FileError) {
            guard descriptor >= 0 else { return }
            var offset = 0
            while offset < buffer.count {
                let written = buffer[offset...].withUnsafeBytes { AtomicFile.systemWrite(descriptor, $0.baseAddress, $0.count) }
                if written < 0 {
                    if errno == EINTR { continue }
                    let failure = errno
                    discard()
                    throw FileError(path: path, reason: .fromErrno(failure, directory: false))
                }
                if written == 0 {
                    discard()
                    throw FileError(path: path, reason: .noSpace)
                }
                offset += written
            }
            buffer.removeAll(keepingCapacity: true)
        }
    }
}
